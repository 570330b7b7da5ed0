#ifndef REJUV_MATERIAL_FREE_VOLUME_KINETICS_H
#define REJUV_MATERIAL_FREE_VOLUME_KINETICS_H

#include <string>

namespace Rejuv
{
  /// Boltzmann constant [J/K].
  constexpr double boltzmann = 1.380649e-23;
  /// One electron volt [J].
  constexpr double electron_volt = 1.602176634e-19;

  /**
   * The scalar rate laws of the free-volume model, free of tensors and FE
   * (MODEL.md sections 4 and 5):
   *   plastic shear rate   gamma_dot = 2 A exp(-1/xi) sinh(tau Omega/(2kT)),
   *   free-volume source   S = gamma_dot [a/xi - 1/n_D] / (2 alpha_g sinh x_c)
   *                            - k_r xi^2 [exp(-1/xi) - exp(-1/xi_eq)],
   * with A = f exp(-dG/kT), a = chi (cosh x_c - 1), chi = 2kT/(v_star S_mod),
   * x_c = tau v_star/(2kT), S_mod = E/(3(1-nu)). For spaepen Omega = v_star,
   * so gamma_dot/(2 sinh x_c) = A exp(-1/xi) and S is the Spaepen/Huang law
   * (A/alpha_g) exp(-1/xi) [a/xi - 1/n_D], which also annihilates at rest;
   * for strain_driven (Omega = Omega_act) S vanishes where nothing flows.
   * tau is the effective shear stress; where it is not positive the
   * material does not flow.
   *
   * The source takes gamma_dot as an argument: in the staggered coupling the
   * free-volume step holds the plastic rate and stress of the mechanics
   * fixed, and S then decreases with xi (a stable, contracting iteration);
   * holding only tau fixed would put the autocatalytic exp(-1/xi) of the
   * flow rule into the free-volume step.
   */
  struct FreeVolumeKinetics
  {
    enum class Variant
    {
      spaepen,
      strain_driven
    };

    Variant variant = Variant::strain_driven;
    /// [K]
    double temperature = 300;
    /// Attempt frequency f [1/s].
    double attempt_frequency = 1e13;
    /// Geometric factor alpha_g [-].
    double geometric_factor = 0.15;
    /// Jumps to annihilate one free volume v*, n_D [-].
    double n_jumps = 3;
    /// Atomic (hard-sphere) volume v* [m^3].
    double atomic_volume = 2e-29;
    /// Activation volume of flow Omega [m^3] (= v* for spaepen).
    double activation_volume = 2e-28;
    /// Activation energy dG [J].
    double activation_energy = 0;
    /// S_mod = E/(3(1-nu)) [Pa].
    double creation_modulus = 1;
    /// Structural relaxation k_r = nu_r exp(-E_r/kT) [1/s].
    double relaxation_rate = 0;
    /// Equilibrium free volume of structural relaxation xi_eq [-].
    double equilibrium_free_volume = 0.05;

    static Variant
    parse(const std::string &name);

    /// A = f exp(-dG/kT) [1/s]
    double
    rate_prefactor() const;

    /// Omega/(2kT) [1/Pa]: x = tau Omega/(2kT) in the flow rule.
    double
    flow_stress_scale() const;

    /// ln(gamma_dot) (-infinity where tau <= 0), overflow-free.
    double
    log_plastic_rate(const double tau, const double xi) const;

    /// d ln(gamma_dot) / d tau = coth(x) Omega/(2kT) for tau > 0.
    double
    d_log_plastic_rate_d_tau(const double tau) const;

    /**
     * The source S(xi; tau, gamma_dot) of dxi/dt and dS/dxi (diffusion
     * apart), at given effective shear stress and plastic shear rate; at
     * rest (gamma_dot = 0) spaepen annihilates at the rate
     * (A/alpha_g) exp(-1/xi)/n_D.
     */
    double
    source(const double xi,
           const double tau,
           const double gamma_dot,
           double      &d_source_d_xi) const;

    /**
     * MODEL.md section 6: dG such that a homogeneous sample with free
     * volume @p xi_0 flows with plastic shear rate @p gamma_dot at the
     * effective shear stress @p tau_yield:
     * dG/kT = ln(2 f sinh(x_y)/gamma_dot) - 1/xi_0.
     */
    double
    calibrated_activation_energy(const double tau_yield,
                                 const double gamma_dot,
                                 const double xi_0) const;
  };

  /// ln(sinh(x)) for x > 0 without overflow.
  double
  log_sinh(const double x);
} // namespace Rejuv

#endif
