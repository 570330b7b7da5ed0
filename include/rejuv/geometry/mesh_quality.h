#ifndef REJUV_GEOMETRY_MESH_QUALITY_H
#define REJUV_GEOMETRY_MESH_QUALITY_H

#include <deal.II/base/point.h>

#include <string>

namespace dealii
{
  template <int dim, int spacedim>
  class Triangulation;
  template <int dim, int spacedim>
  class Mapping;
} // namespace dealii

namespace Rejuv
{
  /**
   * Shape measures of the active cells of a (distributed) mesh, the same on
   * every process.
   */
  template <int dim>
  struct MeshQuality
  {
    /// min over cells of min det J / max det J over the cell's Gauss points:
    /// 1 for parallelograms, <= 0 for an inverted or folded cell.
    double             min_scaled_jacobian = 1;
    dealii::Point<dim> worst_cell_center;
    /// max over cells of the ratio of the largest to the smallest singular
    /// value of the Jacobian (deal.II's aspect ratio).
    double       max_aspect_ratio = 1;
    unsigned int n_inverted       = 0;

    /// One line for the log.
    std::string
    summary() const;
  };

  template <int dim>
  MeshQuality<dim>
  compute_mesh_quality(const dealii::Mapping<dim, dim>       &mapping,
                       const dealii::Triangulation<dim, dim> &triangulation);

  /**
   * Throws InputError (naming Geometry) for inverted cells, or cells whose
   * scaled Jacobian is below @p min_scaled_jacobian.
   */
  template <int dim>
  void
  require_valid_mesh(const MeshQuality<dim> &quality,
                     const double            min_scaled_jacobian = 0.05);
} // namespace Rejuv

#endif
