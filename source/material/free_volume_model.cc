#include <rejuv/base/input_error.h>
#include <rejuv/material/free_volume_model.h>
#include <rejuv/material/plastic_history.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    const std::string section = "Material/Free volume model/";
  }

  void
  FreeVolumeModel::Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume model");
    {
      prm.declare_entry("Temperature",
                        "300",
                        Patterns::Double(1e-3),
                        "Absolute temperature T [K].");
      prm.declare_entry("Pressure sensitivity",
                        "mohr_coulomb",
                        Patterns::Selection("none|drucker_prager|mohr_coulomb"),
                        "Effective shear stress tau_eff (MODEL.md section 3): "
                        "none (von Mises), drucker_prager, or mohr_coulomb "
                        "with rounded edges.");
      prm.declare_entry("Lode rounding angle",
                        "29",
                        Patterns::Double(1, 29.9),
                        "Lode angle beyond which the Mohr-Coulomb edges are "
                        "rounded (C2 rounding of Abbo & Sloan 1995) [deg]; "
                        "closer to 30 is closer to the sharp surface.");
      prm.declare_entry("Free volume evolution",
                        "strain_driven",
                        Patterns::Selection("spaepen|strain_driven"),
                        "Creation/annihilation law of MODEL.md section 5.");
      prm.declare_entry("Friction law",
                        "default",
                        Patterns::Selection("default|expression"),
                        "alpha(xi): the default clamped linear law or "
                        "'Friction expression'.");
      prm.declare_entry("Friction expression",
                        "0.11",
                        Patterns::Anything(),
                        "alpha as a muParser expression in xi [-] (with "
                        "Friction law = expression).");
      prm.declare_entry("Reference friction coefficient",
                        "0.11",
                        Patterns::Double(0, 2),
                        "alpha_ref = tan(phi) at xi = xi_ref [-].");
      prm.declare_entry("Friction slope",
                        "2",
                        Patterns::Double(0),
                        "k_alpha in alpha = alpha_ref - k_alpha (xi - "
                        "xi_ref) [-].");
      prm.declare_entry("Minimum friction coefficient",
                        "0",
                        Patterns::Double(0, 2),
                        "Lower clamp of the default friction law [-].");
      prm.declare_entry("Maximum friction coefficient",
                        "0.5",
                        Patterns::Double(0, 2),
                        "Upper clamp of the default friction law [-].");
      prm.declare_entry("Reference free volume",
                        "0.05",
                        Patterns::Double(1e-4, 1),
                        "As-cast free volume xi_ref [-]: reference of the "
                        "friction law, of modulus softening and of the "
                        "calibration of dG.");
      prm.declare_entry("Attempt frequency",
                        "1e13",
                        Patterns::Double(1),
                        "f [1/s].");
      prm.declare_entry("Geometric factor",
                        "0.15",
                        Patterns::Double(1e-3, 1),
                        "alpha_g [-].");
      prm.declare_entry("Annihilation jumps",
                        "3",
                        Patterns::Double(0.1),
                        "n_D: jumps needed to annihilate a free volume v* "
                        "[-].");
      prm.declare_entry("Atomic volume",
                        "2e-29",
                        Patterns::Double(1e-32, 1e-25),
                        "v* [m^3]; also the activation volume of flow for "
                        "spaepen.");
      prm.declare_entry("Activation volume",
                        "2e-28",
                        Patterns::Double(1e-32, 1e-25),
                        "Omega_act of the flow rule for strain_driven "
                        "[m^3].");
      prm.declare_entry("Calibrate activation energy",
                        "true",
                        Patterns::Bool(),
                        "Compute dG so that a homogeneous sample at xi_ref "
                        "flows at 'Yield stress' in uniaxial compression at "
                        "'Reference strain rate' (MODEL.md section 6); "
                        "otherwise use 'Activation energy'.");
      prm.declare_entry("Yield stress",
                        "1.85e9",
                        Patterns::Double(1e6),
                        "Measured uniaxial compressive yield stress for the "
                        "calibration [Pa].");
      prm.declare_entry("Reference strain rate",
                        "1e-4",
                        Patterns::Double(1e-12),
                        "Axial strain rate of the calibration [1/s].");
      prm.declare_entry("Activation energy",
                        "1",
                        Patterns::Double(0),
                        "dG when not calibrated [eV].");
      prm.declare_entry("Modulus softening",
                        "0",
                        Patterns::Double(0),
                        "k_mu in mu = mu_0 (1 - k_mu (xi - xi_ref)) [-].");
      prm.declare_entry("Dilatancy",
                        "0",
                        Patterns::Double(0, 1),
                        "beta_dil: tr(eps_p rate) = beta_dil gamma_dot [-].");
      prm.declare_entry("Relaxation frequency",
                        "0",
                        Patterns::Double(0),
                        "nu_r of structural relaxation k_r = nu_r "
                        "exp(-E_r/kT) [1/s] (strain_driven only; 0: off).");
      prm.declare_entry("Relaxation energy",
                        "1.5",
                        Patterns::Double(0),
                        "E_r of structural relaxation [eV].");
      prm.declare_entry("Equilibrium free volume",
                        "0.05",
                        Patterns::Double(1e-4, 1),
                        "xi_eq(T) that structural relaxation tends to [-].");
    }
    prm.leave_subsection();
  }

  void
  FreeVolumeModel::Parameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Free volume model");
    {
      temperature           = prm.get_double("Temperature");
      pressure_sensitivity  = prm.get("Pressure sensitivity");
      rounding_angle        = prm.get_double("Lode rounding angle");
      evolution             = prm.get("Free volume evolution");
      friction_law          = prm.get("Friction law");
      friction_expression   = prm.get("Friction expression");
      alpha_ref             = prm.get_double("Reference friction coefficient");
      friction_slope        = prm.get_double("Friction slope");
      alpha_min             = prm.get_double("Minimum friction coefficient");
      alpha_max             = prm.get_double("Maximum friction coefficient");
      xi_ref                = prm.get_double("Reference free volume");
      attempt_frequency     = prm.get_double("Attempt frequency");
      geometric_factor      = prm.get_double("Geometric factor");
      n_jumps               = prm.get_double("Annihilation jumps");
      atomic_volume         = prm.get_double("Atomic volume");
      activation_volume     = prm.get_double("Activation volume");
      calibrate             = prm.get_bool("Calibrate activation energy");
      yield_stress          = prm.get_double("Yield stress");
      reference_strain_rate = prm.get_double("Reference strain rate");
      activation_energy_ev  = prm.get_double("Activation energy");
      modulus_softening     = prm.get_double("Modulus softening");
      dilatancy             = prm.get_double("Dilatancy");
      relaxation_frequency  = prm.get_double("Relaxation frequency");
      relaxation_energy_ev  = prm.get_double("Relaxation energy");
      xi_eq                 = prm.get_double("Equilibrium free volume");
    }
    prm.leave_subsection();
    require(alpha_min <= alpha_max,
            section + "Minimum friction coefficient",
            "must not exceed 'Maximum friction coefficient'");
    require(dilatancy < 1 / std::sqrt(3.0),
            section + "Dilatancy",
            "must be < 1/sqrt(3), or compression would not shorten the "
            "sample plastically");
    require(relaxation_frequency == 0 || evolution == "strain_driven",
            section + "Relaxation frequency",
            "structural relaxation belongs to 'Free volume evolution = "
            "strain_driven'");
  }

  namespace
  {
    FrictionLaw
    make_friction_law(const FreeVolumeModel::Parameters &p)
    {
      if (p.friction_law == "expression")
        return FrictionLaw(p.friction_expression,
                           section + "Friction expression");
      return FrictionLaw(p.alpha_ref,
                         p.friction_slope,
                         p.xi_ref,
                         p.alpha_min,
                         p.alpha_max);
    }
  } // namespace

  FreeVolumeModel::FreeVolumeModel(const ElasticityParameters &elasticity,
                                   const Parameters           &parameters)
    : parameters(parameters)
    , mu_0(elasticity.shear_modulus())
    , bulk(elasticity.bulk_modulus())
    , pressure(PressureSensitivity::parse(parameters.pressure_sensitivity),
               parameters.rounding_angle)
    , friction(make_friction_law(parameters))
  {
    const double kT      = boltzmann * parameters.temperature;
    kinetics.variant     = FreeVolumeKinetics::parse(parameters.evolution);
    kinetics.temperature = parameters.temperature;
    kinetics.attempt_frequency = parameters.attempt_frequency;
    kinetics.geometric_factor  = parameters.geometric_factor;
    kinetics.n_jumps           = parameters.n_jumps;
    kinetics.atomic_volume     = parameters.atomic_volume;
    kinetics.activation_volume = parameters.activation_volume;
    kinetics.creation_modulus =
      elasticity.youngs_modulus / (3 * (1 - elasticity.poissons_ratio));
    kinetics.relaxation_rate =
      parameters.relaxation_frequency *
      std::exp(-parameters.relaxation_energy_ev * electron_volt / kT);
    kinetics.equilibrium_free_volume = parameters.xi_eq;

    if (parameters.calibrate)
      {
        // Uniaxial compression at the yield stress, sigma_zz = -sigma_y.
        SymmetricTensor<2, 3> sigma;
        sigma[2][2]        = -parameters.yield_stress;
        const double tau_y = pressure.value(sigma, friction(parameters.xi_ref));
        const double gamma_y = reference_shear_rate();
        require(tau_y > 0,
                section + "Yield stress",
                "gives no positive effective shear stress in uniaxial "
                "compression with this friction");
        kinetics.activation_energy =
          kinetics.calibrated_activation_energy(tau_y,
                                                gamma_y,
                                                parameters.xi_ref);
        require(kinetics.activation_energy > 0,
                section + "Calibrate activation energy",
                "the calibration gives dG <= 0; check yield stress, "
                "reference strain rate and free volume");
      }
    else
      kinetics.activation_energy =
        parameters.activation_energy_ev * electron_volt;
  }

  unsigned int
  FreeVolumeModel::n_history_variables() const
  {
    return PlasticHistory::n_variables;
  }

  std::vector<std::string>
  FreeVolumeModel::history_names() const
  {
    return PlasticHistory::names();
  }

  void
  FreeVolumeModel::enforce_history_bounds(double *history) const
  {
    PlasticHistory::enforce_bounds(history);
  }

  bool
  FreeVolumeModel::has_symmetric_tangent() const
  {
    return pressure.kind() == PressureSensitivity::Kind::none &&
           parameters.dilatancy == 0;
  }

  bool
  FreeVolumeModel::evolves_free_volume() const
  {
    return true;
  }

  double
  FreeVolumeModel::free_volume_source(const double xi,
                                      const double tau_eff,
                                      const double plastic_rate,
                                      double      &d_source_d_xi) const
  {
    return kinetics.source(xi, tau_eff, plastic_rate, d_source_d_xi);
  }

  double
  FreeVolumeModel::friction_coefficient(const double xi) const
  {
    return friction(xi);
  }

  double
  FreeVolumeModel::reference_shear_rate() const
  {
    // |d eps_p,zz/dt| = gamma_dot (1/sqrt(3) - beta/3) in uniaxial stress
    return parameters.reference_strain_rate /
           (1 / std::sqrt(3.0) - parameters.dilatancy / 3);
  }

  double
  FreeVolumeModel::flow_resistance(const double xi) const
  {
    // gamma_ref = 2 A exp(-1/xi) sinh(x)
    const double ratio = reference_shear_rate() /
                         (2 * kinetics.rate_prefactor() * std::exp(-1 / xi));
    return std::asinh(ratio) / kinetics.flow_stress_scale();
  }

  double
  FreeVolumeModel::shear_modulus(const double xi) const
  {
    return mu_0 * (1 - parameters.modulus_softening * (xi - parameters.xi_ref));
  }

  double
  FreeVolumeModel::solve_shear_increment(const double tau_eff_trial,
                                         const double H,
                                         const double upper,
                                         const double xi,
                                         const double dt,
                                         const double guess) const
  {
    // F(y) = y - ln dt - ln gamma_dot(tau_eff_trial - H e^y), y = ln dgamma,
    // is increasing from -inf to +inf on (-inf, ln upper). With
    // ln gamma_dot = ln(2A) - 1/xi + ln sinh(x), x = tau Omega/(2kT), one
    // expm1 gives both ln sinh(x) = x - ln 2 + ln(1 - e^{-2x}) and
    // coth(x) = (2 - (1 - e^{-2x}))/(1 - e^{-2x}), accurate for all x > 0.
    const double log_dt = std::log(dt);
    const double scale  = kinetics.flow_stress_scale();
    const double log_rate0 =
      std::log(2 * kinetics.attempt_frequency) -
      kinetics.activation_energy / (boltzmann * kinetics.temperature) - 1 / xi;
    const double ln2  = std::log(2.0);
    auto         F_dF = [&](const double y, double &dF) {
      const double g = H * std::exp(y);
      const double x = (tau_eff_trial - g) * scale;
      if (!(x > 0))
        {
          dF = 1;
          return std::numeric_limits<double>::infinity();
        }
      const double one_minus_e = -std::expm1(-2 * x);
      dF = 1 + g * scale * (2 - one_minus_e) / one_minus_e;
      return y - log_dt - (log_rate0 + x - ln2 + std::log(one_minus_e));
    };

    const double y_upper = std::log(upper);
    const double y_rate = log_dt + kinetics.log_plastic_rate(tau_eff_trial, xi);
    if (y_rate < std::log(std::numeric_limits<double>::min()))
      return 0; // flow below the floating-point range: elastic

    // dt * gamma_dot at the trial stress bounds dgamma from above; the
    // last evaluation's increment (close by in the later Newton iterations
    // of a step and from one step to the next) is the better start.
    double lo = -std::numeric_limits<double>::infinity(), hi = y_upper;
    double y = std::min(y_rate, y_upper - ln2);
    if (guess > 0)
      y = std::min(y, std::log(guess * dt));
    double last_newton_step = 0; // of the previous iteration; 0: none
    for (unsigned int it = 0; it < 200; ++it)
      {
        double       dF = 1;
        const double f  = F_dF(y, dF);
        if (f > 0)
          hi = y;
        else
          lo = y;
        double     y_new  = y - f / dF;
        const bool newton = y_new > lo && y_new < hi;
        if (!newton)
          y_new = std::isfinite(lo) ? 0.5 * (lo + hi) : std::min(y, hi) - 2;
        const double step = std::abs(y_new - y);
        y                 = y_new;
        // A Newton step this small leaves an error of order its square
        // (quadratic convergence): far below round-off. So does one whose
        // successor, by the contraction step / last^2 of the last two
        // Newton steps (both small enough to be in the quadratic range), is
        // predicted below 1e-16: one evaluation fewer.
        const double size = std::max(1.0, std::abs(y));
        if (step <= (newton ? 1e-10 : 1e-15) * size)
          return std::exp(y);
        if (newton && last_newton_step > 0 && last_newton_step <= 1e-3 * size &&
            step * step * step <=
              1e-16 * size * last_newton_step * last_newton_step)
          return std::exp(y);
        last_newton_step = newton ? step : 0;
      }
    throw MaterialUpdateFailure("local update of the free-volume model did "
                                "not converge");
  }

  namespace
  {
    /// T += s a x b on the raw entries (both pairs of indices unrolled the
    /// same way: T(ij, kl) = data[p(ij)][p(kl)]).
    inline void
    add_outer_product(SymmetricTensor<4, 3>       &T,
                      const double                 s,
                      const SymmetricTensor<2, 3> &a,
                      const SymmetricTensor<2, 3> &b)
    {
      constexpr unsigned int n =
        SymmetricTensor<2, 3>::n_independent_components;
      for (unsigned int p = 0; p < n; ++p)
        {
          const double sa = s * a.access_raw_entry(p);
          for (unsigned int r = 0; r < n; ++r)
            T.access_raw_entry(p * n + r) += sa * b.access_raw_entry(r);
        }
    }
  } // namespace

  void
  FreeVolumeModel::evaluate(const MaterialInputs &in,
                            MaterialOutputs      &out) const
  {
    const unsigned int                 n_h  = PlasticHistory::n_variables;
    static const SymmetricTensor<2, 3> I    = unit_symmetric_tensor<3>();
    static const SymmetricTensor<4, 3> P    = deviator_tensor<3>();
    static const SymmetricTensor<4, 3> IxI  = outer_product(I, I);
    const double                       dt   = in.time_step;
    const double                       beta = parameters.dilatancy;

    for (unsigned int q = 0; q < in.n_points(); ++q)
      {
        const double xi = in.free_volume[q];
        if (!(xi > 0))
          {
            std::ostringstream msg;
            msg << "free volume xi = " << xi << " is not positive";
            throw MaterialUpdateFailure(msg.str());
          }
        const double mu = shear_modulus(xi);
        if (!(mu > 0))
          throw MaterialUpdateFailure("modulus softening makes the shear "
                                      "modulus non-positive at xi = " +
                                      std::to_string(xi));
        const double *h_old = &in.committed_history[q * n_h];
        double       *h_new = &out.trial_history[q * n_h];
        for (unsigned int k = 0; k < n_h; ++k)
          h_new[k] = h_old[k];

        const SymmetricTensor<2, 3> elastic_strain =
          in.strain[q] - PlasticHistory::plastic_strain(h_old);
        const SymmetricTensor<2, 3> sigma_trial =
          bulk * trace(elastic_strain) * I + 2 * mu * deviator(elastic_strain);
        const SymmetricTensor<2, 3> s_trial = deviator(sigma_trial);
        const double tau_trial = std::sqrt(0.5 * (s_trial * s_trial));
        const double alpha     = friction(xi);

        out.stress[q]             = sigma_trial;
        out.tangent[q]            = bulk * IxI + 2 * mu * P;
        out.plastic_shear_rate[q] = 0;
        // One Lode-factor evaluation per point: tau_eff on the trial ray.
        const bool hydrostatic = tau_trial <= 1e-14 * sigma_trial.norm();
        const auto c =
          pressure.ray_coefficients(hydrostatic ? SymmetricTensor<2, 3>() :
                                                  s_trial,
                                    alpha);
        const double tau_eff_trial = (hydrostatic ? 0.0 : c.c_dev * tau_trial) +
                                     c.c_mean * trace(sigma_trial) / 3;
        out.effective_shear_stress[q] = tau_eff_trial;

        if (!(dt > 0) || hydrostatic || !(tau_eff_trial > 0))
          continue;

        // d tau_eff / d dgamma along the return path
        const double H = c.c_dev * mu + c.c_mean * bulk * beta;
        // tau_eff reaches 0 at tau_eff_trial/H; tau_bar at tau_trial/mu.
        const double upper = tau_eff_trial / H;
        if (upper > tau_trial / mu)
          {
            // Only with tensile mean stress: the return would pass the apex.
            const double tau_at_apex = tau_eff_trial - H * tau_trial / mu;
            if (kinetics.log_plastic_rate(tau_at_apex, xi) + std::log(dt) >
                std::log(tau_trial / mu))
              throw MaterialUpdateFailure("stress return through the apex "
                                          "of the yield surface (hydrostatic "
                                          "tension)");
          }
        const double dgamma =
          solve_shear_increment(tau_eff_trial,
                                H,
                                std::min(upper, tau_trial / mu),
                                xi,
                                dt,
                                in.plastic_shear_rate_guess[q]);
        if (dgamma == 0)
          continue;

        const SymmetricTensor<2, 3> n       = s_trial / (2 * tau_trial);
        const SymmetricTensor<2, 3> flow    = 2 * mu * n + bulk * beta * I;
        const SymmetricTensor<2, 3> sigma   = sigma_trial - dgamma * flow;
        const double                tau_eff = tau_eff_trial - H * dgamma;
        out.stress[q]                       = sigma;
        out.plastic_shear_rate[q]           = dgamma / dt;
        out.effective_shear_stress[q]       = tau_eff;
        PlasticHistory::set_plastic_strain(
          PlasticHistory::plastic_strain(h_old) + dgamma * (n + beta / 3 * I),
          h_new);
        h_new[PlasticHistory::gamma_p] =
          h_old[PlasticHistory::gamma_p] + dgamma;

        // Consistent tangent: sigma = sigma_trial(eps) - dgamma(eps) flow(eps),
        // dgamma from dgamma = dt gamma_dot(tau_eff(sigma)). At fixed dgamma,
        // with dn/deps = mu/tau_trial (P - 2 n x n) and theta =
        // mu dgamma/tau_trial,
        //   M = K I x I + 2 mu (1 - theta) P + 4 mu theta n x n;
        // dgamma(eps) adds - flow x k G : M with G = d tau_eff/d sigma and
        // k = dt gamma_dot'/(1 + dt gamma_dot' H). G : M in closed form and
        // raw rank-one updates spare the fourth-order products.
        const double theta = mu * dgamma / tau_trial;
        // dt d gamma_dot / d tau = dgamma d ln(gamma_dot)/d tau
        const double dt_rate_prime =
          dgamma * kinetics.d_log_plastic_rate_d_tau(tau_eff);
        const double                k = dt_rate_prime / (1 + dt_rate_prime * H);
        const SymmetricTensor<2, 3> G = pressure.gradient(sigma, alpha);
        const SymmetricTensor<2, 3> ddgamma_deps =
          k * (bulk * trace(G) * I + 2 * mu * (1 - theta) * deviator(G) +
               4 * mu * theta * (G * n) * n);
        SymmetricTensor<4, 3> &T = out.tangent[q];
        T                        = bulk * IxI + (2 * mu * (1 - theta)) * P;
        add_outer_product(T, 4 * mu * theta, n, n);
        add_outer_product(T, -1, flow, ddgamma_deps);
      }
  }

  namespace
  {
    const bool registered = MaterialRegistry::register_model(
      "free_volume",
      "free-volume viscoplasticity with pressure sensitivity (MODEL.md "
      "sections 2-6), parameters in subsection 'Free volume model'.",
      &FreeVolumeModel::Parameters::declare_parameters,
      [](const ElasticityParameters &elasticity, ParameterHandler &prm) {
        FreeVolumeModel::Parameters p;
        p.parse_parameters(prm);
        return std::make_unique<FreeVolumeModel>(elasticity, p);
      });
  } // namespace
} // namespace Rejuv
