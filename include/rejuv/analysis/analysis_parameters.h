#ifndef REJUV_ANALYSIS_ANALYSIS_PARAMETERS_H
#define REJUV_ANALYSIS_ANALYSIS_PARAMETERS_H

#include <deal.II/base/parameter_handler.h>

namespace Rejuv
{
  /**
   * Subsection "Analysis": constants of the derived quantities.
   */
  struct AnalysisParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// beta_H of dH_rel = beta_H (xi - xi_relaxed) [J/mol]
    double enthalpy_coefficient;
    double relaxed_free_volume;
    /// [g/mol]
    double molar_mass;
    /// Plastic shear strain above which a band angle is measured [-].
    double band_threshold;
  };

} // namespace Rejuv

#endif
