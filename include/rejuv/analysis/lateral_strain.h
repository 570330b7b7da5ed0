#ifndef REJUV_ANALYSIS_LATERAL_STRAIN_H
#define REJUV_ANALYSIS_LATERAL_STRAIN_H

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
} // namespace Rejuv

#endif
