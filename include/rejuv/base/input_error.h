#ifndef REJUV_BASE_INPUT_ERROR_H
#define REJUV_BASE_INPUT_ERROR_H

#include <stdexcept>
#include <string>

namespace Rejuv
{
  /**
   * An error in what the user gave us: a parameter, a file, a command-line
   * argument. main() prints its message without a stack trace and exits
   * with a non-zero code. The message must name the entry (as
   * "Section/Entry"), what was found and what was expected.
   */
  class InputError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /**
   * Throw an InputError naming @p entry ("Section/Subsection/Entry") unless
   * @p condition holds. Used for checks that Patterns cannot express
   * (strict bounds, relations between entries); unlike Assert it is active in
   * Release builds.
   */
  inline void
  require(const bool         condition,
          const std::string &entry,
          const std::string &expectation)
  {
    if (!condition)
      throw InputError("Invalid value of parameter '" + entry +
                       "': " + expectation);
  }
} // namespace Rejuv

#endif
