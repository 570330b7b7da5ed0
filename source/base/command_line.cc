#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/utilities.h>

#include <rejuv/base/command_line.h>
#include <rejuv/base/input_error.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  std::string
  CommandLine::usage()
  {
    return "Usage: rejuv [options] FILE.prm\n"
           "       mpirun -np N rejuv [options] FILE.prm\n"
           "\n"
           "Runs the simulation described by the parameter file FILE.prm.\n"
           "\n"
           "Options:\n"
           "  -h, --help                    this text\n"
           "  -v, --version                 version of Rejuv and deal.II\n"
           "  -p, --print-parameters [FMT]  every parameter with its default,\n"
           "                                allowed values and documentation;\n"
           "                                FMT = prm (default) or json\n"
           "  --validate FILE.prm           parse and check FILE.prm, run nothing\n"
           "  -s, --set 'Sec/Entry=value'   override an entry of FILE.prm\n"
           "                                (repeatable), e.g.\n"
           "                                --set 'Geometry/Global refinements=2'\n";
  }

  CommandLine
  CommandLine::parse(const int argc, const char *const *argv)
  {
    CommandLine cl;
    for (int i = 1; i < argc; ++i)
      {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help")
          cl.action = Action::help;
        else if (arg == "-v" || arg == "--version")
          cl.action = Action::version;
        else if (arg == "-p" || arg == "--print-parameters")
          {
            cl.action = Action::print_parameters;
            if (i + 1 < argc && argv[i + 1][0] != '-')
              {
                cl.format = argv[++i];
                if (cl.format != "prm" && cl.format != "json")
                  throw InputError("--print-parameters: format must be 'prm' "
                                   "or 'json', got '" +
                                   cl.format + "'");
              }
          }
        else if (arg == "--validate")
          {
            cl.action = Action::validate;
            if (i + 1 < argc && argv[i + 1][0] != '-')
              {
                if (!cl.parameter_file.empty())
                  throw InputError("more than one parameter file given");
                cl.parameter_file = argv[++i];
              }
          }
        else if (arg == "-s" || arg == "--set")
          {
            if (i + 1 >= argc)
              throw InputError("--set needs an argument 'Section/Entry=value'");
            const std::string            s  = argv[++i];
            const std::string::size_type eq = s.find('=');
            if (eq == std::string::npos || eq == 0)
              throw InputError("--set: expected 'Section/Entry=value', got '" +
                               s + "'");
            cl.overrides.emplace_back(Utilities::trim(s.substr(0, eq)),
                                      Utilities::trim(s.substr(eq + 1)));
          }
        else if (!arg.empty() && arg[0] == '-')
          throw InputError("unknown option '" + arg + "'\n\n" + usage());
        else if (cl.parameter_file.empty())
          cl.parameter_file = arg;
        else
          throw InputError("more than one parameter file given ('" +
                           cl.parameter_file + "' and '" + arg + "')");
      }
    if ((cl.action == Action::run || cl.action == Action::validate) &&
        cl.parameter_file.empty())
      throw InputError("no parameter file given\n\n" + usage());
    return cl;
  }

  unsigned int
  find_entry_line(const std::string &file, const std::string &path)
  {
    const std::vector<std::string> parts =
      Utilities::split_string_list(path, '/');
    std::ifstream            in(file);
    std::vector<std::string> stack;
    std::string              line;
    unsigned int             n = 0, found = 0;
    while (std::getline(in, line))
      {
        ++n;
        line = Utilities::trim(line.substr(0, line.find('#')));
        if (line.rfind("subsection ", 0) == 0)
          stack.push_back(Utilities::trim(line.substr(11)));
        else if (line == "end" && !stack.empty())
          stack.pop_back();
        else if (line.rfind("set ", 0) == 0)
          {
            const std::string name =
              Utilities::trim(line.substr(4, line.find('=') - 4));
            std::vector<std::string> here = stack;
            here.push_back(name);
            if (here == parts)
              found = n;
          }
      }
    return found;
  }

  namespace
  {
    void
    print_node(const boost::property_tree::ptree &node,
               const std::string                 &indent,
               std::ostream                      &out)
    {
      for (const auto &[name, child] : node)
        if (child.count("value") > 0)
          {
            out << indent << "# " << child.get<std::string>("documentation")
                << '\n'
                << indent
                << "# Default: " << child.get<std::string>("default_value")
                << "   Allowed: "
                << child.get<std::string>("pattern_description") << '\n'
                << indent << "set " << name << " = "
                << child.get<std::string>("value") << "\n\n";
          }
        else
          {
            out << indent << "subsection " << name << '\n';
            print_node(child, indent + "  ", out);
            out << indent << "end\n\n";
          }
    }
  } // namespace

  void
  print_parameters_prm(const ParameterHandler &prm, std::ostream &out)
  {
    std::stringstream json;
    prm.print_parameters(json, ParameterHandler::JSON);
    boost::property_tree::ptree tree;
    boost::property_tree::read_json(json, tree);
    out
      << "# Every Rejuv parameter: documentation (with unit), default and\n"
      << "# allowed values. This listing is itself a valid parameter file.\n\n";
    print_node(tree, "", out);
  }

  void
  read_parameter_file(
    ParameterHandler                                       &prm,
    const std::string                                      &file,
    const std::vector<std::pair<std::string, std::string>> &overrides)
  {
    if (!std::filesystem::is_regular_file(file))
      throw InputError("parameter file '" + file + "' does not exist");
    try
      {
        prm.parse_input(file,
                        "",
                        /*skip_undefined=*/false,
                        /*assert_mandatory=*/true);
      }
    catch (const ExceptionBase &e)
      {
        std::ostringstream info;
        e.print_info(info);
        throw InputError("in parameter file '" + file + "':\n" + info.str());
      }
    for (const auto &[path, value] : overrides)
      {
        std::vector<std::string> parts =
          Utilities::split_string_list(path, '/');
        const std::string entry = parts.back();
        parts.pop_back();
        try
          {
            for (const auto &s : parts)
              prm.enter_subsection(s);
            prm.set(entry, value);
            for (std::size_t i = 0; i < parts.size(); ++i)
              prm.leave_subsection();
          }
        catch (const ExceptionBase &e)
          {
            std::ostringstream info;
            e.print_info(info);
            throw InputError(
              "--set '" + path + "=" + value +
              "': no such entry, or the value does not match: " + info.str());
          }
      }
  }
} // namespace Rejuv
