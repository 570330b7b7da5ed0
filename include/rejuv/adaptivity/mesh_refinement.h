#ifndef REJUV_ADAPTIVITY_MESH_REFINEMENT_H
#define REJUV_ADAPTIVITY_MESH_REFINEMENT_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/lac/vector.h>

#include <string>
#include <vector>

namespace Rejuv
{
  template <int dim>
  class Mechanics;
  template <int dim>
  class FreeVolumeField;

  /**
   * Subsection "Mesh refinement": a mesh that follows the shear bands.
   */
  struct MeshRefinementParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// @p global_refinements: the level of the initial mesh.
    void
    parse_parameters(dealii::ParameterHandler &prm,
                     const unsigned int        global_refinements);

    /// Adapt after every this many steps (0: never).
    unsigned int refine_every;
    /// Adaptation cycles on the initial free-volume field before loading.
    unsigned int             initial_cycles;
    std::vector<std::string> indicators;
    /// "fraction" or "threshold"
    std::string  strategy;
    double       refine_fraction, coarsen_fraction;
    double       refine_threshold, coarsen_threshold;
    unsigned int min_level, max_level;
    /// Partition weight of a cell that flows faster than the applied rate,
    /// relative to an elastic one (1: balance cell counts).
    double plastic_cell_weight;

    bool
    enabled() const
    {
      return refine_every > 0 || initial_cycles > 0;
    }
  };

  /**
   * Refinement indicators, marking and load balancing (doc/adaptivity.md).
   * Each indicator is a dimensionless number per cell, divided by the
   * larger of its maximum over the specimen and a floor (so that a field in
   * which nothing happens marks nothing); the combined indicator is the
   * largest of the selected ones, in [0, 1]:
   *   - plastic shear rate: max over the cell's Gauss points of
   *     gamma_dot / (applied strain rate), less its specimen mean (the flow
   *     that concentrates in a band, not homogeneous yielding); floor 1;
   *   - free volume gradient: h |grad xi| (the change of xi across the
   *     cell); floor 1e-3;
   *   - Mohr-Coulomb utilisation: tau_eff/tau_0(xi) above its specimen
   *     mean (where a band is about to run); floor 0.05;
   *   - Kelly: the Kelly estimator of the displacement; floor 0.
   */
  template <int dim>
  class MeshRefinement
  {
  public:
    MeshRefinement(const MeshRefinementParameters &parameters,
                   dealii::parallel::distributed::Triangulation<dim> &tria,
                   const double applied_strain_rate);
    ~MeshRefinement();

    /// Combined indicator per active cell (0 on cells not owned).
    dealii::Vector<float>
    compute_indicators(const Mechanics<dim>       &mechanics,
                       const FreeVolumeField<dim> &free_volume) const;

    /**
     * Set refinement and coarsening flags from @p indicator within the
     * level bounds; cells with a vertex at one of @p keep (the rigid-body
     * pins) are never coarsened. Returns whether any cell anywhere changes.
     */
    bool
    mark_cells(const dealii::Vector<float>           &indicator,
               const std::vector<dealii::Point<dim>> &keep);

    /**
     * Which cells flow faster than the applied rate: the partition weights
     * of the next repartitioning (called before every mesh change when
     * plastic_cell_weight != 1).
     */
    void
    update_cell_weights(const Mechanics<dim> &mechanics);

  private:
    const MeshRefinementParameters                     parameters;
    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    const double                                       applied_strain_rate;
    /// by active cell index of the current mesh: flowing or not
    std::vector<bool>           plastic;
    boost::signals2::connection weight_connection;
  };
} // namespace Rejuv

#endif
