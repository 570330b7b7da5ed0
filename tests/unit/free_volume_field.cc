// The free-volume FE field (MODEL.md section 5) on a distributed mesh.
// Independent expectations:
//  - pure annihilation at zero stress (spaepen): the exact solution of
//    dxi/dt = -k exp(-1/xi), k = A/(alpha_g n_D), is
//    xi e^{1/xi} - Ei(1/xi) = [same at xi_0] - k t (std::expint is Ei),
//    solved here by bisection; backward Euler converges to it at first
//    order and is within 1 % of the free-volume change with 200 steps;
//  - diffusion conserves the mean free volume (no-flux boundary) while it
//    smooths a bump: the integral stays at its initial value to 1e-10 and
//    the maximum decreases.
#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/grid_generator.h>

#include <rejuv/fields/free_volume_field.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/material/free_volume_model.h>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace dealii;
using namespace Rejuv;

namespace
{
  std::unique_ptr<FreeVolumeModel>
  spaepen_model(const double dG_eV)
  {
    ParameterHandler prm;
    FreeVolumeModel::Parameters::declare_parameters(prm);
    prm.enter_subsection("Free volume model");
    prm.set("Free volume evolution", "spaepen");
    prm.set("Calibrate activation energy", "false");
    prm.set("Activation energy", std::to_string(dG_eV));
    prm.leave_subsection();
    FreeVolumeModel::Parameters p;
    p.parse_parameters(prm);
    ElasticityParameters e;
    e.youngs_modulus = 96e9;
    e.poissons_ratio = 0.36;
    return std::make_unique<FreeVolumeModel>(e, p);
  }

  FreeVolumeParameters
  field_parameters(const double length)
  {
    FreeVolumeParameters p;
    p.internal_length          = length;
    p.diffusion_time           = 1;
    p.staggered_tolerance      = 1e-8;
    p.max_staggered_iterations = 10;
    return p;
  }

  /// xi_0 = 0.05 plus a Gaussian bump of @p amplitude at (0.5, 0.5).
  InitialFreeVolumeParameters
  initial_parameters(const double amplitude)
  {
    ParameterHandler prm;
    InitialFreeVolumeParameters::declare_parameters(prm);
    InitialFreeVolumeParameters p;
    p.parse_parameters(prm, 2);
    p.value                  = 0.05;
    p.perturbation_amplitude = amplitude;
    p.perturbation_radius    = 0.2;
    p.perturbation_center    = {{0.5, 0.5, 0}};
    return p;
  }

  void
  set_initial_values(FreeVolumeField<2> &field, const double amplitude)
  {
    const InitialFreeVolumeParameters p = initial_parameters(amplitude);
    SpecimenParameters                specimen{};
    specimen.specimen = "rectangle";
    field.set_initial_values(InitialFreeVolume<2>(p, specimen));
  }

  /// xi(t) of pure annihilation from the exact implicit solution.
  double
  exact_annihilation(const double xi_0, const double k, const double t)
  {
    auto F = [](const double xi) {
      return xi * std::exp(1 / xi) - std::expint(1 / xi);
    };
    const double target = F(xi_0) - k * t;
    double       lo = 0.01, hi = xi_0; // F increases with xi
    for (int i = 0; i < 200; ++i)
      {
        const double mid            = 0.5 * (lo + hi);
        (F(mid) > target ? hi : lo) = mid;
      }
    return 0.5 * (lo + hi);
  }

  /// Mean xi after n_steps of pure annihilation up to t_end.
  double
  simulate_annihilation(const FreeVolumeModel &model,
                        const double           t_end,
                        const unsigned int     n_steps)
  {
    parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
    GridGenerator::hyper_cube(tria);
    tria.refine_global(2);
    std::ostringstream sink;
    ConditionalOStream pout(sink, false);
    TimerOutput        timer(pout, TimerOutput::never, TimerOutput::wall_times);
    FreeVolumeField<2> field(tria, 1, field_parameters(0), model, timer);
    QuadratureField<2> flow(tria, 2, {"rate", "tau"}); // zero stress
    field.setup();
    flow.reinit();
    set_initial_values(field, 0);
    for (unsigned int n = 0; n < n_steps; ++n)
      {
        field.solve(t_end / n_steps, flow);
        field.commit();
      }
    return field.integrals()[0]; // unit square: integral = mean
  }
} // namespace

TEST(FreeVolumeField, AnnihilationAtRestMatchesTheExponentialIntegral)
{
  const double dG    = 0.35; // eV: annihilation within a fraction of a second
  const auto   model = spaepen_model(dG);
  const double kT    = 1.380649e-23 * 300;
  const double A     = 1e13 * std::exp(-dG * 1.602176634e-19 / kT);
  const double k     = A / (0.15 * 3);
  const double t_end = 0.5;
  const double exact = exact_annihilation(0.05, k, t_end);
  ASSERT_LT(exact, 0.049); // a visible change
  const double e100 =
    std::abs(simulate_annihilation(*model, t_end, 100) - exact);
  const double e200 =
    std::abs(simulate_annihilation(*model, t_end, 200) - exact);
  EXPECT_LT(e200, 0.01 * (0.05 - exact));
  EXPECT_GT(e100 / e200, 1.7) << "backward Euler must converge at first order";
  EXPECT_LT(e100 / e200, 2.3);
}

TEST(FreeVolumeField, DiffusionConservesTheMeanAndSmoothsParallel)
{
  // No plastic flow, no annihilation (strain_driven at rest): diffusion only.
  ParameterHandler prm;
  FreeVolumeModel::Parameters::declare_parameters(prm);
  FreeVolumeModel::Parameters p;
  p.parse_parameters(prm);
  ElasticityParameters e;
  e.youngs_modulus = 96e9;
  e.poissons_ratio = 0.36;
  const FreeVolumeModel model(e, p);

  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  GridGenerator::hyper_cube(tria);
  tria.refine_global(4);
  std::ostringstream sink;
  ConditionalOStream pout(sink, false);
  TimerOutput        timer(pout, TimerOutput::never, TimerOutput::wall_times);
  FreeVolumeField<2> field(tria, 1, field_parameters(0.1), model, timer);
  QuadratureField<2> flow(tria, 2, {"rate", "tau"});
  field.setup();
  flow.reinit();
  set_initial_values(field, 0.01);
  const auto before = field.integrals();
  for (unsigned int n = 0; n < 5; ++n)
    {
      field.solve(0.2, flow);
      field.commit();
    }
  const auto after = field.integrals();
  EXPECT_NEAR(after[0], before[0], 1e-10 * before[0]);
  EXPECT_LT(after[2], before[2] - 1e-3);
  EXPECT_GT(after[1], before[1]);
}
