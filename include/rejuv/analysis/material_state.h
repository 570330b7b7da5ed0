#ifndef REJUV_ANALYSIS_MATERIAL_STATE_H
#define REJUV_ANALYSIS_MATERIAL_STATE_H

#include <rejuv/analysis/analysis_parameters.h>
#include <rejuv/fields/free_volume_field.h>
#include <rejuv/fields/quadrature_field.h>
#include <rejuv/mechanics/mechanics.h>

#include <string>
#include <vector>

namespace Rejuv
{
  /**
   * The derived quantities of MODEL.md section 7 at the Gauss points
   * (names in derived_field_names()): free-volume change, friction
   * coefficient alpha(xi), predicted band angle 45 deg - atan(alpha)/2,
   * Mohr-Coulomb utilisation tau_eff/tau_0(xi), stress triaxiality
   * sigma_m/sigma_vm, Lode parameter (2 s2 - s1 - s3)/(s1 - s3), and the
   * relaxation enthalpy dH_rel in J/mol and J/g.
   */
  std::vector<std::string>
  derived_field_names();

  template <int dim>
  void
  compute_derived_fields(const Mechanics<dim>       &mechanics,
                         const FreeVolumeField<dim> &free_volume,
                         const AnalysisParameters   &parameters,
                         QuadratureField<dim>       &derived);

  /// Volume averages and maxima of the plastic state of the whole specimen.
  struct PlasticSummary
  {
    double mean_plastic_shear_strain = 0;
    double max_plastic_shear_strain  = 0;
    double max_plastic_shear_rate    = 0;
  };

  template <int dim>
  PlasticSummary
  summarize_plastic_state(const Mechanics<dim> &mechanics);
} // namespace Rejuv

#endif
