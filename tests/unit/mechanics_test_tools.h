// Settings and measurements shared by the unit tests of the mechanics and
// the specimens.
#ifndef REJUV_TESTS_MECHANICS_TEST_TOOLS_H
#define REJUV_TESTS_MECHANICS_TEST_TOOLS_H

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/tria.h>

#include <rejuv/mechanics/linear_solver.h>
#include <rejuv/mechanics/mechanics.h>

namespace Rejuv::Testing
{
  /// CG + AMG with rigid-body modes to @p tolerance (relative).
  inline LinearSolverParameters
  linear_solver(const double tolerance)
  {
    LinearSolverParameters linear;
    linear.solver                = "cg";
    linear.relative_tolerance    = tolerance;
    linear.max_iterations        = 2000;
    linear.aggregation_threshold = 1e-4;
    linear.smoother_sweeps       = 2;
    linear.use_rigid_body_modes  = true;
    return linear;
  }

  /// Quiet Newton with the given iteration limit and tolerances.
  inline NonlinearSolverParameters
  newton(const unsigned int max_iterations,
         const double       relative_tolerance,
         const double       absolute_tolerance)
  {
    NonlinearSolverParameters newton;
    newton.max_iterations     = max_iterations;
    newton.relative_tolerance = relative_tolerance;
    newton.absolute_tolerance = absolute_tolerance;
    newton.verbose            = false;
    return newton;
  }

  /// Volume (area in 2D) of a distributed mesh with a MappingQ of the given
  /// degree, summed over all processes.
  template <int dim>
  double
  volume(const dealii::Triangulation<dim> &tria,
         const unsigned int                mapping_degree)
  {
    using namespace dealii;
    const MappingQ<dim> mapping(mapping_degree);
    FE_Q<dim>           fe(1);
    FEValues<dim> fe_values(mapping, fe, QGauss<dim>(4), update_JxW_values);
    double        v = 0;
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int q = 0; q < fe_values.n_quadrature_points; ++q)
            v += fe_values.JxW(q);
        }
    return Utilities::MPI::sum(v, tria.get_communicator());
  }
} // namespace Rejuv::Testing

#endif
