#include <deal.II/base/timer.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/dofs/dof_renumbering.h>
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

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    /**
     * Mandel notation: a symmetric 3x3 tensor as the vector (t11, t22, t33,
     * sqrt2 t12, sqrt2 t13, sqrt2 t23), so that a : b = a . b and C : a =
     * [C] a with [C]_pr = w_p w_r C_pr (w = 1 for the normal, sqrt2 for the
     * shear components). The order is that of SymmetricTensor's raw
     * entries. Strain operators of plane strain (dim = 2) have no xz, yz
     * components: the assembly then works with the first four only.
     */
    template <int dim>
    struct Mandel : std::array<double, dim == 2 ? 4 : 6>
    {
      static constexpr unsigned int n = dim == 2 ? 4 : 6;

      static constexpr double
      weight(const unsigned int p)
      {
        return p < 3 ? 1.0 : numbers::SQRT2;
      }

      /// b = sym(e_c x g) of a shape function of component c, gradient g.
      static void
      set_strain_operator(const unsigned int    c,
                          const Tensor<1, dim> &g,
                          Mandel               &b)
      {
        constexpr double s = 1 / numbers::SQRT2;
        if constexpr (dim == 2)
          {
            b[0] = c == 0 ? g[0] : 0.0;
            b[1] = c == 1 ? g[1] : 0.0;
            b[2] = 0;
            b[3] = s * g[1 - c];
          }
        else
          {
            b[0] = c == 0 ? g[0] : 0.0;
            b[1] = c == 1 ? g[1] : 0.0;
            b[2] = c == 2 ? g[2] : 0.0;
            b[3] = c == 0 ? s * g[1] : c == 1 ? s * g[0] : 0.0; // xy
            b[4] = c == 0 ? s * g[2] : c == 2 ? s * g[0] : 0.0; // xz
            b[5] = c == 1 ? s * g[2] : c == 2 ? s * g[1] : 0.0; // yz
          }
      }

      /// The tensor of a vector(): inverse of vector().
      static SymmetricTensor<2, 3>
      tensor(const Mandel &v)
      {
        SymmetricTensor<2, 3> t;
        for (unsigned int p = 0; p < n; ++p)
          t.access_raw_entry(p) = v[p] / weight(p);
        return t;
      }

      static Mandel
      vector(const SymmetricTensor<2, 3> &t)
      {
        Mandel v;
        for (unsigned int p = 0; p < n; ++p)
          v[p] = weight(p) * t.access_raw_entry(p);
        return v;
      }

      /// [C] of a rank-4 tensor, rows and columns as vector().
      static void
      matrix(const SymmetricTensor<4, 3> &T, double (&C)[n][n])
      {
        for (unsigned int p = 0; p < n; ++p)
          for (unsigned int r = 0; r < n; ++r)
            C[p][r] = weight(p) * weight(r) * T.access_raw_entry(p * 6 + r);
      }
    };

#ifndef REJUV_WITH_PETSC
    /**
     * Adds a cell's right-hand side, and its matrix unless that is
     * nullptr, when all its DoFs are locally owned and unconstrained (most
     * cells), through Epetra's local indices: one index lookup per DoF
     * instead of one global-to-local conversion per matrix entry in
     * TrilinosWrappers::SparseMatrix::add. Returns false, having added
     * nothing, for any other cell: those go through
     * AffineConstraints::distribute_local_to_global. lids is scratch space.
     */
    bool
    add_owned_unconstrained_cell(
      const std::vector<types::global_dof_index> &dof_indices,
      const AffineConstraints<double>            &constraints,
      const FullMatrix<double>                   &cell_matrix,
      const Vector<double>                       &cell_rhs,
      LA::MPI::SparseMatrix                      *matrix,
      LA::MPI::Vector                            &rhs,
      std::vector<int>                           &lids)
    {
      const unsigned int n = dof_indices.size();
      lids.resize(3 * n);
      int *const rows = lids.data(), *const cols = rows + n,
                 *const rhs_rows = cols + n;
      auto             &b        = rhs.trilinos_vector();
      for (unsigned int i = 0; i < n; ++i)
        {
          const auto gid = static_cast<int>(dof_indices[i]);
          rhs_rows[i]    = b.Map().LID(gid);
          if (rhs_rows[i] < 0 || constraints.is_constrained(dof_indices[i]))
            return false;
        }
      for (unsigned int i = 0; i < n; ++i)
        b[0][rhs_rows[i]] += cell_rhs(i);
      if (matrix != nullptr)
        {
          // Only values change: deal.II gives const access to the Epetra
          // matrix, whose structure this leaves alone.
          auto &A = const_cast<Epetra_CrsMatrix &>(matrix->trilinos_matrix());
          for (unsigned int i = 0; i < n; ++i)
            {
              const auto gid = static_cast<int>(dof_indices[i]);
              rows[i]        = A.RowMap().LID(gid);
              cols[i]        = A.ColMap().LID(gid);
            }
          for (unsigned int i = 0; i < n; ++i)
            {
              const int ierr =
                A.SumIntoMyValues(rows[i], n, &cell_matrix(i, 0), cols);
              AssertThrow(ierr == 0, ExcTrilinosError(ierr));
            }
        }
      return true;
    }
