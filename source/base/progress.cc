#include <rejuv/base/progress.h>

#include <cmath>
#include <cstdio>

namespace Rejuv
{
  ProgressReporter::ProgressReporter(std::ostream &out,
                                     const double  end_time,
                                     const bool    active)
    : out(out)
    , end_time(end_time)
    , active(active)
    , start(std::chrono::steady_clock::now())
  {}

  double
  ProgressReporter::elapsed() const
  {
    return offset + std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  }

  std::string
  ProgressReporter::format_duration(const double seconds)
  {
    if (!std::isfinite(seconds) || seconds < 0)
      return "--:--:--";
    const long s = std::lround(seconds);
    char       buffer[32];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "%02ld:%02ld:%02ld",
                  s / 3600,
                  (s / 60) % 60,
                  s % 60);
    return buffer;
  }

  void
  ProgressReporter::step(const unsigned int step,
                         const double       time,
                         const double       strain,
                         const double       force,
                         const std::string &force_unit,
                         const unsigned int newton_iterations,
                         const unsigned int linear_iterations)
  {
    if (!active)
      return;
    const double wall     = elapsed();
    const double fraction = time / end_time;
    const double eta = fraction > 0 ? wall * (1 - fraction) / fraction : -1;
    char         line[256];
    std::snprintf(line,
                  sizeof(line),
                  "Step %5u  t = %10.4e s  strain = %9.3e  F = %11.4e %s  "
                  "Newton %2u  lin %4u  elapsed %s  ETA %s",
                  step,
                  time,
                  strain,
                  force,
                  force_unit.c_str(),
                  newton_iterations,
                  linear_iterations,
                  format_duration(wall).c_str(),
                  format_duration(eta).c_str());
    out << line << std::endl;
  }
} // namespace Rejuv
