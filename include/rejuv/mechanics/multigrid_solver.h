#ifndef REJUV_MECHANICS_MULTIGRID_SOLVER_H
#define REJUV_MECHANICS_MULTIGRID_SOLVER_H

#include <deal.II/base/symmetric_tensor.h>

#include <rejuv/mechanics/linear_algebra.h>
#include <rejuv/mechanics/linear_solver.h>

#include <functional>
#include <memory>

namespace dealii
{
  template <int dim, int spacedim>
  class DoFHandler;
  template <int dim, int spacedim>
  class Mapping;
  template <typename number>
  class AffineConstraints;
  template <int dim, int spacedim>
  class Triangulation;
} // namespace dealii

namespace Rejuv
{
  /**
   * Matrix-free geometric multigrid for the displacement system of a
   * material with a constant tangent (`Linear solver/Solver = gmg`): CG
   * preconditioned by a V-cycle over the levels of global coarsening (each
   * level a mesh of its own, with its own hanging-node and boundary
   * constraints), Chebyshev smoothing around the point-Jacobi
   * preconditioner, CG on the coarse mesh. No global matrix is assembled:
   * the operator is applied cell by cell with sum factorisation
   * (deal.II's MatrixFree), which is what saves the assembled matrix and the
   * algebraic hierarchy (doc/performance.md).
   *
   * The operator is the one Mechanics assembles: strain operators with the
   * cell-mean (B-bar) volumetric strain or the pointwise one, stress = C :
   * strain with the material's tangent C, which must be isotropic (linear
   * elasticity; plane strain in 2D). Polynomial degrees 1 and 2.
   */
  template <int dim>
  class MultigridSolver
  {
  public:
    /// Makes the constraints of a coarser level's DoFHandler: hanging
    /// nodes and the homogeneous boundary conditions, as on the finest one.
    using LevelConstraints =
      std::function<void(const dealii::DoFHandler<dim, dim> &,
                         dealii::AffineConstraints<double> &)>;

    /// Fills an empty triangulation with the coarse mesh (manifolds
    /// attached, not refined): the specimen anew.
    using CoarseMesh = std::function<void(dealii::Triangulation<dim, dim> &)>;

    MultigridSolver(const LinearSolverParameters &parameters);
    ~MultigridSolver();

    /**
     * Builds the levels for the current mesh of @p dof_handler, whose
     * homogeneous constraints are @p constraints. The objects must outlive
     * the solver's use of them until the next initialize() or invalidate().
     * A uniformly refined mesh gets its coarser meshes from @p coarse_mesh
     * refined globally (if given); others, and meshes with hanging nodes,
     * from copies of the mesh coarsened (deal.II's
     * create_geometric_coarsening_sequence, several times slower).
     */
    void
    initialize(const dealii::Mapping<dim, dim>         &mapping,
               const dealii::DoFHandler<dim, dim>      &dof_handler,
               const dealii::AffineConstraints<double> &constraints,
               const LevelConstraints                  &level_constraints,
               const CoarseMesh                        &coarse_mesh,
               const dealii::SymmetricTensor<4, 3>     &tangent,
               const bool                               cell_mean_volumetric);

    /**
     * Solves with CG to the larger of Relative tolerance times |rhs| and
     * @p absolute_tolerance; returns the iterations; throws
     * LinearSolverFailure when it does not converge. The constrained
     * entries of @p solution are left to the caller's
     * AffineConstraints::distribute().
     */
    unsigned int
    solve(LA::MPI::Vector       &solution,
          const LA::MPI::Vector &rhs,
          const double           absolute_tolerance = 0);

    bool
    is_initialized() const;

    void
    invalidate();

  private:
    const LinearSolverParameters parameters;
    struct Implementation;
    std::unique_ptr<Implementation> implementation;
  };
} // namespace Rejuv

#endif
