#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>

#include <rejuv/base/input_error.h>
#include <rejuv/mechanics/linear_solver.h>

#include <algorithm>
#include <cmath>

#ifdef REJUV_WITH_PETSC
#  include <deal.II/lac/petsc_precondition.h>
#  include <deal.II/lac/petsc_solver.h>
#else
#  include <deal.II/lac/trilinos_precondition.h>
#  include <deal.II/lac/trilinos_solver.h>

#  include <Epetra_MultiVector.h>
#  include <Teuchos_ParameterList.hpp>
#endif

namespace Rejuv
{
  using namespace dealii;

  void
  LinearSolverParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Linear solver");
    {
      prm.declare_entry("Solver",
                        "auto",
                        Patterns::Selection("auto|cg|gmres|direct|gmg"),
                        "Krylov method for the displacement system with "
                        "algebraic multigrid (cg for symmetric tangents, "
                        "gmres for non-symmetric ones; auto picks by the "
                        "material model), a sparse direct solver (small "
                        "problems only), or gmg: cg with a matrix-free "
                        "geometric multigrid, no assembled matrix (a third "
                        "of the memory of cg and faster at 1e6 DoFs; "
                        "materials with a constant tangent only, i.e. "
                        "Material/Model = linear_elastic; polynomial "
                        "degree 1 or 2). The AMG entries below do not act "
                        "on gmg.");
      prm.declare_entry("Relative tolerance",
                        "1e-8",
                        Patterns::Double(0, 1),
                        "Stop when the residual norm has dropped by this "
                        "factor [-], in (0, 1).");
      prm.declare_entry("Maximum iterations",
                        "1000",
                        Patterns::Integer(1),
                        "Iteration limit of the Krylov method [-]; reaching "
                        "it fails the step, which is then cut.");
      prm.declare_entry("AMG aggregation threshold",
                        "1e-4",
                        Patterns::Double(0, 1),
                        "Strength-of-connection threshold of the smoothed "
                        "aggregation multigrid [-].");
      prm.declare_entry("AMG smoother sweeps",
                        "2",
                        Patterns::Integer(1, 10),
                        "Chebyshev smoother sweeps per level [-].");
      prm.declare_entry("AMG rebuild factor",
                        "1.5",
                        Patterns::Double(0, 100),
                        "Keep the multigrid hierarchy through Newton "
                        "iterations, staggered passes and steps (the Krylov "
                        "method always solves with the current matrix) and "
                        "rebuild it once a solve needs more than this factor "
                        "times the iterations per decade of residual "
                        "reduction of the first solve after the last build "
                        "[-], >= 1; 0 rebuilds it for every "
                        "Newton pass. Mesh changes, checkpoints and failed "
                        "solves always rebuild.");
      prm.declare_entry("Use rigid body modes",
                        "true",
                        Patterns::Bool(),
                        "Give the multigrid the translations and rotations "
                        "as near null space (recommended for elasticity); "
                        "otherwise only translations.");
    }
    prm.leave_subsection();
  }

  void
  LinearSolverParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Linear solver");
    {
      solver                = prm.get("Solver");
      relative_tolerance    = prm.get_double("Relative tolerance");
      max_iterations        = prm.get_integer("Maximum iterations");
      aggregation_threshold = prm.get_double("AMG aggregation threshold");
      smoother_sweeps       = prm.get_integer("AMG smoother sweeps");
      use_rigid_body_modes  = prm.get_bool("Use rigid body modes");
      amg_rebuild_factor    = prm.get_double("AMG rebuild factor");
    }
    prm.leave_subsection();
    require(relative_tolerance > 0,
            "Linear solver/Relative tolerance",
            "must be > 0");
    require(amg_rebuild_factor == 0 || amg_rebuild_factor >= 1,
            "Linear solver/AMG rebuild factor",
            "must be 0 (rebuild for every Newton pass) or >= 1");
  }

  template <int dim>
  struct LinearSolver<dim>::Data
  {
#ifdef REJUV_WITH_PETSC
    PETScWrappers::PreconditionBoomerAMG amg;
#else
    TrilinosWrappers::PreconditionAMG                 amg;
    std::unique_ptr<Epetra_MultiVector>               null_space;
#endif
    bool initialized = false;
    /// iterations per decade of residual reduction of the first solve after
    /// the last build (0: none yet) and of the last solve
    double reference_per_decade = 0;
    double last_per_decade      = 0;
  };

  template <int dim>
  LinearSolver<dim>::LinearSolver(const LinearSolverParameters &parameters,
                                  const bool symmetric_matrix)
    : parameters(parameters)
    , method(parameters.solver != "auto" ? parameters.solver :
             symmetric_matrix            ? "cg" :
                                           "gmres")
    , data(std::make_unique<Data>())
  {
    require(method != "cg" || symmetric_matrix,
            "Linear solver/Solver",
            "cg needs a symmetric tangent, and the chosen material model "
            "(with these options) has a non-symmetric one: use auto or gmres");
  }

  template <int dim>
  LinearSolver<dim>::~LinearSolver() = default;

  template <int dim>
  bool
  LinearSolver<dim>::is_initialized() const
  {
    return data->initialized;
  }

