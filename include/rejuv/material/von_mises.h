#ifndef REJUV_MATERIAL_VON_MISES_H
#define REJUV_MATERIAL_VON_MISES_H

#include <rejuv/material/material_model.h>

namespace Rejuv
{
  /**
   * Rate-independent J2 plasticity with linear isotropic hardening,
   * sigma_vm <= sigma_y + h eps_bar, by radial return with the consistent
   * tangent (Simo & Hughes, Computational Inelasticity, box 3.2): the
   * pressure-insensitive reference and limit of the free-volume model.
   */
  class VonMises : public MaterialModel
  {
  public:
    VonMises(const ElasticityParameters &elasticity,
             const double                yield_stress,
             const double                hardening_modulus);

    unsigned int
    n_history_variables() const override;
    std::vector<std::string>
    history_names() const override;
    void
    enforce_history_bounds(double *history) const override;

    void
    evaluate(const MaterialInputs &in, MaterialOutputs &out) const override;

    /// tau_bar at initial yield, sigma_y/sqrt(3).
    double
    flow_resistance(const double xi) const override;

  private:
    const double mu, bulk, yield_stress, hardening;
  };
} // namespace Rejuv

#endif
