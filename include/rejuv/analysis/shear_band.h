#ifndef REJUV_ANALYSIS_SHEAR_BAND_H
#define REJUV_ANALYSIS_SHEAR_BAND_H

#include <deal.II/base/quadrature.h>
#include <deal.II/fe/mapping.h>

#include <rejuv/fields/quadrature_field.h>

namespace Rejuv
{
  struct BandMeasurement
  {
    bool found = false;
    /// Angle between the dominant band and the loading axis, in [0, 90] [deg].
    double angle = 0;
    /// Fraction of the band weight that lies in one straight strip of the
    /// measured orientation [-]: near 1 for one sharp band.
    double concentration = 0;
    /// Full width at half maximum of the excess plastic shear strain
    /// across the band (its profile integrated along the band, in strips
    /// of 0.7 of the smallest cell diameter, the half-maximum crossings
    /// interpolated) [m].
    double width = 0;
  };

  /**
   * Orientation of the dominant shear band in a 2D specimen from the plastic
   * shear strain gamma_p at the Gauss points (a Hough-type line search): the
   * excess plastic strain (gamma_p - mean gamma_p, where positive) x volume
   * is projected on the normal of each trial direction (1 deg, then 0.05
   * deg steps); the direction whose projection puts the most weight into
   * one strip two cells wide is the band (to about 1 deg: the score is flat
   * while the band stays inside the strip). A round hot spot (the seed)
   * adds the same to every direction and does not bias the choice;
   * conjugate bands give the same angle. The centre line is then fitted by
   * weighted least squares to the excess within three cells or the band's
   * width of the strip, whichever is more (the offset across the band
   * regressed on the position along it, complete cross-sections only),
   * which resolves a fraction of a cell; a fit that moves more than 3 deg
   * from the strip is discarded. Nothing is found while max gamma_p <
   * @p threshold, or in 3D.
   *
   * @p history holds gamma_p in component @p component at the points of
   * @p quadrature (the mechanics' Gauss points).
   */
  template <int dim>
  BandMeasurement
  measure_band_angle(const dealii::Mapping<dim>    &mapping,
                     const dealii::Quadrature<dim> &quadrature,
                     const QuadratureField<dim>    &history,
                     const unsigned int             component,
                     const double                   threshold);
} // namespace Rejuv

#endif
