#ifndef REJUV_BASE_TIME_STEPPING_H
#define REJUV_BASE_TIME_STEPPING_H

#include <deal.II/base/parameter_handler.h>

namespace Rejuv
{
  /**
   * Subsection "Time stepping": the loading history is split into equal
   * nominal steps (one statistics row each); a step that fails to converge
   * is cut into halves, never accepted unconverged, and the step grows back
   * after easy steps; below "Minimum time step" the run stops.
   */
  struct TimeSteppingParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    double       end_time;
    unsigned int n_steps;
    double       min_time_step;

    double
    step_size() const
    {
      return end_time / n_steps;
    }
  };
} // namespace Rejuv

#endif
