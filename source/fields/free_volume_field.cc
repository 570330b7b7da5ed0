#include <deal.II/base/timer.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/dofs/dof_renumbering.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/vector_tools.h>

#include <rejuv/base/input_error.h>
#include <rejuv/fields/free_volume_field.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/mechanics/mechanics.h>

#ifdef REJUV_WITH_PETSC
#  include <deal.II/lac/petsc_precondition.h>
#else
#  include <deal.II/lac/trilinos_precondition.h>
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  void
  FreeVolumeParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume");
    {
      prm.declare_entry("Internal length",
                        "0",
                        Patterns::Double(0),
                        "l of the diffusion regularisation D = l^2/t_D "
                        "(MODEL.md section 5) [m]; it sets the shear-band "
                        "width independently of the mesh. Choose l >= 3 "
                        "h_min; 0 switches diffusion off.");
      prm.declare_entry("Diffusion time",
                        "100",
                        Patterns::Double(1e-12),
                        "t_D in D = l^2/t_D [s]; about the time a band takes "
                        "to form (strain to localise / strain rate).");
      prm.declare_entry("Staggered tolerance",
                        "1e-6",
                        Patterns::Double(0),
                        "The mechanics/free-volume iteration of a step stops "
                        "when the free volume changes by less than this "
                        "between passes (maximum norm) [-].");
      prm.declare_entry("Staggered pass reduction",
                        "0.05",
                        Patterns::Double(0, 1),
                        "A mechanics pass that another free-volume update "
                        "will follow stops once its residual fell to this "
                        "fraction of its first one (the update raises it "
                        "again); the last pass always reaches the Newton "
                        "tolerance. 0: every pass to the Newton tolerance "
                        "[-].");
      prm.declare_entry("Maximum staggered iterations",
                        "20",
                        Patterns::Integer(1, 1000),
                        "Passes per step before the step is cut [-].");
    }
    prm.leave_subsection();
  }

  void
  FreeVolumeParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume");
    {
      internal_length          = prm.get_double("Internal length");
      diffusion_time           = prm.get_double("Diffusion time");
      staggered_tolerance      = prm.get_double("Staggered tolerance");
      staggered_pass_reduction = prm.get_double("Staggered pass reduction");
      max_staggered_iterations =
        prm.get_integer("Maximum staggered iterations");
    }
    prm.leave_subsection();
  }


  template <int dim>
  FreeVolumeField<dim>::FreeVolumeField(
    parallel::distributed::Triangulation<dim> &triangulation,
    const unsigned int                         degree,
    const FreeVolumeParameters                &parameters,
    const MaterialModel                       &material,
    TimerOutput                               &timer)
    : triangulation(triangulation)
    , fe(degree)
    , mapping(degree)
    , quadrature(degree + 1)
    , parameters(parameters)
    , material(material)
    , timer(timer)
    , mpi_communicator(triangulation.get_communicator())
    , dof_handler(triangulation)
    , preconditioner(std::make_unique<Preconditioner>())
  {}

  template <int dim>
  struct FreeVolumeField<dim>::Transfer
  {
    Transfer(const DoFHandler<dim> &dof_handler)
      : transfer(dof_handler)
    {}
    parallel::distributed::SolutionTransfer<dim, LA::MPI::Vector> transfer;
    /// range of the committed and the initial field before the change
    std::array<std::pair<double, double>, 2> bounds;
  };

  template <int dim>
  struct FreeVolumeField<dim>::Preconditioner
  {
#ifdef REJUV_WITH_PETSC
    PETScWrappers::PreconditionBlockJacobi ilu;
#else
    TrilinosWrappers::PreconditionILU ilu;
#endif
    bool         current          = false;
    double       time_step        = 0;
    unsigned int first_iterations = 0; // of the first solve after a build
    unsigned int last_iterations  = 0;

    void
    build(const LA::MPI::SparseMatrix &matrix, const double dt)
    {
      ilu.initialize(matrix);
      current          = true;
      time_step        = dt;
      first_iterations = 0;
      last_iterations  = 0;
    }
  };

  template <int dim>
  void
  FreeVolumeField<dim>::rebuild_preconditioner()
  {
    preconditioner->current = false;
  }

  template <int dim>
  FreeVolumeField<dim>::~FreeVolumeField()
  {
    transfer.reset();
    dof_handler.clear();
  }

  namespace
  {
    /// {min, max} over all processes of the owned entries.
    std::pair<double, double>
    global_range(const LA::MPI::Vector &v, const IndexSet &owned, MPI_Comm c)
    {
      double lo = std::numeric_limits<double>::max(), hi = -lo;
      for (const auto i : owned)
        {
          lo = std::min(lo, double(v(i)));
          hi = std::max(hi, double(v(i)));
        }
      return {Utilities::MPI::min(lo, c), Utilities::MPI::max(hi, c)};
    }
  } // namespace

  template <int dim>
  void
  FreeVolumeField<dim>::prepare_for_mesh_change()
  {
    transfer = std::make_unique<Transfer>(dof_handler);
    transfer->bounds[0] =
      global_range(committed_solution, locally_owned_dofs, mpi_communicator);
    transfer->bounds[1] =
      global_range(initial_solution, locally_owned_dofs, mpi_communicator);
    transfer->transfer.prepare_for_coarsening_and_refinement(
      {&committed_solution, &initial_solution, &committed_rate});
  }

  template <int dim>
  void
  FreeVolumeField<dim>::finish_mesh_change()
  {
    Assert(transfer, ExcMessage("prepare_for_mesh_change() was not called"));
    read_state([this](std::vector<LA::MPI::Vector *> &out) {
      transfer->transfer.interpolate(out);
      for (unsigned int k = 0; k < 3; ++k)
        {
          constraints.distribute(*out[k]);
          if (k < 2)
            for (const auto i : locally_owned_dofs)
              (*out[k])(i) = std::clamp(double((*out[k])(i)),
                                        transfer->bounds[k].first,
                                        transfer->bounds[k].second);
          out[k]->compress(VectorOperation::insert);
        }
    });
    transfer.reset();
  }

  template <int dim>
  void
  FreeVolumeField<dim>::read_state(
    const std::function<void(std::vector<LA::MPI::Vector *> &)> &read)
  {
    setup();
    LA::MPI::Vector committed(locally_owned_dofs, mpi_communicator);
    LA::MPI::Vector initial(locally_owned_dofs, mpi_communicator);
    LA::MPI::Vector rate(locally_owned_dofs, mpi_communicator);
    std::vector<LA::MPI::Vector *> out = {&committed, &initial, &rate};
    read(out);
    committed_solution = committed;
    solution           = committed;
    initial_solution   = initial;
    committed_rate     = rate;
  }

  template <int dim>
  void
  FreeVolumeField<dim>::prepare_for_serialization()
  {
    transfer = std::make_unique<Transfer>(dof_handler);
    transfer->transfer.prepare_for_serialization(
      {&committed_solution, &initial_solution, &committed_rate});
  }

  template <int dim>
  void
  FreeVolumeField<dim>::deserialize()
  {
    read_state([this](std::vector<LA::MPI::Vector *> &out) {
      Transfer t(dof_handler);
      t.transfer.deserialize(out);
    });
  }

  template <int dim>
  void
  FreeVolumeField<dim>::setup()
  {
    dof_handler.distribute_dofs(fe);
    DoFRenumbering::hierarchical(dof_handler); // as Mechanics::setup()
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);
    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    constraints.close();

    DynamicSparsityPattern dsp(locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               locally_owned_dofs,
                                               mpi_communicator,
                                               locally_relevant_dofs);
    system_matrix.reinit(locally_owned_dofs,
                         locally_owned_dofs,
                         dsp,
                         mpi_communicator);
    preconditioner->current = false; // it refers to the old matrix
    system_rhs.reinit(locally_owned_dofs, mpi_communicator);
    for (auto *v :
         {&solution, &committed_solution, &initial_solution, &committed_rate})
      v->reinit(locally_owned_dofs, locally_relevant_dofs, mpi_communicator);
  }

  template <int dim>
  void
  FreeVolumeField<dim>::set_initial_values(
    const InitialFreeVolume<dim> &initial)
  {
    LA::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    initial.interpolate(mapping, dof_handler, owned);
    constraints.distribute(owned);
    solution           = owned;
    committed_solution = owned;
    initial_solution   = owned;
  }

  template <int dim>
  void
  FreeVolumeField<dim>::assemble(const double                time_step,
                                 const QuadratureField<dim> &flow)
  {
    system_matrix = 0;
    system_rhs    = 0;
    FEValues<dim>      fe_values(mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients |
                              update_JxW_values);
    const unsigned int n_q           = quadrature.size();
    const unsigned int dofs_per_cell = fe.n_dofs_per_cell();
    const double       D             = parameters.diffusivity();
    FullMatrix<double> cell_matrix(dofs_per_cell, dofs_per_cell);
    Vector<double>     cell_rhs(dofs_per_cell);
    std::vector<types::global_dof_index> dof_indices(dofs_per_cell);
    std::vector<double>                  xi(n_q), xi_old(n_q);
    std::vector<Tensor<1, dim>>          grad_xi(n_q);
    Vector<double>                       local_xi(dofs_per_cell);
    Vector<double>                       local_xi_old(dofs_per_cell);
    std::vector<double>                  flow_values(n_q * flow.n_components());
    AssertThrow(flow.n_points_per_cell() == n_q, ExcInternalError());

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          // (FEValues::get_function_values() would allocate per call for
          // these vectors)
          cell->get_dof_values(solution, local_xi);
          cell->get_dof_values(committed_solution, local_xi_old);
          for (unsigned int q = 0; q < n_q; ++q)
            {
              xi[q]      = 0;
              xi_old[q]  = 0;
              grad_xi[q] = 0;
              for (unsigned int j = 0; j < dofs_per_cell; ++j)
                {
                  xi[q] += local_xi[j] * fe_values.shape_value(j, q);
                  xi_old[q] += local_xi_old[j] * fe_values.shape_value(j, q);
                  grad_xi[q] += local_xi[j] * fe_values.shape_grad(j, q);
                }
            }
          flow.get(cell, flow_values.data());
          cell_matrix = 0;
          cell_rhs    = 0;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double rate    = flow_values[q * flow.n_components()];
              const double tau_eff = flow_values[q * flow.n_components() + 1];
              double       dS      = 0;
              const double S =
                xi[q] > 0 ?
                  material.free_volume_source(xi[q], tau_eff, rate, dS) :
                  0.0;
              const double JxW = fe_values.JxW(q);
              for (unsigned int i = 0; i < dofs_per_cell; ++i)
                {
                  const double          phi_i = fe_values.shape_value(i, q);
                  const Tensor<1, dim> &grad_phi_i = fe_values.shape_grad(i, q);
                  cell_rhs(i) -= ((xi[q] - xi_old[q]) / time_step * phi_i +
                                  D * (grad_xi[q] * grad_phi_i) - S * phi_i) *
                                 JxW;
                  for (unsigned int j = 0; j < dofs_per_cell; ++j)
                    cell_matrix(i, j) +=
                      ((1 / time_step - dS) * phi_i *
                         fe_values.shape_value(j, q) +
                       D * (grad_phi_i * fe_values.shape_grad(j, q))) *
                      JxW;
                }
            }
          constraints.distribute_local_to_global(cell_matrix,
                                                 cell_rhs,
                                                 dof_indices,
                                                 system_matrix,
                                                 system_rhs);
        }
    system_matrix.compress(VectorOperation::add);
    system_rhs.compress(VectorOperation::add);
  }

  template <int dim>
  double
  FreeVolumeField<dim>::solve(const double                time_step,
                              const QuadratureField<dim> &flow)
  {
    TimerOutput::Scope t(timer, "free volume");
    current_time_step = time_step;
    LA::MPI::Vector start(locally_owned_dofs, mpi_communicator);
    start = solution;
    LA::MPI::Vector owned(locally_owned_dofs, mpi_communicator);
    LA::MPI::Vector update(locally_owned_dofs, mpi_communicator);
    const double    scale = std::max(committed_solution.linfty_norm(), 1e-300);

    double last_size = 0; // of the last update, relative to scale
    for (unsigned int it = 0; it < 30; ++it)
      {
        assemble(time_step, flow);
        const double rhs_norm = system_rhs.l2_norm();
        if (!std::isfinite(rhs_norm))
          throw StepFailure("free-volume residual is not finite");

        // The preconditioner of an earlier matrix serves while the time
        // step (the M/dt part) stays and GMRES needs at most 1.5x the
        // iterations of its first solve; a failure with an old one retries
        // with a fresh one.
        auto &pc = *preconditioner;
        if (!pc.current || pc.time_step != time_step ||
            pc.last_iterations > 1.5 * pc.first_iterations + 2)
          pc.build(system_matrix, time_step);
        // 1e-8: the update is then exact to 1e-8 of itself; with the
        // quadratic Newton convergence the stop test below still leaves an
        // error far below round-off of xi (tighter solves cost a third more
        // GMRES iterations for nothing).
        SolverControl control(1000, 1e-8 * rhs_norm + 1e-300);
        for (;;)
          {
            update = 0;
            try
              {
                // right preconditioning: the tolerance applies to the true
                // residual
                SolverGMRES<LA::MPI::Vector> gmres(
                  control,
                  SolverGMRES<LA::MPI::Vector>::AdditionalData(50, true));
                gmres.solve(system_matrix, update, system_rhs, pc.ilu);
                break;
              }
            catch (const SolverControl::NoConvergence &)
              {
                if (pc.first_iterations == 0)
                  {
                    pc.current = false;
                    throw StepFailure(
                      "free-volume linear solver did not converge");
                  }
                pc.build(system_matrix, time_step);
              }
          }
        if (pc.first_iterations == 0)
          pc.first_iterations = control.last_step();
        pc.last_iterations = control.last_step();
        constraints.distribute(update);
        owned = solution;
        owned += update;
        solution = owned;
        // Converged when the update is at round-off, or when quadratic
        // convergence (the contraction measured from the last two updates)
        // puts the next one below 1e-13: one assembly and solve fewer.
        const double size = update.linfty_norm() / scale;
        const double next = (it > 0 && size < last_size) ?
                              size * size / (last_size * last_size) * size :
                              1.0;
        last_size         = size;
        if (size <= 1e-12 || next <= 1e-13)
          {
            double min_xi = std::numeric_limits<double>::max();
            for (const auto i : locally_owned_dofs)
              min_xi = std::min(min_xi, double(owned[i]));
            min_xi = Utilities::MPI::min(min_xi, mpi_communicator);
            if (!(min_xi > 0))
              {
                std::ostringstream msg;
                msg << "free volume fell to " << min_xi << " (must stay > 0)";
                throw StepFailure(msg.str());
              }
            owned -= start;
            return owned.linfty_norm();
          }
      }
    throw StepFailure("free-volume Newton iteration did not converge");
  }

  template <int dim>
  void
  FreeVolumeField<dim>::predict(const double time_step)
  {
    LA::MPI::Vector xi(locally_owned_dofs, mpi_communicator);
    for (const auto i : locally_owned_dofs)
      {
        const double xi_n = committed_solution(i);
        xi(i) = std::max(xi_n + time_step * committed_rate(i), 0.5 * xi_n);
      }
    xi.compress(VectorOperation::insert);
    solution = xi;
  }

  template <int dim>
  void
  FreeVolumeField<dim>::commit()
  {
    if (current_time_step > 0)
      {
        LA::MPI::Vector rate(locally_owned_dofs, mpi_communicator);
        for (const auto i : locally_owned_dofs)
          rate(i) = (solution(i) - committed_solution(i)) / current_time_step;
        rate.compress(VectorOperation::insert);
        committed_rate = rate;
      }
    committed_solution = solution;
  }

  template <int dim>
  void
  FreeVolumeField<dim>::revert()
  {
    solution = committed_solution;
  }

  template <int dim>
  std::array<double, 3>
  FreeVolumeField<dim>::integrals() const
  {
    FEValues<dim>       fe_values(mapping,
                            fe,
                            quadrature,
                            update_values | update_JxW_values);
    std::vector<double> xi(quadrature.size());
    double              integral = 0;
    double              lo = std::numeric_limits<double>::max(), hi = -lo;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(solution, xi);
          for (unsigned int q = 0; q < xi.size(); ++q)
            {
              integral += xi[q] * fe_values.JxW(q);
              lo = std::min(lo, xi[q]);
              hi = std::max(hi, xi[q]);
            }
        }
    return {{Utilities::MPI::sum(integral, mpi_communicator),
             Utilities::MPI::min(lo, mpi_communicator),
             Utilities::MPI::max(hi, mpi_communicator)}};
  }

  template class FreeVolumeField<2>;
  template class FreeVolumeField<3>;
} // namespace Rejuv
