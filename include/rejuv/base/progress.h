#ifndef REJUV_BASE_PROGRESS_H
#define REJUV_BASE_PROGRESS_H

#include <chrono>
#include <ostream>
#include <string>

namespace Rejuv
{
  /**
   * One line per step on the terminal: step, time, strain, force, solver
   * iterations, elapsed wall time and an ETA extrapolated from the fraction
   * of the loading done.
   */
  class ProgressReporter
  {
  public:
    ProgressReporter(std::ostream &out,
                     const double  end_time,
                     const bool    active);

    void
    step(const unsigned int step,
         const double       time,
         const double       strain,
         const double       force,
         const std::string &force_unit,
         const unsigned int newton_iterations,
         const unsigned int linear_iterations);

    /// Wall time since construction plus the offset [s].
    double
    elapsed() const;

    /// Wall time of earlier runs that this one continues [s].
    void
    set_offset(const double seconds)
    {
      offset = seconds;
    }

    static std::string
    format_duration(const double seconds);

  private:
    std::ostream                         &out;
    const double                          end_time;
    const bool                            active;
    std::chrono::steady_clock::time_point start;
    double                                offset = 0;
  };
} // namespace Rejuv

#endif
