#include <rejuv/base/input_error.h>
#include <rejuv/material/elasticity.h>

#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  void
  ElasticityParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Elasticity");
    {
      prm.declare_entry("Young's modulus",
                        "96e9",
                        Patterns::Double(0),
                        "Young's modulus E [Pa], > 0. Default: Vit1-like "
                        "Zr-based glass.");
      prm.declare_entry("Poisson's ratio",
                        "0.36",
                        Patterns::Double(-1, 0.5),
                        "Poisson's ratio nu [-], strictly between -1 and 0.5.");
    }
    prm.leave_subsection();
  }

  void
  ElasticityParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Elasticity");
    {
      youngs_modulus = prm.get_double("Young's modulus");
      poissons_ratio = prm.get_double("Poisson's ratio");
    }
    prm.leave_subsection();
    std::ostringstream e, n;
    e << youngs_modulus;
    n << poissons_ratio;
    require(youngs_modulus > 0,
            "Elasticity/Young's modulus",
            "must be > 0 Pa, got " + e.str());
    require(poissons_ratio > -1 && poissons_ratio < 0.5,
            "Elasticity/Poisson's ratio",
            "must lie strictly between -1 and 0.5, got " + n.str());
  }

  double
  ElasticityParameters::lame_lambda() const
  {
    return youngs_modulus * poissons_ratio /
           ((1 + poissons_ratio) * (1 - 2 * poissons_ratio));
  }

  double
  ElasticityParameters::shear_modulus() const
  {
    return youngs_modulus / (2 * (1 + poissons_ratio));
  }

  double
  ElasticityParameters::bulk_modulus() const
  {
    return youngs_modulus / (3 * (1 - 2 * poissons_ratio));
  }

  SymmetricTensor<4, 3>
  ElasticityParameters::stiffness() const
  {
    return lame_lambda() * outer_product(unit_symmetric_tensor<3>(),
                                         unit_symmetric_tensor<3>()) +
           2 * shear_modulus() * identity_tensor<3>();
  }
} // namespace Rejuv
