#include <rejuv/material/linear_elastic.h>

#include <cmath>

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
        out.effective_shear_stress[q] =
          std::sqrt(0.5 * (deviator(out.stress[q]) * deviator(out.stress[q])));
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
