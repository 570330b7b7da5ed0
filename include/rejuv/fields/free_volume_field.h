#ifndef REJUV_FIELDS_FREE_VOLUME_FIELD_H
#define REJUV_FIELDS_FREE_VOLUME_FIELD_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/lac/affine_constraints.h>

#include <rejuv/fields/free_volume_parameters.h>
#include <rejuv/fields/quadrature_field.h>
#include <rejuv/material/material_model.h>
#include <rejuv/mechanics/linear_algebra.h>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace dealii
{
  class TimerOutput;
}

namespace Rejuv
{
  template <int dim>
  class InitialFreeVolume;

  /**
   * The free volume xi as a continuous FE field (MODEL.md sections 1 and 5):
   * backward Euler for dxi/dt = div(D grad xi) + S(xi; tau_eff, gamma_dot),
   * with the local source S of the material model evaluated at the
   * mechanics' Gauss points, tau_eff and gamma_dot held fixed (one half of
   * the staggered coupling), Newton's method in xi, zero flux through the
   * boundary.
   */
  template <int dim>
  class FreeVolumeField
  {
  public:
    FreeVolumeField(
      dealii::parallel::distributed::Triangulation<dim> &triangulation,
      const unsigned int                                 degree,
      const FreeVolumeParameters                        &parameters,
      const MaterialModel                               &material,
      dealii::TimerOutput                               &timer);
    ~FreeVolumeField();

    /// Distribute DoFs; the field is zero until set_initial_values().
    void
    setup();

    /// Nodal values of @p initial (InitialFreeVolume::interpolate()).
    void
    set_initial_values(const InitialFreeVolume<dim> &initial);

    /**
     * Solve the step of length @p time_step from the committed field with
     * gamma_dot and tau_eff from @p flow (components 0 and 1). Returns max
     * |xi_new - xi_before|, the change against the previous iterate. Throws
     * StepFailure if Newton fails or xi leaves (0, infinity).
     */
    double
    solve(const double time_step, const QuadratureField<dim> &flow);

    /**
     * Start of a step of length @p time_step: xi := the committed field
     * plus the last committed step's rate over @p time_step (never below
     * half the committed value), so that the first mechanics pass already
     * sees most of the step's change. Without a rate (first step, a mesh
     * change before any step) xi stays the committed field.
     */
    void
    predict(const double time_step);

    void
    commit();
    void
    revert();

    /**
     * @name State through mesh changes and checkpoints
     * The committed and the initial field (and the rate of predict()) move
     * with the mesh (as Mechanics); after an interpolation the two fields
     * are clipped to the range they had before, so no new extrema (and no
     * xi <= 0) appear.
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

    const dealii::DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }

    /// xi with ghost values [-].
    const LA::MPI::Vector &
    get_solution() const
    {
      return solution;
    }

    /// xi at t = 0, ghosted [-].
    const LA::MPI::Vector &
    get_initial_solution() const
    {
      return initial_solution;
    }

    /**
     * Build the preconditioner of the free-volume solves afresh at the next
     * solve (it is otherwise kept while the time step stays and the GMRES
     * iterations do not grow by half). After a checkpoint: a resumed run
     * starts with a fresh one, and so must the run that goes on.
     */
    void
    rebuild_preconditioner();

    /// Volume integral and extremes of xi: {integral, min, max}.
    std::array<double, 3>
    integrals() const;

  private:
    /// Residual (always) and Jacobian of the backward-Euler step.
    void
    assemble(const double time_step, const QuadratureField<dim> &flow);

    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    const dealii::FE_Q<dim>                            fe;
    const dealii::MappingQ<dim>                        mapping;
    const dealii::QGauss<dim>                          quadrature;
    const FreeVolumeParameters                         parameters;
    const MaterialModel                               &material;
    dealii::TimerOutput                               &timer;
    MPI_Comm                                           mpi_communicator;

    dealii::DoFHandler<dim>           dof_handler;
    dealii::IndexSet                  locally_owned_dofs, locally_relevant_dofs;
    dealii::AffineConstraints<double> constraints;
    LA::MPI::SparseMatrix             system_matrix;
    LA::MPI::Vector                   system_rhs;         // owned
    LA::MPI::Vector                   solution;           // ghosted
    LA::MPI::Vector                   committed_solution; // ghosted
    LA::MPI::Vector                   initial_solution;   // ghosted
    /// (xi_n - xi_{n-1}) / dt of the last committed step [1/s], ghosted
    LA::MPI::Vector committed_rate;
    double          current_time_step = 0;

    /// setup(), then the committed and initial field and the rate from
    /// @p read (given three owned vectors to fill).
    void
    read_state(
      const std::function<void(std::vector<LA::MPI::Vector *> &)> &read);

    /// Preconditioner kept across Newton iterations, passes and steps.
    struct Preconditioner;
    std::unique_ptr<Preconditioner> preconditioner;

    /// Pending transfer (after the DoFHandler it watches).
    struct Transfer;
    std::unique_ptr<Transfer> transfer;
  };
} // namespace Rejuv

#endif
