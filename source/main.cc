// rejuv: command line, parameter file, then the 2D or 3D simulator.

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/revision.h>

#include <rejuv/base/command_line.h>
#include <rejuv/base/input_error.h>
#include <rejuv/mechanics/mechanics.h>
#include <rejuv/simulator/parameters.h>
#include <rejuv/simulator/simulator.h>

#include <iostream>
#include <regex>

namespace
{
  /// Add "(file F, line N)" to a message naming an entry 'Section/Entry'.
  std::string
  with_location(
    const std::string                                      &message,
    const std::string                                      &file,
    const std::vector<std::pair<std::string, std::string>> &overrides)
  {
    std::smatch             m;
    static const std::regex entry("parameter '(.+?)': ");
    if (!file.empty() && std::regex_search(message, m, entry))
      {
        for (const auto &o : overrides)
          if (o.first == m[1])
            return message + " (given on the command line with --set)";
        const unsigned int line = Rejuv::find_entry_line(file, m[1]);
        return message +
               (line > 0 ?
                  " (file '" + file + "', line " + std::to_string(line) + ")" :
                  " (default value; not set in '" + file + "')");
      }
    return message;
  }
} // namespace

int
main(int argc, char *argv[])
{
  using namespace dealii;
  using namespace Rejuv;

  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool  root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  std::string parameter_file;
  std::vector<std::pair<std::string, std::string>> overrides;
  try
    {
      const CommandLine cl = CommandLine::parse(argc, argv);
      parameter_file       = cl.parameter_file;
      overrides            = cl.overrides;
      if (cl.action == CommandLine::Action::help)
        {
          if (root)
            std::cout << CommandLine::usage();
          return 0;
        }
      if (cl.action == CommandLine::Action::version)
        {
          if (root)
            std::cout << "rejuv " << REJUV_VERSION << " (deal.II "
                      << DEAL_II_PACKAGE_VERSION << ")" << std::endl;
          return 0;
        }

      ParameterHandler prm;
      Parameters::declare_parameters(prm);
      if (cl.action == CommandLine::Action::print_parameters)
        {
          if (root)
            {
              if (cl.format == "json")
                prm.print_parameters(std::cout, ParameterHandler::JSON);
              else
                print_parameters_prm(prm, std::cout);
            }
          return 0;
        }

      read_parameter_file(prm, cl.parameter_file, cl.overrides);
      Parameters parameters;
      parameters.parse_parameters(prm);
      // Build the material once so its own parameters, and the choices that
      // depend on it, are checked before anything is written.
      const auto material =
        MaterialRegistry::create(parameters.elasticity, prm);
      require(parameters.linear_solver.solver != "cg" ||
                material->has_symmetric_tangent(),
              "Linear solver/Solver",
              "cg needs a symmetric tangent, and the chosen material model "
              "(with these options) has a non-symmetric one: use auto or "
              "gmres");

      if (cl.action == CommandLine::Action::validate)
        {
          if (root)
            std::cout << "'" << cl.parameter_file << "' is valid." << std::endl;
          return 0;
        }

      if (parameters.dimension == 2)
        Simulator<2>(parameters, prm).run();
      else
        Simulator<3>(parameters, prm).run();
    }
  catch (const InputError &e)
    {
      if (root)
        std::cerr << "rejuv: error: "
                  << with_location(e.what(), parameter_file, overrides)
                  << std::endl;
      return 1;
    }
  catch (const StepFailure &e)
    {
      if (root)
        std::cerr << "rejuv: the run stopped: " << e.what()
                  << "\nResults up to the last converged step are kept."
                  << std::endl;
      return 2;
    }
  catch (const ExceptionBase &e)
    {
      std::cerr << "rejuv: internal error:\n";
      e.print_info(std::cerr);
      return 3;
    }
  catch (const std::exception &e)
    {
      std::cerr << "rejuv: error: " << e.what() << std::endl;
      return 3;
    }
  return 0;
}
