#ifndef REJUV_BASE_COMMAND_LINE_H
#define REJUV_BASE_COMMAND_LINE_H

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace dealii
{
  class ParameterHandler;
}

namespace Rejuv
{
  /**
   * What the user asked for on the command line.
   */
  struct CommandLine
  {
    enum class Action
    {
      run,
      help,
      version,
      print_parameters,
      validate
    };

    Action      action = Action::run;
    std::string parameter_file;
    /// prm | json (for print_parameters)
    std::string format = "prm";
    /// --set "Section/Entry=value", applied after the file, in order.
    std::vector<std::pair<std::string, std::string>> overrides;

    /// Throws InputError for an unknown option or a missing argument.
    static CommandLine
    parse(const int argc, const char *const *argv);

    static std::string
    usage();
  };

  /**
   * Read @p file into @p prm and apply @p overrides. Throws InputError with
   * the file name, line and entry for anything deal.II's ParameterHandler
   * rejects (unknown entry, wrong type, value out of the pattern's range).
   */
  void
  read_parameter_file(
    dealii::ParameterHandler                               &prm,
    const std::string                                      &file,
    const std::vector<std::pair<std::string, std::string>> &overrides);

  /**
   * Every parameter as a valid .prm file: documentation (with unit),
   * default and allowed values above each "set" line.
   */
  void
  print_parameters_prm(const dealii::ParameterHandler &prm, std::ostream &out);

  /**
   * The line "set Entry = ..." of "Section/.../Entry" in @p file, or 0 when
   * it is not there (the entry kept its default). For messages.
   */
  unsigned int
  find_entry_line(const std::string &file, const std::string &path);
} // namespace Rejuv

#endif
