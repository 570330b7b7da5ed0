// An elastic-plastic boundary-value problem with analytical solutions: a
// thick-walled cylinder (inner radius a, outer b, plane strain) expanded by
// a prescribed radial displacement of its inner surface, J2 perfect
// plasticity (von_mises), the production Mechanics class on a quarter ring
// with symmetry conditions. Independent expectations:
//  - elastic range (Lame): the pressure needed for an inner displacement
//    delta is p = delta E (b^2 - a^2) / ((1 + nu) a ((1 - 2 nu) a^2 + b^2)),
//    to 1e-4;
//  - plastic collapse (limit analysis, exact for von Mises in plane strain
//    and independent of the elastic constants): the pressure saturates at
//    p_L = (2/sqrt(3)) sigma_y ln(b/a); the last pressures lie within
//    0.5 % of p_L and never above it by more than 0.5 %.
// The pressure is measured by the x-force that the symmetry plane x = 0
// carries, which balances the x-force p a of the pressure on the inner arc
// (the reaction on the inner arc itself would include the symmetry
// support at its corner node, an O(h) error of 1.7 % here).
#include <deal.II/base/function.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/grid_generator.h>

#include <rejuv/material/von_mises.h>
#include <rejuv/mechanics/mechanics.h>

#include <gtest/gtest.h>

#include <cmath>

#include "mechanics_test_tools.h"

using namespace dealii;
using namespace Rejuv;

namespace
{
  constexpr double a = 1e-3, b = 2e-3, E = 96e9, nu = 0.36, sigma_y = 1.85e9;

  /// Radial displacement increment delta (x, y)/r.
  class RadialIncrement : public Function<2>
  {
  public:
    explicit RadialIncrement(const double delta)
      : Function<2>(2)
      , delta(delta)
    {}
    double
    value(const Point<2> &x, const unsigned int c) const override
    {
      return delta * x[c] / x.norm();
    }

  private:
    const double delta;
  };

  enum Boundary : types::boundary_id
  {
    inner = 10,
    outer,
    x_symmetry, // the edge on x = 0
    y_symmetry  // the edge on y = 0
  };
} // namespace

TEST(ThickCylinderParallel, LameElasticSlopeAndPlasticLimitPressure)
{
  ElasticityParameters elasticity;
  elasticity.youngs_modulus = E;
  elasticity.poissons_ratio = nu;
  const VonMises material(elasticity, sigma_y, 0);

  const LinearSolverParameters    linear = Testing::linear_solver(1e-10);
  const NonlinearSolverParameters newton = Testing::newton(30, 1e-9, 1e-6);

  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  GridGenerator::quarter_hyper_shell(tria, Point<2>(), a, b, 0, false);
  for (const auto &cell : tria.active_cell_iterators())
    for (const auto &face : cell->face_iterators())
      if (face->at_boundary())
        {
          const Point<2> c = face->center();
          if (std::abs(c[0]) < 1e-12)
            face->set_boundary_id(x_symmetry);
          else if (std::abs(c[1]) < 1e-12)
            face->set_boundary_id(y_symmetry);
          else
            face->set_boundary_id(c.norm() < 0.5 * (a + b) ? inner : outer);
        }
  tria.refine_global(3);

  TimerOutput  timer(MPI_COMM_WORLD,
                    std::cout,
                    TimerOutput::never,
                    TimerOutput::wall_times);
  Mechanics<2> mechanics(tria, 2, material, linear, newton, timer);
  mechanics.set_reaction_boundary(x_symmetry);

  const double p_elastic_per_delta =
    E * (b * b - a * a) / ((1 + nu) * a * ((1 - 2 * nu) * a * a + b * b));
  const double p_limit = 2 / std::sqrt(3.0) * sigma_y * std::log(b / a);
  // delta at which the inner surface yields (Lame), then 8x beyond it
  const double       delta_yield = 0.5 * p_limit / p_elastic_per_delta;
  const unsigned int n_steps     = 20;
  const double       step        = 8 * delta_yield / n_steps;

  auto set_increment = [&](const double d) {
    mechanics.set_boundary_conditions(
      {{inner, std::make_shared<RadialIncrement>(d), ComponentMask(2, true)},
       {x_symmetry,
        std::make_shared<Functions::ZeroFunction<2>>(2),
        ComponentMask(std::vector<bool>{true, false})},
       {y_symmetry,
        std::make_shared<Functions::ZeroFunction<2>>(2),
        ComponentMask(std::vector<bool>{false, true})}},
      {});
  };
  set_increment(step);
  mechanics.setup();

  std::vector<double> pressure;
  for (unsigned int n = 1; n <= n_steps; ++n)
    {
      // the first step is elastic: a quarter of the yield displacement
      const double d = (n == 1) ? 0.25 * delta_yield : step;
      set_increment(d);
      mechanics.solve_step(1.0);
      mechanics.commit();
      // the internal force at the plane's nodes is -p a in x: the plane
      // holds the quarter back against the pressure
      pressure.push_back(-mechanics.reaction_force()[0] / a);
      if (n == 1)
        {
          EXPECT_NEAR(pressure[0],
                      p_elastic_per_delta * 0.25 * delta_yield,
                      1e-4 * pressure[0]);
        }
    }
  for (unsigned int n = n_steps - 3; n < n_steps; ++n)
    EXPECT_NEAR(pressure[n], p_limit, 0.005 * p_limit)
      << "step " << n + 1 << " of " << n_steps;
  for (const double p : pressure)
    EXPECT_LT(p, 1.005 * p_limit);
}