#ifndef REJUV_WITH_PETSC
  namespace
  {
    /**
     * Rigid-body modes of the displacement field at the support points of
     * the locally owned DoFs: dim translations and dim(dim-1)/2 rotations,
     * coordinates scaled by the mesh extent so all modes are O(1).
     */
    template <int dim>
    std::unique_ptr<Epetra_MultiVector>
    rigid_body_modes(const Mapping<dim>    &mapping,
                     const DoFHandler<dim> &dof_handler,
                     const Epetra_Map      &map)
    {
      const unsigned int n_modes = dim == 2 ? 3 : 6;
      auto modes = std::make_unique<Epetra_MultiVector>(map, n_modes, true);
      const auto                          &fe = dof_handler.get_fe();
      FEValues<dim>                        fe_values(mapping,
                              fe,
                              Quadrature<dim>(fe.get_unit_support_points()),
                              update_quadrature_points);
      std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());

      double extent = 0;
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int v : cell->vertex_indices())
            extent = std::max(extent, cell->vertex(v).norm());
      extent =
        std::max(Utilities::MPI::max(extent, dof_handler.get_communicator()),
                 std::numeric_limits<double>::min());

      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            cell->get_dof_indices(dofs);
            for (unsigned int i = 0; i < dofs.size(); ++i)
              {
                const int lid = map.LID(static_cast<int>(dofs[i]));
                if (lid < 0)
                  continue;
                const unsigned int c = fe.system_to_component_index(i).first;
                const Point<dim>  &x = fe_values.quadrature_point(i);
                (*modes)[c][lid]     = 1.0;
                if constexpr (dim == 2)
                  (*modes)[2][lid] = (c == 0 ? -x[1] : x[0]) / extent;
                else
                  {
                    // rotations about x, y, z: omega x r
                    const double r[3][3] = {{0, -x[2], x[1]},
                                            {x[2], 0, -x[0]},
                                            {-x[1], x[0], 0}};
                    for (unsigned int k = 0; k < 3; ++k)
                      (*modes)[3 + k][lid] = r[k][c] / extent;
                  }
              }
          }
      return modes;
    }
  } // namespace
