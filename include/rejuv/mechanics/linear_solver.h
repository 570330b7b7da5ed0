#ifndef REJUV_MECHANICS_LINEAR_SOLVER_H
#define REJUV_MECHANICS_LINEAR_SOLVER_H

#include <deal.II/base/parameter_handler.h>

#include <rejuv/mechanics/linear_algebra.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace dealii
{
  template <int dim, int spacedim>
  class DoFHandler;
  template <int dim, int spacedim>
  class Mapping;
} // namespace dealii

namespace Rejuv
{
  /**
   * Subsection "Linear solver".
   */
  struct LinearSolverParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    // Defaults as declared (for code that fills the struct itself).
    /// auto | cg | gmres | direct
    std::string  solver                = "auto";
    double       relative_tolerance    = 1e-8;
    unsigned int max_iterations        = 1000;
    double       aggregation_threshold = 1e-4;
    unsigned int smoother_sweeps       = 2;
    bool         use_rigid_body_modes  = true;
    /// rebuild the multigrid once a solve needs more than this factor times
    /// the iterations per decade of residual reduction of the first solve
    /// after the build; 0: every pass
    double amg_rebuild_factor = 1.5;
  };

  /// Thrown when a linear solve does not converge; the caller cuts the step.
  class LinearSolverFailure : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /**
   * Krylov solver with algebraic multigrid for the displacement system, the
   * rigid-body modes as near null space (Trilinos ML), or a direct solver.
   */
  template <int dim>
  class LinearSolver
  {
  public:
    /**
     * @p symmetric_matrix: whether the systems will be symmetric; "auto"
     * then picks CG, else GMRES. CG for a non-symmetric matrix is an input
     * error.
     */
    LinearSolver(const LinearSolverParameters &parameters,
                 const bool                    symmetric_matrix);
    ~LinearSolver();

    /// Build the preconditioner for @p matrix (the expensive part).
    void
    initialize(const LA::MPI::SparseMatrix        &matrix,
               const dealii::Mapping<dim, dim>    &mapping,
               const dealii::DoFHandler<dim, dim> &dof_handler);

    /**
     * Solve until the residual is below Relative tolerance times |rhs| or
     * below @p absolute_tolerance, whichever is larger (an inexact Newton
     * step needs no more than its own convergence test can see). Returns
     * the number of iterations. Throws LinearSolverFailure.
     */
    unsigned int
    solve(const LA::MPI::SparseMatrix &matrix,
          LA::MPI::Vector             &solution,
          const LA::MPI::Vector       &rhs,
          const double                 absolute_tolerance = 0);

    bool
    is_initialized() const;

    /**
     * Whether the preconditioner is kept from one Newton pass to the next
     * (Linear solver/AMG rebuild factor > 0). Its hierarchy then stems from
     * an earlier matrix, while the Krylov method solves with the current
     * one: the iterations grow as the tangent drifts away, and
     * preconditioner_is_stale() says when to rebuild.
     */
    bool
    reuses_preconditioner() const;

    /// Not built, or (with reuse) the last solve needed more than the
    /// rebuild factor times the iterations per decade of residual reduction
    /// of the first solve after the last build (per decade, so that solves
    /// to different tolerances compare).
    bool
    preconditioner_is_stale() const;

    /// Forget the preconditioner (the matrix was reinitialised, or a run
    /// must continue exactly as a resumed one would).
    void
    invalidate();

  private:
    const LinearSolverParameters parameters;
    /// cg | gmres | direct, "auto" resolved
    const std::string method;
    struct Data;
    std::unique_ptr<Data> data;
  };
} // namespace Rejuv

#endif
