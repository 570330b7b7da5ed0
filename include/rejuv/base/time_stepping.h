#ifndef REJUV_BASE_TIME_STEPPING_H
#define REJUV_BASE_TIME_STEPPING_H

#include <deal.II/base/parameter_handler.h>

namespace Rejuv
{
  /**
   * Subsection "Time stepping": the loading history is split into equal
   * steps; a step that fails to converge is cut into halves (at most
   * "Maximum step cuts" times) and never accepted unconverged.
   */
  struct TimeSteppingParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    double       end_time;
    unsigned int n_steps;
    unsigned int max_cuts;

    double
    step_size() const
    {
      return end_time / n_steps;
    }
  };
} // namespace Rejuv

#endif
