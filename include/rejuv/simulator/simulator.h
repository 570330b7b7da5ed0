#ifndef REJUV_SIMULATOR_SIMULATOR_H
#define REJUV_SIMULATOR_SIMULATOR_H

#include <deal.II/base/parameter_handler.h>

#include <rejuv/simulator/parameters.h>

namespace dealii
{
  class TimerOutput;
}

namespace Rejuv
{
  /**
   * One run of a parameter file: specimen, material, time loop with
   * displacement-controlled platens, output of fields, statistics and
   * timings (ARCHITECTURE.md, "Data flow of one run").
   */
  template <int dim>
  class Simulator
  {
  public:
    /// @p prm is the parsed handler (written to the output folder).
    Simulator(const Parameters &parameters, dealii::ParameterHandler &prm);

    void
    run();

  private:
    /// Everything after the output folder and the timer exist.
    void
    execute(dealii::TimerOutput &timer);

    const Parameters          parameters;
    dealii::ParameterHandler &prm;
  };
} // namespace Rejuv

#endif
