#ifndef REJUV_FIELDS_FREE_VOLUME_PARAMETERS_H
#define REJUV_FIELDS_FREE_VOLUME_PARAMETERS_H

#include <deal.II/base/parameter_handler.h>

#include <array>

namespace Rejuv
{
  /**
   * Subsection "Free volume": regularisation and coupling (the field at
   * t = 0 is InitialFreeVolumeParameters).
   */
  struct FreeVolumeParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    double internal_length;
    double diffusion_time;
    double staggered_tolerance;
    /// residual reduction of a mechanics pass that is not the last [-]
    double       staggered_pass_reduction;
    unsigned int max_staggered_iterations;

    /// D = l^2 / t_D [m^2/s]
    double
    diffusivity() const
    {
      return internal_length * internal_length / diffusion_time;
    }
  };

} // namespace Rejuv

#endif
