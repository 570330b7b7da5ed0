#ifndef REJUV_MATERIAL_PRESSURE_SENSITIVITY_H
#define REJUV_MATERIAL_PRESSURE_SENSITIVITY_H

#include <deal.II/base/symmetric_tensor.h>

#include <string>

namespace Rejuv
{
  /**
   * Effective shear stress tau_eff(sigma, alpha) of MODEL.md section 3, with
   * tension-positive stress, tau_bar = sqrt(s:s/2), sigma_m = tr(sigma)/3 and
   * friction coefficient alpha = tan(phi):
   *   none:           tau_eff = tau_bar
   *   drucker_prager: tau_eff = tau_bar + sqrt(3) sin(phi) sigma_m
   *   mohr_coulomb:   tau_eff = [tau_bar K(theta) + sin(phi) sigma_m]/cos(phi),
   *                   K = cos(theta) - sin(theta) sin(phi)/sqrt(3),
   * theta the Lode angle in [-30, 30] deg with sin(3 theta) =
   * -(3 sqrt(3)/2) J3/tau_bar^3 (+30 deg on the compression meridian). Near
   * the edges (|theta| > rounding angle) K is replaced by
   * A + B sin(3 theta) + C sin^2(3 theta), matching value, slope and
   * curvature (the C2 rounding of Abbo & Sloan, Comput. Struct. 54 (1995)
   * 427), so that tau_eff is smooth away from the apex. With the default
   * rounding angle of 29 deg, tau_eff on the meridians (uniaxial
   * compression and tension) exceeds the sharp value by about 0.5 %
   * (0.47 % at alpha = 0.11); the calibration of dG uses the same rounded
   * surface, so the yield stress is still met exactly.
   *
   * On a ray of stresses with a fixed deviatoric direction, tau_eff is
   * linear: tau_eff = c_dev tau_bar + c_mean sigma_m. Radial return uses that.
   */
  class PressureSensitivity
  {
  public:
    enum class Kind
    {
      none,
      drucker_prager,
      mohr_coulomb
    };

    /// @p rounding_angle_deg: Lode angle where the Mohr-Coulomb rounding
    /// starts.
    PressureSensitivity(const Kind kind, const double rounding_angle_deg = 29);

    static Kind
    parse(const std::string &name);

    Kind
    kind() const
    {
      return type;
    }

    struct RayCoefficients
    {
      double c_dev;
      double c_mean;
    };

    /// Coefficients of tau_eff on the ray through the deviator @p s.
    RayCoefficients
    ray_coefficients(const dealii::SymmetricTensor<2, 3> &s,
                     const double                         alpha) const;

    double
    value(const dealii::SymmetricTensor<2, 3> &sigma, const double alpha) const;

    /// d tau_eff / d sigma; at tau_bar = 0 only the pressure part.
    dealii::SymmetricTensor<2, 3>
    gradient(const dealii::SymmetricTensor<2, 3> &sigma,
             const double                         alpha) const;

  private:
    /// K and dK/d(sin 3 theta) for the deviator @p s (Mohr-Coulomb only).
    void
    lode_factor(const dealii::SymmetricTensor<2, 3> &s,
                const double                         sin_phi,
                double                              &K,
                double                              &dK_dsin3theta) const;

    const Kind   type;
    const double theta_t;
  };
} // namespace Rejuv

#endif
