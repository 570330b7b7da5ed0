// State through refinement, coarsening and repartitioning (issue 5).
// Independent expectations:
//  - a field inside the FE space moves exactly (to round-off): the
//    Gauss-point field of degree 2 (3 x 3 points, the history of a Q2
//    mechanics) holding a polynomial of degree 2 per direction, the Q2
//    displacement holding a quadratic, the Q1 free volume holding a
//    bilinear function: refining a patch of cells, then coarsening it
//    back, reproduces the polynomial at every Gauss point / node;
//  - a smooth field that is not in the space loses accuracy on coarsening
//    as the projection theory says: coarsening L2-projects onto the
//    parent's polynomials of degree p = 2, whose error is led by the
//    Legendre polynomial of degree p + 1, zero at the p + 1 Gauss points;
//    so at the Gauss points the error of sin(3x) cos(2y) falls as
//    h^(p+2) = h^4 (rate within 0.3 of 4), one order better than in L2;
//  - interpolation makes no new extrema of the free volume: a sharp bump
//    (Q2, which overshoots) stays within its range after refinement;
//  - on 1 and 2 ranks, with repartitioning after every change.
#include <deal.II/base/function_lib.h>
#include <deal.II/base/function_parser.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/numerics/vector_tools.h>

#include <rejuv/fields/free_volume_field.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/fields/quadrature_field.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/material/von_mises.h>
#include <rejuv/mechanics/mechanics.h>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <sstream>

#include "mechanics_test_tools.h"

using namespace dealii;
using namespace Rejuv;

namespace
{
  using Field2 = std::function<double(const Point<2> &)>;

  void
  make_mesh(parallel::distributed::Triangulation<2> &tria,
            const unsigned int                       refinements)
  {
    GridGenerator::subdivided_hyper_rectangle(tria,
                                              {2, 1},
                                              Point<2>(0, 0),
                                              Point<2>(2, 1));
    tria.refine_global(refinements);
  }

  /// Flag the cells whose centre lies in the disc around (0.7, 0.4).
  void
  flag_patch(parallel::distributed::Triangulation<2> &tria, const bool refine)
  {
    for (const auto &cell : tria.active_cell_iterators())
      if (refine && cell->is_locally_owned() &&
          cell->center().distance(Point<2>(0.7, 0.4)) < 0.3)
        {
          if (refine)
            cell->set_refine_flag();
        }
    // back: the families made above (all children of a parent in the disc)
    if (!refine)
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned() && cell->level() > 0 &&
            cell->parent()->center().distance(Point<2>(0.7, 0.4)) < 0.3)
          cell->set_coarsen_flag();
  }

  /// f at the Gauss points of every owned cell, (c + 1) f in component c.
  void
  fill(QuadratureField<2> &field, const Field2 &f)
  {
    const QGauss<2>     q(3);
    MappingQ<2>         mapping(1);
    FE_Q<2>             fe(1);
    FEValues<2>         values(mapping, fe, q, update_quadrature_points);
    const unsigned int  nc = field.n_components();
    std::vector<double> v(q.size() * nc);
    for (const auto &cell :
         field.get_dof_handler().get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          values.reinit(cell);
          // component c holds (c + 1) f
          for (unsigned int k = 0; k < q.size(); ++k)
            for (unsigned int c = 0; c < nc; ++c)
              v[k * nc + c] = (c + 1) * f(values.quadrature_point(k));
          field.set(cell, v.data());
        }
  }

  /// max |field_c/(c + 1) - f| over the Gauss points and components.
  double
  max_error(const QuadratureField<2> &field, const Field2 &f)
  {
    const QGauss<2>     q(3);
    MappingQ<2>         mapping(1);
    FE_Q<2>             fe(1);
    FEValues<2>         values(mapping, fe, q, update_quadrature_points);
    const unsigned int  nc = field.n_components();
    std::vector<double> v(q.size() * nc);
    double              e = 0;
    for (const auto &cell :
         field.get_dof_handler().get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          values.reinit(cell);
          field.get(cell, v.data());
          for (unsigned int k = 0; k < q.size(); ++k)
            for (unsigned int c = 0; c < nc; ++c)
              e = std::max(e,
                           std::abs(v[k * nc + c] -
                                    (c + 1) * f(values.quadrature_point(k))) /
                             (c + 1));
        }
    return Utilities::MPI::max(e, MPI_COMM_WORLD);
  }

  void
  change_mesh(parallel::distributed::Triangulation<2>  &tria,
              const bool                                refine,
              const std::vector<std::function<void()>> &prepare,
              const std::vector<std::function<void()>> &finish)
  {
    flag_patch(tria, refine);
    tria.prepare_coarsening_and_refinement();
    for (const auto &p : prepare)
      p();
    tria.execute_coarsening_and_refinement();
    for (const auto &f : finish)
      f();
  }
  /// A TimerOutput that prints nothing.
  struct QuietTimer
  {
    std::ostringstream sink;
    ConditionalOStream pout{sink, false};
    TimerOutput        timer{pout, TimerOutput::never, TimerOutput::wall_times};
  };

  ElasticityParameters
  glass()
  {
    ElasticityParameters e;
    e.youngs_modulus = 96e9;
    e.poissons_ratio = 0.36;
    return e;
  }

  FreeVolumeParameters
  no_diffusion()
  {
    FreeVolumeParameters fv;
    fv.internal_length          = 0;
    fv.diffusion_time           = 1;
    fv.staggered_tolerance      = 1e-8;
    fv.max_staggered_iterations = 10;
    return fv;
  }

  /// xi = 0.05 + @p expression on the 2 x 1 rectangle.
  void
  set_free_volume(FreeVolumeField<2> &xi, const std::string &expression)
  {
    ParameterHandler prm;
    InitialFreeVolumeParameters::declare_parameters(prm);
    InitialFreeVolumeParameters p;
    p.parse_parameters(prm, 2);
    p.value      = 0.05;
    p.expression = expression;
    SpecimenParameters specimen{};
    specimen.specimen = "rectangle";
    specimen.width    = 2;
    specimen.height   = 1;
    xi.set_initial_values(InitialFreeVolume<2>(p, specimen));
  }
} // namespace