#endif

    /// The tangent of a linear material (the same at every point and state).
    SymmetricTensor<4, 3>
    constant_tangent(const MaterialModel &material)
    {
      MaterialInputs  in(1, material.n_history_variables());
      MaterialOutputs out(1, material.n_history_variables());
      material.evaluate(in, out);
      return out.tangent[0];
    }
  } // namespace

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
                        "fraction of the load of the prescribed increment "
                        "(the right-hand side of the lifting solve; scaled "
                        "by the step length when the step is extrapolated) "
                        "[-].");
      prm.declare_entry("Absolute tolerance",
                        "1e-10",
                        Patterns::Double(0),
                        "Converged when the residual norm is below this "
                        "value [N in 3D, N/m in 2D].");
      prm.declare_entry("Predictor",
                        "extrapolate",
                        Patterns::Selection("extrapolate|none"),
                        "Start of a step: 'extrapolate' continues the last "
                        "step's velocity over the new step (the prescribed "
                        "increments exact), so that steady loading needs few "
                        "iterations; 'none' starts from the last state and "
                        "lifts the prescribed increments in a first linear "
                        "solve. The first step, and a step whose "
                        "extrapolated start fails, always lift.");
      prm.declare_entry("Linear tolerance factor",
                        "0.1",
                        Patterns::Double(0, 1),
                        "Inexact Newton: a linear solve of a Newton "
                        "iteration stops once its residual (to first order "
                        "the next Newton residual) is below this fraction of "
                        "the Newton target (the larger of Absolute tolerance "
                        "and Relative tolerance times the load), or at "
                        "Linear solver/Relative tolerance if that comes "
                        "first; the converged state meets the same Newton "
                        "test. 0: every solve to Linear solver/Relative "
                        "tolerance [-].");
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
      max_iterations          = prm.get_integer("Maximum iterations");
      relative_tolerance      = prm.get_double("Relative tolerance");
      absolute_tolerance      = prm.get_double("Absolute tolerance");
      extrapolate             = prm.get("Predictor") == "extrapolate";
      linear_tolerance_factor = prm.get_double("Linear tolerance factor");
      verbose                 = prm.get_bool("Verbose");
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
    , linear_solver(linear_solver_parameters, material.has_symmetric_tangent())
    , stress_field(triangulation,
                   degree + 1,
                   {"stress_xx",
                    "stress_yy",
                    "stress_zz",
                    "stress_xy",
                    "stress_xz",
                    "stress_yz"})
    , flow_field(triangulation,
                 degree + 1,
                 {"plastic_shear_rate", "effective_shear_stress"})
  {
    if (linear_solver_parameters.solver == "gmg")
      {
        require(material.is_linear(),
                "Linear solver/Solver",
                "gmg (matrix-free geometric multigrid) needs a material with "
                "a constant tangent (Material/Model = linear_elastic); use "
                "auto, cg or gmres with this model");
        multigrid =
          std::make_unique<MultigridSolver<dim>>(linear_solver_parameters);
      }
    if (material.n_history_variables() > 0)
      {
        const auto names = material.history_names();
        AssertThrow(names.size() == material.n_history_variables(),
                    ExcInternalError());
        committed_history =
          std::make_unique<QuadratureField<dim>>(triangulation,
                                                 degree + 1,
                                                 names);
        trial_history = std::make_unique<QuadratureField<dim>>(triangulation,
                                                               degree + 1,
                                                               names);
      }
  }

  template <int dim>
  struct Mechanics<dim>::Transfer
  {
    Transfer(const DoFHandler<dim> &dof_handler)
      : transfer(dof_handler)
    {}
    /// with ghosted copies of @p u and @p v to attach
    Transfer(const DoFHandler<dim> &dof_handler,
             const LA::MPI::Vector &u,
             const LA::MPI::Vector &v,
             const IndexSet        &relevant)
      : transfer(dof_handler)
      , displacement(dof_handler.locally_owned_dofs(),
                     relevant,
                     dof_handler.get_communicator())
      , velocity(displacement)
    {
      displacement = u;
      velocity     = v;
    }
    std::vector<const LA::MPI::Vector *>
    attached() const
    {
      return {&displacement, &velocity};
    }
    parallel::distributed::SolutionTransfer<dim, LA::MPI::Vector> transfer;
    LA::MPI::Vector displacement, velocity; // ghosted
  };

  template <int dim>
  Mechanics<dim>::~Mechanics()
  {
    transfer.reset();
    // The DoFHandler must let go of the triangulation before it dies.
    dof_handler.clear();
  }

  template <int dim>
  void
  Mechanics<dim>::prepare_for_mesh_change()
  {
    transfer = std::make_unique<Transfer>(dof_handler,
                                          committed_solution,
                                          committed_velocity,
                                          locally_relevant_dofs);
    transfer->transfer.prepare_for_coarsening_and_refinement(
      transfer->attached());
    if (committed_history)
      committed_history->prepare_for_mesh_change();
  }

  template <int dim>
  void
  Mechanics<dim>::finish_mesh_change()
  {
    Assert(transfer, ExcMessage("prepare_for_mesh_change() was not called"));
    const bool velocity_known = have_velocity;
    setup();
    std::vector<LA::MPI::Vector *> targets = {&committed_solution,
                                              &committed_velocity};
    transfer->transfer.interpolate(targets);
    transfer.reset();
    have_velocity = velocity_known;
    if (committed_history)
      committed_history->finish_mesh_change();
    finish_transfer();
  }

  template <int dim>
  void
  Mechanics<dim>::prepare_for_serialization()
  {
    transfer = std::make_unique<Transfer>(dof_handler,
                                          committed_solution,
                                          committed_velocity,
                                          locally_relevant_dofs);
    transfer->transfer.prepare_for_serialization(transfer->attached());
    if (committed_history)
      committed_history->prepare_for_serialization();
  }

  template <int dim>
  void
  Mechanics<dim>::deserialize()
  {
    setup();
    {
      Transfer                       t(dof_handler);
      std::vector<LA::MPI::Vector *> targets = {&committed_solution,
                                                &committed_velocity};
      t.transfer.deserialize(targets);
    }
    if (committed_history)
      committed_history->deserialize();
    finish_transfer();
  }

  template <int dim>
  void
  Mechanics<dim>::finish_transfer()
  {
    AffineConstraints<double> hanging(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, hanging);
    hanging.close();
    hanging.distribute(committed_solution);
    hanging.distribute(committed_velocity);
    solution = committed_solution;
    if (committed_history)
      {
        const unsigned int  n = committed_history->n_components();
        std::vector<double> values(n * committed_history->n_points_per_cell());
        for (const auto &cell : triangulation.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              committed_history->get(cell, values.data());
              for (unsigned int k = 0; k < values.size(); k += n)
                material.enforce_history_bounds(&values[k]);
              committed_history->set(cell, values.data());
            }
        trial_history->get_vector() = committed_history->get_vector();
      }
  }

  template <int dim>
  void
  Mechanics<dim>::setup()
  {
    TimerOutput::Scope t(timer, "setup");
    dof_handler.distribute_dofs(fe);
    // A numbering that depends on the mesh alone, not on the order in which
    // the cells were created: a resumed run (Triangulation::load) then
    // assembles and solves exactly as the run it continues.
    DoFRenumbering::hierarchical(dof_handler);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);

    solution.reinit(locally_owned_dofs,
                    locally_relevant_dofs,
                    mpi_communicator);
    system_rhs.reinit(locally_owned_dofs, mpi_communicator);
    newton_update.reinit(locally_owned_dofs, mpi_communicator);
    committed_solution.reinit(locally_owned_dofs, mpi_communicator);
    committed_velocity.reinit(locally_owned_dofs, mpi_communicator);
    have_velocity = false;
    stress_field.reinit();
    flow_field.reinit();
    if (committed_history)
      {
        committed_history->reinit();
        trial_history->reinit();
      }

    make_constraints(dof_handler,
                     locally_relevant_dofs,
                     homogeneous_constraints,
                     true);
    matrix_is_current = false;
    linear_solver.invalidate(); // it refers to the old matrix
    if (multigrid)
      multigrid->invalidate(); // and this to the old mesh
    else
      {
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
      }

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
  Mechanics<dim>::set_free_volume(const DoFHandler<dim> &dof_handler,
                                  const LA::MPI::Vector &vector)
  {
    AssertThrow(&dof_handler.get_triangulation() == &triangulation,
                ExcMessage("The free-volume field must live on the "
                           "mechanics' triangulation."));
    free_volume_dof_handler = &dof_handler;
    free_volume             = &vector;
  }

  template <int dim>
  void
  Mechanics<dim>::commit()
  {
    if (current_time_step > 0)
      {
        committed_velocity = solution;
        committed_velocity -= committed_solution;
        committed_velocity /= current_time_step;
        have_velocity = true;
      }
    committed_solution = solution;
    if (committed_history)
      committed_history->get_vector() = trial_history->get_vector();
  }

  template <int dim>
  void
  Mechanics<dim>::interpolate_displacement(const Function<dim> &u)
  {
    VectorTools::interpolate(mapping, dof_handler, u, committed_solution);
    solution      = committed_solution;
    have_velocity = false;
  }

  template <int dim>
  void
  Mechanics<dim>::revert()
  {
    solution = committed_solution;
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
  Mechanics<dim>::make_constraints(const DoFHandler<dim>     &dofs,
                                   const IndexSet            &relevant,
                                   AffineConstraints<double> &constraints,
                                   const bool                 homogeneous) const
  {
    constraints.clear();
    constraints.reinit(relevant);
    DoFTools::make_hanging_node_constraints(dofs, constraints);
    const Functions::ZeroFunction<dim> zero(dim);
    for (const auto &bc : dirichlet)
      VectorTools::interpolate_boundary_values(mapping,
                                               dofs,
                                               bc.boundary_id,
                                               homogeneous ? zero :
                                                             *bc.increment,
                                               constraints,
                                               bc.mask);

    // Vertex constraints on the vertices nearest each point: on the mesh
    // itself the vertex at the point (find_rigid_body_pins guarantees one),
    // on a coarser multigrid mesh the nearest ones. Every process that sees
    // such a vertex holds its DoF.
    if (!point_constraints.empty())
      {
        std::vector<double> nearest(point_constraints.size(),
                                    std::numeric_limits<double>::max());
        for (const auto &cell : dofs.active_cell_iterators())
          if (!cell->is_artificial())
            for (const unsigned int v : cell->vertex_indices())
              for (unsigned int p = 0; p < nearest.size(); ++p)
                nearest[p] = std::min(nearest[p],
                                      cell->vertex(v).distance(
                                        point_constraints[p].point));
        Utilities::MPI::min(nearest, mpi_communicator, nearest);
        const double tol = 1e-10 * coarse_mesh_diameter(triangulation);
        for (const auto &cell : dofs.active_cell_iterators())
          if (!cell->is_artificial())
            for (const unsigned int v : cell->vertex_indices())
              for (unsigned int p = 0; p < nearest.size(); ++p)
                if (cell->vertex(v).distance(point_constraints[p].point) <
                    nearest[p] + tol)
                  {
                    const auto dof =
                      cell->vertex_dof_index(v, point_constraints[p].component);
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

    // The local matrix also carries prescribed values into the right-hand
    // side: needed on the cells with such a DoF even without a global
    // matrix (Linear solver/Solver = gmg).
    const bool inhomogeneous = constraints.has_inhomogeneities();
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
    [[maybe_unused]] std::vector<int>    local_ids;
    Vector<double>                       local_u(dofs_per_cell);
    // Strain operators of the shape functions as Mandel vectors (see
    // Mandel above), B[q * dofs_per_cell + i], with the B-bar correction
    // when the volumetric strain is the cell mean; formed once per cell.
    constexpr unsigned int    nv = Mandel<dim>::n;
    std::vector<Mandel<dim>>  B(n_q * dofs_per_cell);
    std::vector<double>       mean_div(dofs_per_cell);
    std::vector<unsigned int> component(dofs_per_cell);
    for (unsigned int i = 0; i < dofs_per_cell; ++i)
      component[i] = fe.system_to_component_index(i).first;
    const bool cell_mean = volumetric_strain == VolumetricStrain::cell_mean;
    std::vector<Vector<double>> force_values(n_q, Vector<double>(dim));
    std::vector<double>         stress_values(n_q * 6);
    std::vector<double>         flow_values(n_q * 2);
    MaterialInputs              in(n_q, n_history);
    MaterialOutputs             out(n_q, n_history);
    in.time_step = time_step;
    Tensor<1, dim> local_reaction;
    const bool     symmetric = material.has_symmetric_tangent();
    std::string    failure;

    // The free volume at the points from its nodal values: the values of
    // FE_Q shape functions do not depend on the mapping.
    FullMatrix<double> xi_shape;
    Vector<double>     local_xi;
    if (free_volume_dof_handler)
      {
        const auto &fe_xi = free_volume_dof_handler->get_fe();
        xi_shape.reinit(n_q, fe_xi.n_dofs_per_cell());
        local_xi.reinit(fe_xi.n_dofs_per_cell());
        for (unsigned int q = 0; q < n_q; ++q)
          for (unsigned int j = 0; j < fe_xi.n_dofs_per_cell(); ++j)
            xi_shape(q, j) = fe_xi.shape_value(j, quadrature.point(q));
      }

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          cell->get_dof_values(solution, local_u);
          // B_i = sym(e_c x grad phi_i) for the shape function's component
          // c; B-bar: B_i + (mean tr B_i - tr B_i) / 3 I, the volumetric
          // part replaced by its cell mean. The strain is sum_i u_i B_i.
          for (unsigned int q = 0; q < n_q; ++q)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              Mandel<dim>::set_strain_operator(component[i],
                                               fe_values.shape_grad(i, q),
                                               B[q * dofs_per_cell + i]);
          if (cell_mean)
            {
              double volume = 0;
              std::fill(mean_div.begin(), mean_div.end(), 0.0);
              for (unsigned int q = 0; q < n_q; ++q)
                {
                  const double JxW = fe_values.JxW(q);
                  volume += JxW;
                  for (unsigned int i = 0; i < dofs_per_cell; ++i)
                    mean_div[i] += B[q * dofs_per_cell + i][component[i]] * JxW;
                }
              for (double &d : mean_div)
                d /= volume;
              for (unsigned int q = 0; q < n_q; ++q)
                for (unsigned int i = 0; i < dofs_per_cell; ++i)
                  {
                    auto        &b = B[q * dofs_per_cell + i];
                    const double d = (mean_div[i] - b[component[i]]) / 3.;
                    for (unsigned int k = 0; k < 3; ++k)
                      b[k] += d;
                  }
            }
          for (unsigned int q = 0; q < n_q; ++q)
            {
              Mandel<dim> eps{};
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                for (unsigned int p = 0; p < nv; ++p)
                  eps[p] += local_u[i] * B[q * dofs_per_cell + i][p];
              in.strain[q] = Mandel<dim>::tensor(eps);
            }
          if (free_volume_dof_handler)
            {
              typename DoFHandler<dim>::active_cell_iterator(
                &triangulation,
                cell->level(),
                cell->index(),
                free_volume_dof_handler)
                ->get_dof_values(*free_volume, local_xi);
              for (unsigned int q = 0; q < n_q; ++q)
                {
                  double xi = 0;
                  for (unsigned int j = 0; j < local_xi.size(); ++j)
                    xi += xi_shape(q, j) * local_xi[j];
                  in.free_volume[q] = xi;
                }
            }
          if (committed_history)
            committed_history->get(cell, in.committed_history.data());
          flow_field.get(cell, flow_values.data());
          for (unsigned int q = 0; q < n_q; ++q)
            in.plastic_shear_rate_guess[q] = flow_values[2 * q];
          try
            {
              material.evaluate(in, out);
            }
          catch (const MaterialUpdateFailure &e)
            {
              // Finish the collective operations; every process throws below.
              failure = e.what();
              continue;
            }
          if (trial_history)
            trial_history->set(cell, out.trial_history.data());
          for (unsigned int q = 0; q < n_q; ++q)
            {
              flow_values[2 * q]     = out.plastic_shear_rate[q];
              flow_values[2 * q + 1] = out.effective_shear_stress[q];
            }
          flow_field.set(cell, flow_values.data());
          if (body_force)
            body_force->vector_value_list(fe_values.get_quadrature_points(),
                                          force_values);

          for (unsigned int q = 0; q < n_q; ++q)
            for (unsigned int k = 0; k < 6; ++k)
              stress_values[q * 6 + k] = voigt_component(out.stress[q], k);
          stress_field.set(cell, stress_values.data());

          const bool need_local_matrix =
            matrix_too ||
            (inhomogeneous &&
             std::any_of(dof_indices.begin(),
                         dof_indices.end(),
                         [&](const types::global_dof_index i) {
                           return constraints.is_inhomogeneously_constrained(i);
                         }));
          cell_matrix = 0;
          cell_rhs    = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double       JxW = fe_values.JxW(q);
              const Mandel<dim> *Bq  = &B[q * dofs_per_cell];
              if (need_local_matrix)
                {
                  // K_ij = B_i : C : B_j = b_i . [C] b_j
                  double C[nv][nv];
                  Mandel<dim>::matrix(out.tangent[q], C);
                  for (unsigned int j = 0; j < dofs_per_cell; ++j)
                    {
                      double C_b_j[nv];
                      for (unsigned int p = 0; p < nv; ++p)
                        {
                          double sum = 0;
                          for (unsigned int r = 0; r < nv; ++r)
                            sum += C[p][r] * Bq[j][r];
                          C_b_j[p] = sum * JxW;
                        }
                      for (unsigned int i = symmetric ? j : 0;
                           i < dofs_per_cell;
                           ++i)
                        {
                          double sum = 0;
                          for (unsigned int p = 0; p < nv; ++p)
                            sum += Bq[i][p] * C_b_j[p];
                          cell_matrix(i, j) += sum;
                        }
                    }
                }
              const Mandel<dim> sigma = Mandel<dim>::vector(out.stress[q]);
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                {
                  double r = 0;
                  for (unsigned int p = 0; p < nv; ++p)
                    r += Bq[i][p] * sigma[p];
                  if (body_force)
                    r -= fe_values.shape_value(i, q) *
                         force_values[q](component[i]);
                  cell_rhs(i) -= r * JxW;
                }
            }
          if (need_local_matrix && symmetric)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              for (unsigned int j = i + 1; j < dofs_per_cell; ++j)
                cell_matrix(i, j) = cell_matrix(j, i);

          // Internal force at the reaction DoFs: minus the cell residual.
          if (reaction_boundary != numbers::invalid_boundary_id)
            for (unsigned int i = 0; i < dofs_per_cell; ++i)
              if (reaction_dofs.is_element(dof_indices[i]))
                local_reaction[component[i]] -= cell_rhs(i);

#ifndef REJUV_WITH_PETSC
          if (add_owned_unconstrained_cell(dof_indices,
                                           constraints,
                                           cell_matrix,
                                           cell_rhs,
                                           matrix_too ? &system_matrix :
                                                        nullptr,
                                           system_rhs,
                                           local_ids))
            continue;
#endif
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
    if (Utilities::MPI::max(failure.empty() ? 0 : 1, mpi_communicator) > 0)
      throw StepFailure(failure.empty() ?
                          "local material update failed on another process" :
                          "local material update failed: " + failure);
  }

  template <int dim>
  StepStatistics
  Mechanics<dim>::solve_step(const double time_step,
                             const bool   continue_step,
                             const double pass_reduction)
  {
    current_time_step = time_step;
    const bool predict =
      !continue_step && parameters.extrapolate && have_velocity;
    if (!predict)
      return newton(time_step, continue_step, false, pass_reduction);
    try
      {
        return newton(time_step, false, true, pass_reduction);
      }
    catch (const StepFailure &)
      {
        // The extrapolated start can lie beyond what the step allows (a
        // sudden change of the flow); lifting starts from the last state.
        return newton(time_step, false, false, pass_reduction);
      }
  }

  template <int dim>
  StepStatistics
  Mechanics<dim>::newton(const double time_step,
                         const bool   continue_step,
                         const bool   predict,
                         const double pass_reduction)
  {
    StepStatistics            stats;
    AffineConstraints<double> increment_constraints;
    if (!continue_step)
      {
        make_constraints(dof_handler,
                         locally_relevant_dofs,
                         increment_constraints,
                         false);
        if (predict)
          {
            // u = u_n + dt v_n with the prescribed values exact; the
            // residual scale is that of the last lifted load, per second.
            LA::MPI::Vector u(committed_velocity);
            u *= time_step;
            increment_constraints.distribute(u);
            u += committed_solution;
            solution           = u;
            reference_residual = reference_rate * time_step;
          }
        else
          solution = committed_solution;
      }
    LA::MPI::Vector base(locally_owned_dofs, mpi_communicator);

    const bool linear = material.is_linear();
    // Without reuse, each Newton pass of a non-linear model builds its own
    // multigrid hierarchy (a linear model's matrix never changes).
    if (!linear && !linear_solver.reuses_preconditioner())
      linear_solver.invalidate();
    auto build_preconditioner = [&]() {
      TimerOutput::Scope t(timer, "AMG setup");
      if (multigrid)
        multigrid->initialize(
          mapping,
          dof_handler,
          homogeneous_constraints,
          [this](const DoFHandler<dim> &dofs, AffineConstraints<double> &c) {
            IndexSet relevant;
            DoFTools::extract_locally_relevant_dofs(dofs, relevant);
            make_constraints(dofs, relevant, c, true);
          },
          make_coarse_mesh,
          constant_tangent(material),
          volumetric_strain == VolumetricStrain::cell_mean);
      else
        linear_solver.initialize(system_matrix, mapping, dof_handler);
    };
    auto solve_linear = [&](const double target) {
      return multigrid ? multigrid->solve(newton_update, system_rhs, target) :
                         linear_solver.solve(system_matrix,
                                             newton_update,
                                             system_rhs,
                                             target);
    };
    auto preconditioner_is_stale = [&]() {
      return multigrid ? !multigrid->is_initialized() :
                         linear_solver.preconditioner_is_stale();
    };
    try
      {
        bool   assembled  = false; // at the current iterate, by the line search
        double norm       = 0;
        double first_norm = 0; // of this pass, after any lifting
        for (unsigned int it = 0; it <= parameters.max_iterations; ++it)
          {
            // The first iteration of a lifted step applies the prescribed
            // increments: its right-hand side is the load, not a residual.
            const bool lifting = (it == 0 && !continue_step && !predict);
            if (!assembled)
              {
                const bool matrix_too =
                  !multigrid && !(linear && matrix_is_current);
                assemble(lifting ? increment_constraints :
                                   homogeneous_constraints,
                         matrix_too,
                         time_step);
                if (matrix_too)
                  matrix_is_current = false;
                norm = system_rhs.l2_norm();
              }
            if (!std::isfinite(norm))
              throw StepFailure("residual is not finite");
            if (lifting)
              {
                reference_residual = norm;
                reference_rate     = norm / time_step;
              }
            else
              {
                stats.residuals.push_back(norm);
                if (parameters.verbose &&
                    Utilities::MPI::this_mpi_process(mpi_communicator) == 0)
                  std::cout << "      Newton " << it << ": |R| = " << norm
                            << std::endl;
                if (norm <= parameters.absolute_tolerance ||
                    norm <= parameters.relative_tolerance * reference_residual)
                  {
                    stats.newton_iterations = it;
                    return stats;
                  }
                if (stats.residuals.size() == 1)
                  first_norm = norm;
                else if (norm <= pass_reduction * first_norm)
                  {
                    stats.newton_iterations = it;
                    stats.converged         = false;
                    return stats;
                  }
              }
            if (it == parameters.max_iterations)
              break;
            // Inexact Newton: the linear residual is, to first order, the
            // next Newton residual, so solving further below the Newton
            // target than the factor buys nothing the test can see. A
            // lifting solve (its right-hand side a load) is solved fully.
            const double linear_target =
              lifting ?
                0.0 :
                parameters.linear_tolerance_factor *
                  std::max(parameters.absolute_tolerance,
                           parameters.relative_tolerance * reference_residual);
            // The multigrid hierarchy outlives the matrix it was built
            // from: later Newton iterations, passes and steps change the
            // tangent only a little, and the Krylov method still solves with
            // the exact matrix. It is rebuilt once the iterations grow; a
            // failed solve with an old one is repeated with a fresh one
            // before the step counts as failed.
            bool fresh = false;
            if (!matrix_is_current)
              {
                matrix_is_current = true;
                if (preconditioner_is_stale())
                  {
                    build_preconditioner();
                    fresh = true;
                  }
              }
            {
              TimerOutput::Scope t(timer, "linear solve");
              newton_update = 0;
              try
                {
                  stats.linear_iterations += solve_linear(linear_target);
                }
              catch (const LinearSolverFailure &)
                {
                  if (fresh)
                    throw;
                  build_preconditioner();
                  newton_update = 0;
                  stats.linear_iterations += solve_linear(linear_target);
                }
            }
            (lifting ? increment_constraints : homogeneous_constraints)
              .distribute(newton_update);
            base = solution;

            if (lifting)
              {
                base += newton_update;
                solution  = base;
                assembled = false;
                continue;
              }
            // Backtracking line search on the residual norm; the assembly at
            // the accepted point serves the next iteration.
            double step = 1;
            for (;;)
              {
                LA::MPI::Vector trial = base;
                trial.add(step, newton_update);
                solution          = trial;
                double trial_norm = std::numeric_limits<double>::infinity();
                try
                  {
                    assemble(homogeneous_constraints,
                             !multigrid && !(linear && matrix_is_current),
                             time_step);
                    if (!linear)
                      matrix_is_current = false;
                    trial_norm = system_rhs.l2_norm();
                  }
                catch (const StepFailure &)
                  {
                    if (step < 1.0 / 16)
                      throw;
                  }
                if (trial_norm <= (1 - 1e-4 * step) * norm || step < 1.0 / 16)
                  {
                    norm = trial_norm;
                    break;
                  }
                step /= 2;
              }
            assembled = true;
          }
        std::ostringstream msg;
        msg << "Newton did not converge in " << parameters.max_iterations
            << " iterations (last residual " << norm << ", target "
            << parameters.relative_tolerance * reference_residual << ")";
        throw StepFailure(msg.str());
      }
    catch (const LinearSolverFailure &e)
      {
        solution          = committed_solution;
        matrix_is_current = false;
        linear_solver.invalidate();
        throw StepFailure(e.what());
      }
    catch (const StepFailure &)
      {
        solution          = committed_solution;
        matrix_is_current = false;
        linear_solver.invalidate();
        throw;
      }
  }

  template class Mechanics<2>;
  template class Mechanics<3>;
} // namespace Rejuv
