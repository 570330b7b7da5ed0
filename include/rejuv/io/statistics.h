#ifndef REJUV_IO_STATISTICS_H
#define REJUV_IO_STATISTICS_H

#include <fstream>
#include <string>
#include <vector>

namespace Rejuv
{
  /**
   * The scalar record of a run: one CSV row per step, columns declared once
   * with their units ("name [unit]"), flushed after every row so a running
   * or failed job can be plotted. Only the process that constructs it with
   * @p active = true writes.
   */
  class StatisticsTable
  {
  public:
    StatisticsTable(const std::string              &filename,
                    const std::vector<std::string> &columns,
                    const bool                      active);

    /// One value per column, in the declared order.
    void
    add_row(const std::vector<double> &values);

  private:
    const std::size_t n_columns;
    const bool        active;
    std::ofstream     file;
  };
} // namespace Rejuv

#endif
