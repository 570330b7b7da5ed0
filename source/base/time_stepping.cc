#include <rejuv/base/input_error.h>
#include <rejuv/base/time_stepping.h>

#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  void
  TimeSteppingParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      prm.declare_entry("End time",
                        "100",
                        Patterns::Double(0),
                        "Duration of the loading [s], > 0. The final "
                        "engineering strain is Strain rate x End time.");
      prm.declare_entry("Number of steps",
                        "10",
                        Patterns::Integer(1, 10000000),
                        "Load steps over the end time [-].");
      prm.declare_entry("Minimum time step",
                        "1e-4",
                        Patterns::Double(0),
                        "A step that does not converge is retried with half "
                        "the time step, and the step grows again (up to the "
                        "nominal End time/Number of steps) after easy steps; "
                        "below this size the run stops with an error, "
                        "keeping the results so far [s].");
    }
    prm.leave_subsection();
  }

  void
  TimeSteppingParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      end_time      = prm.get_double("End time");
      n_steps       = prm.get_integer("Number of steps");
      min_time_step = prm.get_double("Minimum time step");
    }
    prm.leave_subsection();
    std::ostringstream t;
    t << end_time;
    require(end_time > 0,
            "Time stepping/End time",
            "must be > 0 s, got " + t.str());
    require(min_time_step > 0 && min_time_step <= step_size(),
            "Time stepping/Minimum time step",
            "must be > 0 and at most the nominal step End time/Number of "
            "steps");
  }
} // namespace Rejuv
