#include <rejuv/io/statistics.h>

#include <iomanip>
#include <stdexcept>

namespace Rejuv
{
  StatisticsTable::StatisticsTable(const std::string              &filename,
                                   const std::vector<std::string> &columns,
                                   const bool                      active)
    : n_columns(columns.size())
    , active(active)
  {
    if (!active)
      return;
    file.open(filename);
    if (!file)
      throw std::runtime_error("cannot write " + filename);
    for (std::size_t i = 0; i < columns.size(); ++i)
      file << (i ? "," : "") << columns[i];
    file << '\n' << std::flush;
  }

  void
  StatisticsTable::add_row(const std::vector<double> &values)
  {
    if (values.size() != n_columns)
      throw std::logic_error("StatisticsTable: row has the wrong length");
    if (!active)
      return;
    file << std::setprecision(12);
    for (std::size_t i = 0; i < values.size(); ++i)
      file << (i ? "," : "") << values[i] + 0.0; // no "-0"
    file << '\n' << std::flush;
  }
} // namespace Rejuv
