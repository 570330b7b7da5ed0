#include <deal.II/base/timer.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/vector_tools.h>

#include <rejuv/base/input_error.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/mechanics/mechanics.h>
#include <rejuv/mechanics/tensor_embedding.h>

#include <cmath>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  void
  NonlinearSolverParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Nonlinear solver");
    {
      prm.declare_entry("Maximum iterations",
                        "20",
                        Patterns::Integer(1, 1000),
                        "Newton iterations per step before the step is cut "
                        "[-].");
      prm.declare_entry("Relative tolerance",
                        "1e-8",
                        Patterns::Double(0, 1),
                        "Converged when the residual norm is below this "
                        "fraction of the first right-hand side of the step "
                        "(applied load increment) [-].");
      prm.declare_entry("Absolute tolerance",
                        "1e-10",
                        Patterns::Double(0),
                        "Converged when the residual norm is below this "
                        "value [N in 3D, N/m in 2D].");
      prm.declare_entry("Verbose",
                        "false",
                        Patterns::Bool(),
                        "Print the residual of every Newton iteration.");
    }
    prm.leave_subsection();
  }

  void
  NonlinearSolverParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Nonlinear solver");
    {
      max_iterations     = prm.get_integer("Maximum iterations");
      relative_tolerance = prm.get_double("Relative tolerance");
      absolute_tolerance = prm.get_double("Absolute tolerance");
      verbose            = prm.get_bool("Verbose");
    }
    prm.leave_subsection();
    require(relative_tolerance > 0,
            "Nonlinear solver/Relative tolerance",
            "must be > 0");
  }

  template <int dim>
  Mechanics<dim>::Mechanics(
    parallel::distributed::Triangulation<dim> &triangulation,
    const unsigned int                         degree,
    const MaterialModel                       &material,
    const LinearSolverParameters              &linear_solver_parameters,
    const NonlinearSolverParameters           &nonlinear_solver,
    TimerOutput                               &timer)
    : triangulation(triangulation)
    , fe(FE_Q<dim>(degree), dim)
    , mapping(degree)
    , quadrature(degree + 1)
    , material(material)
    , parameters(nonlinear_solver)
    , timer(timer)
    , mpi_communicator(triangulation.get_communicator())
    , dof_handler(triangulation)
    , reaction_boundary(numbers::invalid_boundary_id)
    , linear_solver(linear_solver_parameters)
    , stress_field(triangulation,
                   degree + 1,
                   {"stress_xx",
                    "stress_yy",
                    "stress_zz",
                    "stress_xy",
                    "stress_xz",
                    "stress_yz"})
  {}

  template <int dim>
  Mechanics<dim>::~Mechanics()
  {
    // The DoFHandler must let go of the triangulation before it dies.
    dof_handler.clear();
  }

  template <int dim>
  void
  Mechanics<dim>::setup()
  {
    TimerOutput::Scope t(timer, "setup");
    dof_handler.distribute_dofs(fe);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);

    solution.reinit(locally_owned_dofs,
                    locally_relevant_dofs,
                    mpi_communicator);
    system_rhs.reinit(locally_owned_dofs, mpi_communicator);
    newton_update.reinit(locally_owned_dofs, mpi_communicator);
    stress_field.reinit();

    make_constraints(homogeneous_constraints, true);
    DynamicSparsityPattern dsp(locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(dof_handler,
                                    dsp,
                                    homogeneous_constraints,
                                    false);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               locally_owned_dofs,
                                               mpi_communicator,
                                               locally_relevant_dofs);
    system_matrix.reinit(locally_owned_dofs,
                         locally_owned_dofs,
                         dsp,
                         mpi_communicator);
    matrix_is_current = false;

    if (reaction_boundary != numbers::invalid_boundary_id)
      reaction_dofs = DoFTools::extract_boundary_dofs(dof_handler,
                                                      ComponentMask(),
                                                      {reaction_boundary});
  }

  template <int dim>
  void
  Mechanics<dim>::set_boundary_conditions(
    const std::vector<DirichletCondition<dim>> &new_dirichlet,
    const std::vector<PointConstraint<dim>>    &new_points)
  {
    dirichlet         = new_dirichlet;
    point_constraints = new_points;
  }

  template <int dim>
  void
  Mechanics<dim>::set_body_force(std::shared_ptr<const Function<dim>> f)
  {
    body_force = f;
  }

  template <int dim>
  void
  Mechanics<dim>::set_reaction_boundary(const types::boundary_id id)
  {
    reaction_boundary = id;
    if (dof_handler.has_active_dofs())
      reaction_dofs =
        DoFTools::extract_boundary_dofs(dof_handler, ComponentMask(), {id});
  }

  template <int dim>
  void
  Mechanics<dim>::make_constraints(AffineConstraints<double> &constraints,
                                   const bool                 homogeneous) const
  {
    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    for (const auto &bc : dirichlet)
      {
        if (homogeneous)
          VectorTools::interpolate_boundary_values(mapping,
                                                   dof_handler,
                                                   bc.boundary_id,
                                                   Functions::ZeroFunction<dim>(
                                                     dim),
                                                   constraints,
                                                   bc.mask);
        else
          VectorTools::interpolate_boundary_values(mapping,
                                                   dof_handler,
                                                   bc.boundary_id,
                                                   *bc.increment,
                                                   constraints,
                                                   bc.mask);
      }

    // Vertex constraints: every process that sees the vertex holds its DoF.
    if (!point_constraints.empty())
      {
        const double tol = 1e-10 * coarse_mesh_diameter(triangulation);
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial())
            for (const unsigned int v : cell->vertex_indices())
              for (const auto &pc : point_constraints)
                if (cell->vertex(v).distance(pc.point) < tol)
                  {
                    const auto dof = cell->vertex_dof_index(v, pc.component);
                    if (!constraints.is_constrained(dof))
                      constraints.add_line(dof);
                  }
      }
    constraints.close();
  }

  template <int dim>
  void
  Mechanics<dim>::assemble(const AffineConstraints<double> &constraints,
                           const bool                       matrix_too,
                           const double                     time_step)
  {
    TimerOutput::Scope t(timer,
                         matrix_too ? "assembly (matrix+rhs)" :
                                      "assembly (rhs)");
    if (matrix_too)
      system_matrix = 0;
    system_rhs = 0;

    const bool need_local_matrix =
      matrix_too || constraints.has_inhomogeneities();
    const FEValuesExtractors::Vector displacement(0);
    UpdateFlags flags = update_gradients | update_JxW_values;
    if (body_force)
      flags |= update_values | update_quadrature_points;
    FEValues<dim> fe_values(mapping, fe, quadrature, flags);

    const unsigned int n_q           = quadrature.size();
    const unsigned int dofs_per_cell = fe.n_dofs_per_cell();
    const unsigned int n_history     = material.n_history_variables();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>     cell_rhs(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    std::vector<SymmetricTensor<2, dim>> strain(n_q);
    std::vector<SymmetricTensor<2, dim>> sym_grad(dofs_per_cell);
    std::vector<Vector<double>>          force_values(n_q, Vector<double>(dim));
    std::vector<double>                  stress_values(n_q * 6);
    MaterialInputs                       in(n_q, n_history);
    MaterialOutputs                      out(n_q, n_history);
    in.time_step = time_step;
    Tensor<1, dim> local_reaction;

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          fe_values[displacement].get_function_symmetric_gradients(solution,
                                                                   strain);
          for (unsigned int q = 0; q < n_q; ++q)
            in.strain[q] = embed_plane_strain(strain[q]);
          material.evaluate(in, out);
          if (body_force)
            body_force->vector_value_list(fe_values.get_quadrature_points(),
                                          force_values);

          for (unsigned int q = 0; q < n_q; ++q)
            for (unsigned int k = 0; k < 6; ++k)
              stress_values[q * 6 + k] = voigt_component(out.stress[q], k);
          stress_field.set(cell, stress_values.data());

          cell_matrix = 0;
          cell_rhs    = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double                  JxW = fe_values.JxW(q);
              const SymmetricTensor<2, dim> stress =
                restrict_to_dim<dim>(out.stress[q]);
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                sym_grad[i] = fe_values[displacement].symmetric_gradient(i, q);
              if (need_local_matrix)
                {
                  const SymmetricTensor<4, dim> C =
                    restrict_to_dim<dim>(out.tangent[q]);
                  for (unsigned int i = 0; i < dofs_per_cell; ++i)
                    {
                      const SymmetricTensor<2, dim> C_eps_i = C * sym_grad[i];
                      for (unsigned int j = 0; j <= i; ++j)
                        cell_matrix(i, j) += (sym_grad[j] * C_eps_i) * JxW;
                    }
                }
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                {
                  double r = sym_grad[i] * stress;
                  if (body_force)
                    {
                      const unsigned int c =
                        fe.system_to_component_index(i).first;
                      r -= fe_values.shape_value(i, q) * force_values[q](c);
                    }
                  cell_rhs(i) -= r * JxW;
                }
            }
          if (need_local_matrix)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              for (unsigned int j = i + 1; j < dofs_per_cell; ++j)
                cell_matrix(i, j) = cell_matrix(j, i);

          // Internal force at the reaction DoFs: minus the cell residual.
          if (reaction_boundary != numbers::invalid_boundary_id)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              if (reaction_dofs.is_element(dof_indices[i]))
                local_reaction[fe.system_to_component_index(i).first] -=
                  cell_rhs(i);

          if (matrix_too)
            constraints.distribute_local_to_global(cell_matrix,
                                                   cell_rhs,
                                                   dof_indices,
                                                   system_matrix,
                                                   system_rhs);
          else
            constraints.distribute_local_to_global(cell_rhs,
                                                   dof_indices,
                                                   system_rhs,
                                                   cell_matrix);
        }
    if (matrix_too)
      system_matrix.compress(VectorOperation::add);
    system_rhs.compress(VectorOperation::add);
    reaction = Utilities::MPI::sum(local_reaction, mpi_communicator);
  }

  template <int dim>
  StepStatistics
  Mechanics<dim>::solve_step(const double time_step)
  {
    StepStatistics            stats;
    AffineConstraints<double> increment_constraints;
    make_constraints(increment_constraints, false);

    LA::MPI::Vector old_solution(locally_owned_dofs, mpi_communicator);
    old_solution = solution;
    LA::MPI::Vector owned_solution(locally_owned_dofs, mpi_communicator);

    const bool linear     = material.is_linear();
    double     rhs_norm_0 = 0;
    try
      {
        for (unsigned int it = 0; it <= parameters.max_iterations; ++it)
          {
            const bool first      = (it == 0);
            const bool matrix_too = !(linear && matrix_is_current);
            assemble(first ? increment_constraints : homogeneous_constraints,
                     matrix_too,
                     time_step);
            if (matrix_too)
              {
                matrix_is_current = true;
                TimerOutput::Scope t(timer, "AMG setup");
                linear_solver.initialize(system_matrix, mapping, dof_handler);
              }

            const double norm = system_rhs.l2_norm();
            if (!std::isfinite(norm))
              throw StepFailure("residual is not finite");
            if (first)
              rhs_norm_0 = norm;
            else
              {
                stats.residuals.push_back(norm);
                if (parameters.verbose &&
                    Utilities::MPI::this_mpi_process(mpi_communicator) == 0)
                  std::cout << "      Newton " << it << ": |R| = " << norm
                            << std::endl;
                if (norm <= parameters.absolute_tolerance ||
                    norm <= parameters.relative_tolerance * rhs_norm_0)
                  {
                    stats.newton_iterations = it;
                    return stats;
                  }
              }
            if (it == parameters.max_iterations)
              break;

            {
              TimerOutput::Scope t(timer, "linear solve");
              newton_update = 0;
              stats.linear_iterations +=
                linear_solver.solve(system_matrix, newton_update, system_rhs);
            }
            (first ? increment_constraints : homogeneous_constraints)
              .distribute(newton_update);
            owned_solution = solution;
            owned_solution += newton_update;
            solution = owned_solution;
          }
        std::ostringstream msg;
        msg << "Newton did not converge in " << parameters.max_iterations
            << " iterations (last residual "
            << (stats.residuals.empty() ? rhs_norm_0 : stats.residuals.back())
            << ")";
        throw StepFailure(msg.str());
      }
    catch (const LinearSolverFailure &e)
      {
        solution = old_solution;
        throw StepFailure(e.what());
      }
    catch (const StepFailure &)
      {
        solution = old_solution;
        throw;
      }
  }

  template class Mechanics<2>;
  template class Mechanics<3>;
} // namespace Rejuv
