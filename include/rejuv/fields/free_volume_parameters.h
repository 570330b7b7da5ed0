#ifndef REJUV_FIELDS_FREE_VOLUME_PARAMETERS_H
#define REJUV_FIELDS_FREE_VOLUME_PARAMETERS_H

#include <deal.II/base/parameter_handler.h>

#include <array>

namespace Rejuv
{
  /**
   * Subsections "Free volume" (regularisation and coupling) and "Initial
   * free volume" (the field at t = 0: a uniform value plus an optional
   * Gaussian bump that seeds a shear band).
   */
  struct FreeVolumeParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    double                internal_length;
    double                diffusion_time;
    double                staggered_tolerance;
    unsigned int          max_staggered_iterations;
    double                initial_value;
    double                perturbation_amplitude;
    double                perturbation_radius;
    std::array<double, 3> perturbation_center;

    /// D = l^2 / t_D [m^2/s]
    double
    diffusivity() const
    {
      return internal_length * internal_length / diffusion_time;
    }
  };

} // namespace Rejuv

#endif
