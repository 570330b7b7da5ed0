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
    /**
     * A new table, or with @p restored (the text of a table written
     * before, header included: a resumed run) that text followed by the new
     * rows.
     */
    StatisticsTable(const std::string              &filename,
                    const std::vector<std::string> &columns,
                    const bool                      active,
                    const std::string              &restored = "");

    /// One value per column, in the declared order.
    void
    add_row(const std::vector<double> &values);

    /// Everything written so far (header included; empty if not active).
    const std::string &
    content() const
    {
      return text;
    }

  private:
    std::string       text;
    const std::size_t n_columns;
    const bool        active;
    std::ofstream     file;
  };
} // namespace Rejuv

#endif