TEST(MeshTransferParallel, GaussPointFieldIsExactForItsPolynomials)
{
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_mesh(tria, 3);
  QuadratureField<2> field(tria, 3, {"f", "g"});
  field.reinit();
  const Field2 p = [](const Point<2> &x) {
    return 1 + 3 * x[0] * x[1] - x[1] * x[1] + x[0] * x[0] * x[1] * x[1];
  };
  fill(field, p);
  const unsigned int cells = tria.n_global_active_cells();
  for (const bool refine : {true, false})
    {
      change_mesh(tria,
                  refine,
                  {[&]() { field.prepare_for_mesh_change(); }},
                  {[&]() { field.finish_mesh_change(); }});
      EXPECT_LT(max_error(field, p), 1e-12) << (refine ? "refined" : "back");
    }
  EXPECT_EQ(tria.n_global_active_cells(), cells); // really back
}

TEST(MeshTransferParallel, CoarseningConvergesAtTheProjectionRate)
{
  const Field2 f = [](const Point<2> &x) {
    return std::sin(3 * x[0]) * std::cos(2 * x[1]);
  };
  std::vector<double> errors;
  for (const unsigned int n : {3u, 4u, 5u})
    {
      parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
      make_mesh(tria, n);
      QuadratureField<2> field(tria, 3, {"f"});
      field.reinit();
      fill(field, f);
      field.prepare_for_mesh_change();
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          cell->set_coarsen_flag();
      tria.execute_coarsening_and_refinement();
      field.finish_mesh_change();
      errors.push_back(max_error(field, f));
    }
  for (unsigned int i = 1; i < errors.size(); ++i)
    {
      const double rate = std::log2(errors[i - 1] / errors[i]);
      EXPECT_NEAR(rate, 4.0, 0.3) << errors[i - 1] << " " << errors[i];
    }
}