#endif

  template <int dim>
  void
  LinearSolver<dim>::initialize(const LA::MPI::SparseMatrix &matrix,
                                const Mapping<dim>          &mapping,
                                const DoFHandler<dim>       &dof_handler)
  {
    data->initialized = false;
    if (method == "direct")
      {
        data->initialized = true;
        return;
      }
#ifdef REJUV_WITH_PETSC
    (void)mapping;
    (void)dof_handler;
    PETScWrappers::PreconditionBoomerAMG::AdditionalData ad;
    ad.symmetric_operator = (method == "cg");
    ad.strong_threshold   = 0.5; // recommended by hypre for 3D elasticity
    data->amg.initialize(matrix, ad);
#else
    TrilinosWrappers::PreconditionAMG::AdditionalData ad;
    ad.elliptic              = true;
    ad.higher_order_elements = dof_handler.get_fe().degree > 1;
    ad.smoother_sweeps       = parameters.smoother_sweeps;
    ad.aggregation_threshold = parameters.aggregation_threshold;
    DoFTools::extract_constant_modes(dof_handler,
                                     ComponentMask(dim, true),
                                     ad.constant_modes);
    Teuchos::ParameterList              list;
    std::unique_ptr<Epetra_MultiVector> translations;
    ad.set_parameters(list, translations, matrix);
    // ML keeps fewer intermediate objects of the set-up: 4 % less peak
    // memory on the 1.2e6-DoF elastic benchmark at the same set-up time
    // (doc/performance.md).
    list.set("low memory usage", true);
    if (parameters.use_rigid_body_modes)
      {
        data->null_space =
          rigid_body_modes(mapping,
                           dof_handler,
                           matrix.trilinos_matrix().DomainMap());
        list.set("null space: type", "pre-computed");
        list.set("null space: dimension", data->null_space->NumVectors());
        list.set("null space: vectors", data->null_space->Values());
        data->amg.initialize(matrix, list);
      }
    else
      data->amg.initialize(matrix, list);
#endif
    data->initialized          = true;
    data->reference_per_decade = 0;
    data->last_per_decade      = 0;
  }

  template <int dim>
  bool
  LinearSolver<dim>::reuses_preconditioner() const
  {
    return parameters.amg_rebuild_factor > 0;
  }

  template <int dim>
  bool
  LinearSolver<dim>::preconditioner_is_stale() const
  {
    return !data->initialized ||
           (reuses_preconditioner() && data->reference_per_decade > 0 &&
            data->last_per_decade >
              parameters.amg_rebuild_factor * data->reference_per_decade);
  }

  template <int dim>
  void
  LinearSolver<dim>::invalidate()
  {
    data->initialized = false;
  }

  template <int dim>
  unsigned int
  LinearSolver<dim>::solve(const LA::MPI::SparseMatrix &matrix,
                           LA::MPI::Vector             &solution,
                           const LA::MPI::Vector       &rhs,
                           const double                 absolute_tolerance)
  {
    AssertThrow(data->initialized,
                ExcMessage("LinearSolver::solve() before initialize()"));
    const double  rhs_norm = rhs.l2_norm();
    SolverControl control(parameters.max_iterations,
                          std::max(parameters.relative_tolerance * rhs_norm,
                                   absolute_tolerance));
    try
      {
        if (method == "direct")
          {
#ifdef REJUV_WITH_PETSC
            PETScWrappers::SparseDirectMUMPS direct(
              control,
              matrix.get_mpi_communicator());
            direct.solve(matrix, solution, rhs);
#else
            TrilinosWrappers::SolverDirect direct(control);
            direct.solve(matrix, solution, rhs);
#endif
            return 1;
          }
        if (method == "cg")
          {
            SolverCG<LA::MPI::Vector> cg(control);
            cg.solve(matrix, solution, rhs, data->amg);
          }
        else
          {
            // Right preconditioning: the convergence test sees the true
            // residual, not the preconditioned one (whose scale is that of
            // 1/stiffness and would pass any tolerance at once).
            SolverGMRES<LA::MPI::Vector> gmres(
              control,
              SolverGMRES<LA::MPI::Vector>::AdditionalData(100, true));
            gmres.solve(matrix, solution, rhs, data->amg);
          }
      }
    catch (const SolverControl::NoConvergence &e)
      {
        throw LinearSolverFailure("linear solver did not converge: residual " +
                                  std::to_string(e.last_residual) + " after " +
                                  std::to_string(e.last_step) +
                                  " iterations (tolerance " +
                                  std::to_string(control.tolerance()) + ")");
      }
    // The cost of the solve per decade of reduction: solves to different
    // tolerances (see Mechanics::newton) compare through it. A solve that
    // reduced the residual by less than half a decade says too little and
    // is not counted.
    const double decades =
      std::log10(rhs_norm / std::max(control.last_value(), 1e-300 * rhs_norm));
    if (control.last_step() > 0 && decades > 0.5)
      {
        const double per_decade = control.last_step() / decades;
        if (data->reference_per_decade == 0)
          data->reference_per_decade = per_decade;
        data->last_per_decade = per_decade;
      }
    return control.last_step();
  }

  template class LinearSolver<2>;
  template class LinearSolver<3>;
} // namespace Rejuv
