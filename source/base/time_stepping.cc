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
      prm.declare_entry("Maximum step cuts",
                        "8",
                        Patterns::Integer(0, 30),
                        "How often a non-converging step may be halved "
                        "before the run stops with an error [-].");
    }
    prm.leave_subsection();
  }

  void
  TimeSteppingParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    {
      end_time = prm.get_double("End time");
      n_steps  = prm.get_integer("Number of steps");
      max_cuts = prm.get_integer("Maximum step cuts");
    }
    prm.leave_subsection();
    std::ostringstream t;
    t << end_time;
    require(end_time > 0,
            "Time stepping/End time",
            "must be > 0 s, got " + t.str());
  }
} // namespace Rejuv
