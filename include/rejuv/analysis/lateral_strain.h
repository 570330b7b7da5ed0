#ifndef REJUV_ANALYSIS_LATERAL_STRAIN_H
#define REJUV_ANALYSIS_LATERAL_STRAIN_H

#include <deal.II/base/point.h>

#include <rejuv/mechanics/linear_algebra.h>

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
   * Mean lateral strain of the free surface: the area average of
   * u_r / r, where r is the distance from the loading axis (the last
   * coordinate axis through the origin) and u_r the displacement away
   * from it [-]. For a homogeneous deformation it is the lateral strain
   * exactly (expansion positive), so that -lateral/axial is the
   * (effective) Poisson's ratio.
   */
  template <int dim>
  double
  mean_lateral_strain(const dealii::Mapping<dim, dim>    &mapping,
                      const dealii::DoFHandler<dim, dim> &dof_handler,
                      const LA::MPI::Vector              &displacement);

  /**
   * The axial strain du_z/dz (z the loading axis, the last coordinate) at
   * @p x, evaluated by the process that owns the cell around it (the
   * smallest rank if several do) and known to all; NaN if no process finds
   * the point inside the mesh. Used at the notch root.
   */
  template <int dim>
  double
  axial_strain_at(const dealii::Mapping<dim, dim>    &mapping,
                  const dealii::DoFHandler<dim, dim> &dof_handler,
                  const LA::MPI::Vector              &displacement,
                  const dealii::Point<dim>           &x);
} // namespace Rejuv

#endif
