#include <rejuv/material/linear_elastic.h>

namespace Rejuv
{
  using namespace dealii;

  LinearElastic::LinearElastic(const ElasticityParameters &elasticity)
    : stiffness(elasticity.stiffness())
  {}

  void
  LinearElastic::evaluate(const MaterialInputs &in, MaterialOutputs &out) const
  {
    for (unsigned int q = 0; q < in.n_points(); ++q)
      {
        out.stress[q]             = stiffness * in.strain[q];
        out.tangent[q]            = stiffness;
        out.plastic_shear_rate[q] = 0;
      }
  }

  namespace
  {
    const bool registered = MaterialRegistry::register_model(
      "linear_elastic",
      "isotropic linear elasticity with the parameters of subsection "
      "Elasticity; no history.",
      {},
      [](const ElasticityParameters &elasticity, ParameterHandler &) {
        return std::make_unique<LinearElastic>(elasticity);
      });
  } // namespace
} // namespace Rejuv
