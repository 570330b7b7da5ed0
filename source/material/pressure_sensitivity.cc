#include <rejuv/base/input_error.h>
#include <rejuv/material/pressure_sensitivity.h>

#include <algorithm>
#include <cmath>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    double
    tau_bar_of(const SymmetricTensor<2, 3> &s)
    {
      return std::sqrt(0.5 * (s * s));
    }

    /// Below this tau_bar (relative to |sigma|) the deviator has no direction.
    bool
    is_hydrostatic(const double tau_bar, const SymmetricTensor<2, 3> &sigma)
    {
      return tau_bar <= 1e-14 * (sigma.norm() + 1e-300);
    }
  } // namespace

  PressureSensitivity::PressureSensitivity(const Kind   kind,
                                           const double rounding_angle_deg)
    : type(kind)
    , theta_t(rounding_angle_deg * M_PI / 180)
  {
    require(rounding_angle_deg > 0 && rounding_angle_deg < 29.95,
            "Material/Free volume model/Lode rounding angle",
            "must lie in (0, 30) degrees");
  }

  PressureSensitivity::Kind
  PressureSensitivity::parse(const std::string &name)
  {
    if (name == "none")
      return Kind::none;
    if (name == "drucker_prager")
      return Kind::drucker_prager;
    if (name == "mohr_coulomb")
      return Kind::mohr_coulomb;
    throw InputError("unknown pressure sensitivity '" + name + "'");
  }

  void
  PressureSensitivity::lode_factor(const SymmetricTensor<2, 3> &s,
                                   const double                 sin_phi,
                                   double                      &K,
                                   double &dK_dsin3theta) const
  {
    const double tau_bar = tau_bar_of(s);
    const double sin3t   = std::clamp(-1.5 * std::sqrt(3.0) * determinant(s) /
                                      (tau_bar * tau_bar * tau_bar),
                                    -1.0,
                                    1.0);
    const double theta   = std::asin(sin3t) / 3;
    const double c       = sin_phi / std::sqrt(3.0);
    if (std::abs(theta) <= theta_t)
      {
        K                      = std::cos(theta) - std::sin(theta) * c;
        const double dK_dtheta = -std::sin(theta) - std::cos(theta) * c;
        dK_dsin3theta          = dK_dtheta / (3 * std::cos(3 * theta));
      }
    else
      {
        // K = A + B u + C u^2, u = sin(3 theta), with value, slope and
        // curvature of the sharp K at theta = +-theta_t (C2 rounding); its
        // slope in theta vanishes on the meridians, u = +-1.
        const double t   = theta > 0 ? theta_t : -theta_t;
        const double u_t = std::sin(3 * t), cos3t = std::cos(3 * t);
        const double K_t   = std::cos(t) - std::sin(t) * c;
        const double dK_t  = -std::sin(t) - std::cos(t) * c;
        const double d2K_t = -K_t;
        // dK/dtheta = 3 cos(3t) (B + 2 C u);
        // d2K/dtheta2 = 18 C cos^2(3t) - 9 u (B + 2 C u)
        const double P = dK_t / (3 * cos3t);
        const double C = (d2K_t + 9 * u_t * P) / (18 * cos3t * cos3t);
        const double B = P - 2 * C * u_t;
        const double A = K_t - B * u_t - C * u_t * u_t;
        K              = A + B * sin3t + C * sin3t * sin3t;
        dK_dsin3theta  = B + 2 * C * sin3t;
      }
  }

  PressureSensitivity::RayCoefficients
  PressureSensitivity::ray_coefficients(const SymmetricTensor<2, 3> &s,
                                        const double alpha) const
  {
    switch (type)
      {
        case Kind::none:
          return {1.0, 0.0};
        case Kind::drucker_prager:
          return {1.0, std::sqrt(3.0) * alpha / std::sqrt(1 + alpha * alpha)};
        case Kind::mohr_coulomb:
          {
            const double cos_phi = 1 / std::sqrt(1 + alpha * alpha);
            const double sin_phi = alpha * cos_phi;
            double       K = 1, dK = 0;
            if (tau_bar_of(s) > 0)
              lode_factor(s, sin_phi, K, dK);
            return {K / cos_phi, alpha};
          }
      }
    return {1.0, 0.0};
  }

  double
  PressureSensitivity::value(const SymmetricTensor<2, 3> &sigma,
                             const double                 alpha) const
  {
    const SymmetricTensor<2, 3> s       = deviator(sigma);
    const double                tau_bar = tau_bar_of(s);
    const double                sigma_m = trace(sigma) / 3;
    if (is_hydrostatic(tau_bar, sigma))
      return ray_coefficients(SymmetricTensor<2, 3>(), alpha).c_mean * sigma_m;
    const RayCoefficients c = ray_coefficients(s, alpha);
    return c.c_dev * tau_bar + c.c_mean * sigma_m;
  }

  SymmetricTensor<2, 3>
  PressureSensitivity::gradient(const SymmetricTensor<2, 3> &sigma,
                                const double                 alpha) const
  {
    const SymmetricTensor<2, 3> s       = deviator(sigma);
    const double                tau_bar = tau_bar_of(s);
    const SymmetricTensor<2, 3> I       = unit_symmetric_tensor<3>();
    if (is_hydrostatic(tau_bar, sigma))
      return (ray_coefficients(SymmetricTensor<2, 3>(), alpha).c_mean / 3) * I;
    if (type != Kind::mohr_coulomb)
      {
        const RayCoefficients c = ray_coefficients(s, alpha);
        // d tau_bar / d sigma = s / (2 tau_bar)
        return (c.c_mean / 3) * I + c.c_dev * s / (2 * tau_bar);
      }
    // Mohr-Coulomb: c_dev = K/cos(phi), c_mean = alpha, with the Lode
    // factor and its slope from one evaluation.
    const double cos_phi = 1 / std::sqrt(1 + alpha * alpha);
    double       K, dK_dsin3theta;
    lode_factor(s, alpha * cos_phi, K, dK_dsin3theta);
    // sin 3theta = -(3 sqrt3/2) J3 tau_bar^-3, dJ3/dsigma = dev(s.s)
    const double                tau_bar3 = tau_bar * tau_bar * tau_bar;
    const double                J3       = determinant(s);
    const SymmetricTensor<2, 3> dJ3 =
      deviator(symmetrize(Tensor<2, 3>(s) * Tensor<2, 3>(s)));
    const SymmetricTensor<2, 3> dsin3t =
      -1.5 * std::sqrt(3.0) *
      (dJ3 / tau_bar3 - 3 * J3 / (tau_bar3 * tau_bar) * s / (2 * tau_bar));
    return (alpha / 3) * I + (K / cos_phi) * s / (2 * tau_bar) +
           (tau_bar / cos_phi) * dK_dsin3theta * dsin3t;
  }
} // namespace Rejuv
