#include <rejuv/base/input_error.h>
#include <rejuv/material/free_volume_kinetics.h>

#include <cmath>
#include <limits>

namespace Rejuv
{
  double
  log_sinh(const double x)
  {
    if (x > 20)
      return x - std::log(2.0) + std::log1p(-std::exp(-2 * x));
    return std::log(std::sinh(x));
  }

  FreeVolumeKinetics::Variant
  FreeVolumeKinetics::parse(const std::string &name)
  {
    if (name == "spaepen")
      return Variant::spaepen;
    if (name == "strain_driven")
      return Variant::strain_driven;
    throw InputError("unknown free-volume evolution '" + name + "'");
  }

  double
  FreeVolumeKinetics::rate_prefactor() const
  {
    return attempt_frequency *
           std::exp(-activation_energy / (boltzmann * temperature));
  }

  double
  FreeVolumeKinetics::flow_stress_scale() const
  {
    const double omega =
      variant == Variant::spaepen ? atomic_volume : activation_volume;
    return omega / (2 * boltzmann * temperature);
  }

  double
  FreeVolumeKinetics::log_plastic_rate(const double tau, const double xi) const
  {
    if (!(tau > 0))
      return -std::numeric_limits<double>::infinity();
    return std::log(2 * attempt_frequency) -
           activation_energy / (boltzmann * temperature) - 1 / xi +
           log_sinh(tau * flow_stress_scale());
  }

  double
  FreeVolumeKinetics::d_log_plastic_rate_d_tau(const double tau) const
  {
    const double x = tau * flow_stress_scale();
    return flow_stress_scale() / std::tanh(x);
  }

  double
  FreeVolumeKinetics::source(const double xi,
                             const double tau,
                             const double gamma_dot,
                             double      &d_source_d_xi) const
  {
    const double kT      = boltzmann * temperature;
    const double chi     = 2 * kT / (atomic_volume * creation_modulus);
    const double tau_pos = std::max(tau, 0.0);
    const double x_c     = tau_pos * atomic_volume / (2 * kT);
    const double a       = chi * (std::cosh(x_c) - 1);
    const double b       = 1 / n_jumps;
    const double e       = std::exp(-1 / xi);

    double s      = 0;
    d_source_d_xi = 0;
    if (gamma_dot > 0 && tau_pos > 0)
      {
        // creation and annihilation per unit plastic shear
        const double c = gamma_dot / (2 * geometric_factor * std::sinh(x_c));
        s              = c * (a / xi - b);
        d_source_d_xi  = -c * a / (xi * xi);
      }
    else if (variant == Variant::spaepen)
      {
        // thermally activated annihilation at rest (a = 0 at tau = 0)
        const double c = rate_prefactor() / geometric_factor;
        s              = c * e * (a / xi - b);
        // d/dxi [e (a/xi - b)] = e/xi^2 (a/xi - b - a)
        d_source_d_xi = c * e / (xi * xi) * (a / xi - b - a);
      }

    if (relaxation_rate > 0)
      {
        const double e_eq = std::exp(-1 / equilibrium_free_volume);
        s -= relaxation_rate * xi * xi * (e - e_eq);
        d_source_d_xi -= relaxation_rate * (2 * xi * (e - e_eq) + e);
      }
    return s;
  }

  double
  FreeVolumeKinetics::calibrated_activation_energy(const double tau_yield,
                                                   const double gamma_dot,
                                                   const double xi_0) const
  {
    const double kT = boltzmann * temperature;
    const double x  = tau_yield * flow_stress_scale();
    return kT * (std::log(2 * attempt_frequency / gamma_dot) + log_sinh(x) -
                 1 / xi_0);
  }
} // namespace Rejuv
