#ifndef REJUV_MATERIAL_FREE_VOLUME_MODEL_H
#define REJUV_MATERIAL_FREE_VOLUME_MODEL_H

#include <rejuv/material/free_volume_kinetics.h>
#include <rejuv/material/friction_law.h>
#include <rejuv/material/material_model.h>
#include <rejuv/material/pressure_sensitivity.h>

namespace Rejuv
{
  /**
   * Free-volume viscoplasticity (MODEL.md sections 2-6): isotropic
   * elasticity with optional free-volume softening of the shear modulus,
   * the thermally activated flow rule gamma_dot(tau_eff, xi) with
   * pressure-sensitive tau_eff, isochoric flow along s/(2 tau_bar) plus
   * optional dilatancy. Backward Euler: the elastic predictor fixes the
   * deviatoric direction, so the update is a scalar equation in the shear
   * increment, solved by a bracketed Newton iteration in ln(dgamma) that
   * cannot diverge; the tangent is the consistent one (non-symmetric with
   * pressure sensitivity or dilatancy).
   *
   * The free volume is an FE field; at the quadrature points it is an
   * input, and free_volume_source() is the local part of its evolution.
   */
  class FreeVolumeModel : public MaterialModel
  {
  public:
    struct Parameters
    {
      static void
      declare_parameters(dealii::ParameterHandler &prm);
      /// Reads the subsection inside "Material".
      void
      parse_parameters(dealii::ParameterHandler &prm);

      std::string pressure_sensitivity;
      double      rounding_angle;
      std::string evolution;
      std::string friction_law;
      std::string friction_expression;
      double      alpha_ref, friction_slope, alpha_min, alpha_max;
      double      xi_ref;
      double      temperature;
      double      attempt_frequency, geometric_factor, n_jumps;
      double      atomic_volume, activation_volume;
      bool        calibrate;
      double      yield_stress, reference_strain_rate, activation_energy_ev;
      double      modulus_softening, dilatancy;
      double      relaxation_frequency, relaxation_energy_ev, xi_eq;
    };

    FreeVolumeModel(const ElasticityParameters &elasticity,
                    const Parameters           &parameters);

    unsigned int
    n_history_variables() const override;
    std::vector<std::string>
    history_names() const override;
    void
    enforce_history_bounds(double *history) const override;
    bool
    has_symmetric_tangent() const override;
    bool
    evolves_free_volume() const override;
    double
    free_volume_source(const double xi,
                       const double tau_eff,
                       const double plastic_rate,
                       double      &d_source_d_xi) const override;
    double
    friction_coefficient(const double xi) const override;
    /// tau_eff with gamma_dot(tau_eff, xi) = the calibration's reference
    /// plastic shear rate.
    double
    flow_resistance(const double xi) const override;

    /// Plastic shear rate of homogeneous uniaxial flow at the reference
    /// axial strain rate [1/s].
    double
    reference_shear_rate() const;

    void
    evaluate(const MaterialInputs &in, MaterialOutputs &out) const override;

    const FreeVolumeKinetics &
    get_kinetics() const
    {
      return kinetics;
    }

    /// Shear modulus mu(xi) = mu_0 (1 - k_mu (xi - xi_ref)) [Pa].
    double
    shear_modulus(const double xi) const;

  private:
    /**
     * Solve dgamma = dt gamma_dot(tau_eff_trial - H dgamma) for dgamma in
     * (0, upper); returns 0 where the flow is below floating-point range.
     */
    double
    solve_shear_increment(const double tau_eff_trial,
                          const double H,
                          const double upper,
                          const double xi,
                          const double dt,
                          const double guess = 0) const;

    const Parameters          parameters;
    const double              mu_0, bulk;
    const PressureSensitivity pressure;
    const FrictionLaw         friction;
    FreeVolumeKinetics        kinetics;
  };
} // namespace Rejuv

#endif