TEST(MeshTransferParallel, DisplacementAndFreeVolumeMoveExactly)
{
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_mesh(tria, 2);
  QuietTimer     quiet;
  auto          &timer = quiet.timer;
  const VonMises model(glass(), 1.85e9, 0);
  Mechanics<2>   mechanics(tria,
                         2,
                         model,
                         Testing::linear_solver(1e-10),
                         Testing::newton(10, 1e-10, 0),
                         timer);
  mechanics.setup();
  // quadratic: in Q2
  const FunctionParser<2> u("1e-3*x*x + 2e-3*x*y; -1e-3*y*y + 5e-4*x");
  mechanics.interpolate_displacement(u);

  FreeVolumeField<2> xi(tria, 1, no_diffusion(), model, timer);
  xi.setup();
  set_free_volume(xi, "0.002*x*y - 0.001*x"); // bilinear: in Q1
  const FunctionParser<2> xi_exact("0.05 + 0.002*x*y - 0.001*x");

  auto errors = [&]() {
    const MappingQ<2> mapping(2);
    Vector<double>    cell_errors(tria.n_active_cells());
    VectorTools::integrate_difference(mapping,
                                      mechanics.get_dof_handler(),
                                      mechanics.get_solution(),
                                      u,
                                      cell_errors,
                                      QGauss<2>(4),
                                      VectorTools::Linfty_norm);
    const double e_u =
      VectorTools::compute_global_error(tria,
                                        cell_errors,
                                        VectorTools::Linfty_norm);
    VectorTools::integrate_difference(mapping,
                                      xi.get_dof_handler(),
                                      xi.get_solution(),
                                      xi_exact,
                                      cell_errors,
                                      QGauss<2>(4),
                                      VectorTools::Linfty_norm);
    const double e_xi =
      VectorTools::compute_global_error(tria,
                                        cell_errors,
                                        VectorTools::Linfty_norm);
    return std::make_pair(e_u, e_xi);
  };
  for (const bool refine : {true, false})
    {
      change_mesh(tria,
                  refine,
                  {[&]() { mechanics.prepare_for_mesh_change(); },
                   [&]() { xi.prepare_for_mesh_change(); }},
                  {[&]() { mechanics.finish_mesh_change(); },
                   [&]() { xi.finish_mesh_change(); }});
      const auto [e_u, e_xi] = errors();
      EXPECT_LT(e_u, 1e-15) << (refine ? "refined" : "back");
      EXPECT_LT(e_xi, 1e-15) << (refine ? "refined" : "back");
      // the initial field moves with it
      double d = 0;
      for (const auto i : xi.get_dof_handler().locally_owned_dofs())
        d = std::max(d,
                     std::abs(double(xi.get_initial_solution()(i)) -
                              double(xi.get_solution()(i))));
      EXPECT_LT(Utilities::MPI::max(d, MPI_COMM_WORLD), 1e-15);
    }
}

TEST(MeshTransferParallel, FreeVolumeGetsNoNewExtrema)
{
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_mesh(tria, 2);
  QuietTimer         quiet;
  auto              &timer = quiet.timer;
  const VonMises     model(glass(), 1.85e9, 0);
  FreeVolumeField<2> xi(tria, 2, no_diffusion(), model, timer);
  xi.setup();
  // a step much sharper than the cells: Q2 interpolation overshoots
  set_free_volume(xi, "x < 0.74 ? 0 : 0.02");
  // extremes of the nodal values
  auto range = [&]() {
    double lo = 1, hi = -1;
    for (const auto i : xi.get_dof_handler().locally_owned_dofs())
      {
        lo = std::min(lo, double(xi.get_solution()(i)));
        hi = std::max(hi, double(xi.get_solution()(i)));
      }
    return std::make_pair(Utilities::MPI::min(lo, MPI_COMM_WORLD),
                          Utilities::MPI::max(hi, MPI_COMM_WORLD));
  };
  const auto before = range();
  change_mesh(tria, true, {[&]() { xi.prepare_for_mesh_change(); }}, {[&]() {
                xi.finish_mesh_change();
              }});
  const auto after = range();
  EXPECT_GE(after.first, before.first - 1e-15);
  EXPECT_LE(after.second, before.second + 1e-15);
}
