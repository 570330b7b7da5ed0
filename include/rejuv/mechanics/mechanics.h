#ifndef REJUV_MECHANICS_MECHANICS_H
#define REJUV_MECHANICS_MECHANICS_H

#include <deal.II/base/function.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/component_mask.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/lac/affine_constraints.h>

#include <rejuv/fields/quadrature_field.h>
#include <rejuv/material/material_model.h>
#include <rejuv/mechanics/linear_algebra.h>
#include <rejuv/mechanics/linear_solver.h>
#include <rejuv/mechanics/multigrid_solver.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace dealii
{
  class TimerOutput;
}

namespace Rejuv
{
  /**
   * Subsection "Nonlinear solver": Newton's method on the global
   * equilibrium equations.
   */
  struct NonlinearSolverParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    // Defaults as declared (for code that fills the struct itself).
    unsigned int max_iterations     = 20;
    double       relative_tolerance = 1e-8;
    double       absolute_tolerance = 1e-10;
    /// Start each step from the last step's velocity extrapolated (true) or
    /// by lifting the prescribed increment off the committed state.
    bool extrapolate = true;
    /// inexact Newton: linear solves stop at this fraction of the Newton
    /// target residual; 0: at the linear solver's own tolerance
    double linear_tolerance_factor = 0.1;
    bool   verbose                 = false;
  };

  /// A step that did not converge; the caller cuts the time step.
  class StepFailure : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /**
   * Prescribed displacement increment over one step on a boundary: the
   * components in @p mask take the values of @p increment.
   */
  template <int dim>
  struct DirichletCondition
  {
    dealii::types::boundary_id                   boundary_id;
    std::shared_ptr<const dealii::Function<dim>> increment;
    dealii::ComponentMask                        mask;
  };

  /// Component @p component of the displacement at vertex @p point is held.
  template <int dim>
  struct PointConstraint
  {
    dealii::Point<dim> point;
    unsigned int       component;
  };

  /**
   * How the volumetric strain enters the material: at each quadrature point
   * (the standard displacement method), or as its cell mean, the B-bar
   * (mean-dilatation) method of Hughes (1980). Isochoric plastic flow makes
   * the plastic zone nearly incompressible, and fully integrated Q1 elements
   * then lock: bands pin to the cell diagonals. The cell mean removes the
   * locking; deviatoric strains stay pointwise.
   */
  enum class VolumetricStrain
  {
    pointwise,
    cell_mean
  };

  struct StepStatistics
  {
    unsigned int        newton_iterations = 0;
    unsigned int        linear_iterations = 0;
    std::vector<double> residuals;
    /// false when the pass stopped at its own reduction target (see
    /// Mechanics::solve_step()) before the Newton tolerance
    bool converged = true;
  };

  /**
   * Quasi-static equilibrium div sigma + b = 0 for the displacement field,
   * small strain, any MaterialModel; Newton's method with the model's
   * consistent tangent. In 2D the state is plane strain.
   */
  template <int dim>
  class Mechanics
  {
  public:
    Mechanics(dealii::parallel::distributed::Triangulation<dim> &triangulation,
              const unsigned int                                 degree,
              const MaterialModel                               &material,
              const LinearSolverParameters                      &linear_solver,
              const NonlinearSolverParameters &nonlinear_solver,
              dealii::TimerOutput             &timer);
    ~Mechanics();

    /// Distribute DoFs and size everything for the current mesh.
    void
    setup();

    /**
     * The Dirichlet conditions (as increments per step) and vertex
     * constraints that hold from now on. Changing values keeps the
     * structure; changing which boundaries or components are held needs a
     * call to setup() afterwards.
     */
    void
    set_boundary_conditions(
      const std::vector<DirichletCondition<dim>> &dirichlet,
      const std::vector<PointConstraint<dim>>    &points);

    void
    set_body_force(std::shared_ptr<const dealii::Function<dim>> body_force);

    /// For Linear solver/Solver = gmg: a function that builds the coarse
    /// mesh anew, from which the multigrid refines its coarser meshes when
    /// the mesh is uniformly refined (faster than coarsening copies).
    void
    set_coarse_mesh(
      const std::function<void(dealii::Triangulation<dim> &)> &coarse_mesh)
    {
      make_coarse_mesh = coarse_mesh;
    }

    /// Pointwise (default) or B-bar volumetric strain; before setup().
    void
    set_volumetric_strain(const VolumetricStrain v)
    {
      volumetric_strain = v;
    }

    /// Boundary on which reaction_force() sums the nodal reactions.
    void
    set_reaction_boundary(const dealii::types::boundary_id id);

    /**
     * Free volume xi at the quadrature points is read from this FE field
     * (ghosted vector on @p dof_handler, same triangulation); without it
     * the material sees xi = 0.
     */
    void
    set_free_volume(const dealii::DoFHandler<dim> &dof_handler,
                    const LA::MPI::Vector         &free_volume);

    /**
     * Newton's method with line search for the step of length
     * @p time_step. A new step starts from the last committed step's
     * velocity extrapolated over @p time_step, the prescribed increments
     * exact (Nonlinear solver/Predictor = extrapolate), or else from the
     * committed state with the prescribed increments lifted in a first
     * linear solve (also the first step, and the fallback when the
     * extrapolated start fails). With @p continue_step, it starts from the
     * current iterate (another pass of a staggered scheme after the free
     * volume changed). With @p pass_reduction > 0 the pass also stops once
     * its residual fell below that fraction of its first one (a staggered
     * pass that another free-volume update will follow); the result then
     * says whether the Newton tolerance was reached. On failure the
     * committed state is restored and StepFailure thrown, on all processes.
     */
    StepStatistics
    solve_step(const double time_step,
               const bool   continue_step  = false,
               const double pass_reduction = 0);

    /**
     * Build the multigrid preconditioner afresh at the next solve. The
     * simulator calls it after writing a checkpoint: a run resumed from it
     * starts with a fresh one, and so must the run that goes on.
     */
    void
    rebuild_preconditioner()
    {
      linear_solver.invalidate();
      if (multigrid)
        multigrid->invalidate();
    }

    /**
     * The residual scale of the extrapolated start: the norm of the last
     * lifted load per second of step [N/s in 3D, N/(m s) in 2D]; 0 when
     * the next step cannot be extrapolated. A checkpoint stores it with the
     * velocity field, so that a resumed run repeats the uninterrupted one.
     */
    double
    get_predictor_scale() const
    {
      return have_velocity ? reference_rate : 0.0;
    }
    void
    set_predictor_scale(const double scale)
    {
      reference_rate = scale;
      have_velocity  = scale > 0;
    }

    /// Committed (and current) displacement := the nodal interpolation of
    /// @p u (dim components) [m]: a prescribed initial state, tests.
    void
    interpolate_displacement(const dealii::Function<dim> &u);

    /// Accept the converged step: its displacement and history become the
    /// starting point of the next one.
    void
    commit();

    /// Back to the committed state (a failed step of a coupled scheme).
    void
    revert();

    /**
     * @name State through mesh changes and checkpoints
     * The committed displacement and history move with the mesh: call
     * prepare_for_mesh_change() before the triangulation is refined,
     * coarsened or repartitioned and finish_mesh_change() after (DoFs
     * redistributed, hanging-node constraints applied to the displacement,
     * history bounds enforced); prepare_for_serialization() before
     * Triangulation::save() and deserialize() after Triangulation::load().
     * Only between steps (after commit()).
     */
    ///@{
    void
    prepare_for_mesh_change();
    void
    finish_mesh_change();
    void
    prepare_for_serialization();
    void
    deserialize();
    ///@}

    /// Committed history (nullptr for models without history).
    const QuadratureField<dim> *
    get_history_field() const
    {
      return committed_history.get();
    }

    /// plastic_shear_rate [1/s] and effective_shear_stress [Pa] at the
    /// Gauss points of the last evaluation.
    const QuadratureField<dim> &
    get_flow_field() const
    {
      return flow_field;
    }

    const dealii::Quadrature<dim> &
    get_quadrature() const
    {
      return quadrature;
    }

    const MaterialModel &
    get_material() const
    {
      return material;
    }

    /**
     * Sum over the reaction boundary of the nodal internal forces of the
     * converged state (the variationally consistent reaction) [N in 3D,
     * N/m in 2D]; tension positive.
     */
    dealii::Tensor<1, dim>
    reaction_force() const
    {
      return reaction;
    }

    const dealii::DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }

    const dealii::Mapping<dim> &
    get_mapping() const
    {
      return mapping;
    }

    /// Displacement with ghost values [m].
    const LA::MPI::Vector &
    get_solution() const
    {
      return solution;
    }

    /// Stress at the Gauss points of the last evaluation [Pa], 3D components
    /// xx, yy, zz, xy, xz, yz.
    const QuadratureField<dim> &
    get_stress_field() const
    {
      return stress_field;
    }

    dealii::types::global_dof_index
    n_dofs() const
    {
      return dof_handler.n_dofs();
    }

  private:
    /**
     * Hanging nodes, platens (zero with @p homogeneous, else the increments)
     * and point constraints of @p dofs: the mechanics' own DoFHandler, or a
     * coarser mesh of the geometric multigrid.
     */
    void
    make_constraints(const dealii::DoFHandler<dim>     &dofs,
                     const dealii::IndexSet            &relevant,
                     dealii::AffineConstraints<double> &constraints,
                     const bool                         homogeneous) const;
    /**
     * Assemble -R(u) into system_rhs and, if @p matrix_too, the tangent;
     * the local matrices are always formed when @p constraints carry
     * inhomogeneities (lifting of prescribed increments).
     */
    void
    assemble(const dealii::AffineConstraints<double> &constraints,
             const bool                               matrix_too,
             const double                             time_step);

    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    const dealii::FESystem<dim>                        fe;
    const dealii::MappingQ<dim>                        mapping;
    const dealii::QGauss<dim>                          quadrature;
    const MaterialModel                               &material;
    const NonlinearSolverParameters                    parameters;
    dealii::TimerOutput                               &timer;
    MPI_Comm                                           mpi_communicator;

    dealii::DoFHandler<dim> dof_handler;
    dealii::IndexSet        locally_owned_dofs;
    dealii::IndexSet        locally_relevant_dofs;
    dealii::IndexSet        reaction_dofs;

    std::vector<DirichletCondition<dim>>         dirichlet;
    std::vector<PointConstraint<dim>>            point_constraints;
    std::shared_ptr<const dealii::Function<dim>> body_force;
    dealii::types::boundary_id                   reaction_boundary;
    VolumetricStrain volumetric_strain = VolumetricStrain::pointwise;

    dealii::AffineConstraints<double> homogeneous_constraints;
    LA::MPI::SparseMatrix             system_matrix;
    LA::MPI::Vector                   solution;           // ghosted
    LA::MPI::Vector                   committed_solution; // owned
    /// (u_n - u_{n-1}) / dt of the last committed step [m/s], owned
    LA::MPI::Vector committed_velocity;
    bool            have_velocity     = false;
    double          current_time_step = 0;
    LA::MPI::Vector system_rhs;    // owned
    LA::MPI::Vector newton_update; // owned
    bool            matrix_is_current = false;

    LinearSolver<dim> linear_solver;
    /// Linear solver/Solver = gmg: the matrix-free multigrid, and no
    /// assembled system_matrix.
    std::unique_ptr<MultigridSolver<dim>>             multigrid;
    std::function<void(dealii::Triangulation<dim> &)> make_coarse_mesh;
    QuadratureField<dim>                              stress_field;
    QuadratureField<dim>                              flow_field;
    std::unique_ptr<QuadratureField<dim>> committed_history, trial_history;
    dealii::Tensor<1, dim>                reaction;
    /// Norm of the load of the first pass of the current step.
    double reference_residual = 0;
    /// reference_residual / time_step of the last lifted step
    double reference_rate = 0;

    /// One Newton solve of solve_step(), from the extrapolated state if
    /// @p predict.
    StepStatistics
    newton(const double time_step,
           const bool   continue_step,
           const bool   predict,
           const double pass_reduction);

    const dealii::DoFHandler<dim> *free_volume_dof_handler = nullptr;
    const LA::MPI::Vector         *free_volume             = nullptr;

    /// Pending transfer of the displacement (declared after the
    /// DoFHandler it watches, so that it dies first).
    struct Transfer;
    std::unique_ptr<Transfer> transfer;

    /// After new DoFs got their values: hanging nodes, history bounds,
    /// trial state = committed state.
    void
    finish_transfer();
  };
} // namespace Rejuv

#endif
