// Linear elasticity (MODEL.md section 2).
// Independent expectations:
//  - uniaxial stress: the strain (e, -nu e, -nu e) gives sigma_xx = E e and
//    zero lateral stress (Hooke's law written with E and nu, not Lame);
//  - the tangent equals the central finite difference of the stress,
//    relative error < 1e-6;
//  - invalid E and nu are rejected with the entry named.
#include <deal.II/base/parameter_handler.h>

#include <rejuv/base/input_error.h>
#include <rejuv/material/linear_elastic.h>

#include <gtest/gtest.h>

#include "material_test_tools.h"

using namespace dealii;
using namespace Rejuv;

namespace
{
  ElasticityParameters
  vit1()
  {
    ElasticityParameters e;
    e.youngs_modulus = 96e9;
    e.poissons_ratio = 0.36;
    return e;
  }
} // namespace

TEST(LinearElastic, UniaxialStressFromHookesLaw)
{
  const auto      e = vit1();
  LinearElastic   model(e);
  MaterialInputs  in(1, 0);
  MaterialOutputs out(1, 0);
  const double    eps = -1e-3;
  in.strain[0][0][0]  = eps;
  in.strain[0][1][1]  = -e.poissons_ratio * eps;
  in.strain[0][2][2]  = -e.poissons_ratio * eps;
  model.evaluate(in, out);
  EXPECT_NEAR(out.stress[0][0][0], e.youngs_modulus * eps, 1e-9 * 96e9 * 1e-3);
  EXPECT_NEAR(out.stress[0][1][1], 0.0, 1e-9 * 96e9 * 1e-3);
  EXPECT_NEAR(out.stress[0][2][2], 0.0, 1e-9 * 96e9 * 1e-3);
  // Pure shear: sigma_xy = 2 mu eps_xy with mu = E / (2 (1 + nu)).
  in.strain[0]       = 0;
  in.strain[0][0][1] = 1e-3;
  model.evaluate(in, out);
  EXPECT_NEAR(out.stress[0][0][1], 96e9 / (1.36) * 1e-3, 1e-6);
}

TEST(LinearElastic, TangentMatchesFiniteDifferences)
{
  LinearElastic  model(vit1());
  MaterialInputs in(1, 0);
  in.strain[0][0][0] = -2e-3;
  in.strain[0][1][2] = 5e-4;
  EXPECT_LT(tangent_fd_relative_error(model, in, 1e-7), 1e-6);
}

TEST(LinearElastic, RejectsInvalidModuli)
{
  ParameterHandler prm;
  ElasticityParameters::declare_parameters(prm);
  ElasticityParameters p;
  prm.enter_subsection("Elasticity");
  prm.set("Young's modulus", "0");
  prm.leave_subsection();
  try
    {
      p.parse_parameters(prm);
      FAIL() << "E = 0 accepted";
    }
  catch (const InputError &e)
    {
      EXPECT_NE(std::string(e.what()).find("Elasticity/Young's modulus"),
                std::string::npos);
    }
  prm.enter_subsection("Elasticity");
  prm.set("Young's modulus", "1e9");
  prm.set("Poisson's ratio", "0.5");
  prm.leave_subsection();
  EXPECT_THROW(p.parse_parameters(prm), InputError);
}
