#include <rejuv/io/statistics.h>

#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace Rejuv
{
  StatisticsTable::StatisticsTable(const std::string              &filename,
                                   const std::vector<std::string> &columns,
                                   const bool                      active,
                                   const std::string              &restored)
    : n_columns(columns.size())
    , active(active)
  {
    if (!active)
      return;
    if (restored.empty())
      {
        for (std::size_t i = 0; i < columns.size(); ++i)
          text += (i ? "," : "") + columns[i];
        text += '\n';
      }
    else
      text = restored;
    file.open(filename);
    if (!file)
      throw std::runtime_error("cannot write " + filename);
    file << text << std::flush;
  }

  void
  StatisticsTable::add_row(const std::vector<double> &values)
  {
    if (values.size() != n_columns)
      throw std::logic_error("StatisticsTable: row has the wrong length");
    if (!active)
      return;
    std::ostringstream row;
    row << std::setprecision(12);
    for (std::size_t i = 0; i < values.size(); ++i)
      row << (i ? "," : "") << values[i] + 0.0; // no "-0"
    row << '\n';
    text += row.str();
    file << row.str() << std::flush;
  }
} // namespace Rejuv
