#include <deal.II/base/mpi.h>

#include <rejuv/base/input_error.h>
#include <rejuv/io/checkpoint.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;
  namespace fs = std::filesystem;

  void
  CheckpointParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpointing");
    {
      prm.declare_entry("Checkpoint every",
                        "0",
                        Patterns::Integer(0),
                        "Write a checkpoint (<Output/Directory>/checkpoint) "
                        "after every this many steps [-]; 0: only when the "
                        "run gets SIGTERM, SIGINT or SIGUSR1 (it finishes "
                        "the step, writes a checkpoint and stops).");
      prm.declare_entry(
        "Resume",
        "auto",
        Patterns::Selection("auto|true|false"),
        "auto: go on from the checkpoint in the output folder if there is "
        "one, else start; true: go on from it (an error if there is none); "
        "false: start from the beginning (an earlier checkpoint in the "
        "folder is removed). A resumed run may use another number of MPI "
        "processes, solver, output, refinement settings or a larger number "
        "of steps, but not another specimen, material or loading.");
    }
    prm.leave_subsection();
  }

  void
  CheckpointParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpointing");
    {
      every  = prm.get_integer("Checkpoint every");
      resume = prm.get("Resume");
    }
    prm.leave_subsection();
  }

  namespace Checkpoint
  {
    namespace
    {
      volatile std::sig_atomic_t signal_received = 0;

      /// The first signal asks for a clean stop; a second one (Ctrl-C
      /// pressed twice) ends the program at once.
      void
      handle_signal(int signal)
      {
        if (signal_received != 0)
          {
            std::signal(signal, SIG_DFL);
            std::raise(signal);
          }
        signal_received = signal;
      }

      std::string
      folder_name(const unsigned int step)
      {
        std::ostringstream s;
        s << "step-" << std::setw(6) << std::setfill('0') << step;
        return s.str();
      }

      std::string
      read_file(const std::string &name)
      {
        std::ifstream in(name);
        if (!in)
          throw InputError("Checkpointing: cannot read '" + name + "'");
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
      }

      /// Write @p text to @p name via a temporary file and a rename.
      void
      write_file_atomically(const std::string &name, const std::string &text)
      {
        const std::string tmp = name + ".tmp";
        {
          std::ofstream out(tmp);
          out << text;
          out.close();
          if (!out)
            throw std::runtime_error("cannot write " + tmp);
        }
        fs::rename(tmp, name);
      }

      /// "Section/Sub/Entry" -> value of a ShortPRM text.
      std::map<std::string, std::string>
      flatten(const std::string &prm_text)
      {
        std::map<std::string, std::string> entries;
        std::vector<std::string>           path;
        std::istringstream                 in(prm_text);
        std::string                        line;
        while (std::getline(in, line))
          {
            const auto first = line.find_first_not_of(" \t");
            if (first == std::string::npos || line[first] == '#')
              continue;
            line = line.substr(first);
            if (line.rfind("subsection ", 0) == 0)
              path.push_back(Utilities::trim(line.substr(11)));
            else if (line == "end" || line.rfind("end ", 0) == 0)
              {
                if (!path.empty())
                  path.pop_back();
              }
            else if (line.rfind("set ", 0) == 0)
              {
                const auto  eq = line.find('=');
                std::string key;
                for (const auto &p : path)
                  key += p + "/";
                key += Utilities::trim(line.substr(4, eq - 4));
                entries[key] = eq == std::string::npos ?
                                 "" :
                                 Utilities::trim(line.substr(eq + 1));
              }
          }
        return entries;
      }

      bool
      same_value(const std::string &a, const std::string &b)
      {
        if (a == b)
          return true;
        try
          {
            std::size_t  na = 0, nb = 0;
            const double x = std::stod(a, &na), y = std::stod(b, &nb);
            return na == a.size() && nb == b.size() &&
                   std::abs(x - y) <=
                     1e-12 * std::max(std::abs(x), std::abs(y));
          }
        catch (...)
          {
            return false;
          }
      }

      bool
      may_change(const std::string &key)
      {
        for (const char *prefix : {"Output/",
                                   "Checkpointing/",
                                   "Linear solver/",
                                   "Nonlinear solver/",
                                   "Mesh refinement/",
                                   "Analysis/"})
          if (key.rfind(prefix, 0) == 0)
            return true;
        for (const char *entry : {"Time stepping/End time",
                                  "Time stepping/Number of steps",
                                  "Time stepping/Minimum time step",
                                  "Free volume/Staggered tolerance",
                                  "Free volume/Maximum staggered iterations"})
          if (key == entry)
            return true;
        return false;
      }
    } // namespace

    void
    install_signal_handlers()
    {
      for (const int s : {SIGTERM, SIGINT, SIGUSR1})
        std::signal(s, handle_signal);
    }

    bool
    stop_requested(MPI_Comm comm)
    {
      return Utilities::MPI::max(int(signal_received != 0), comm) > 0;
    }

    std::string
    find_last(const std::string &output_directory)
    {
      const fs::path pointer = fs::path(output_directory) / "checkpoint/last";
      std::ifstream  in(pointer);
      std::string    name;
      if (!(in >> name))
        return "";
      const fs::path folder = pointer.parent_path() / name;
      if (!fs::exists(folder / "state.txt"))
        return "";
      return folder.string();
    }

    void
    remove_all(const std::string &output_directory, MPI_Comm comm)
    {
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        fs::remove_all(fs::path(output_directory) / "checkpoint");
      MPI_Barrier(comm);
    }

    template <int dim>
    void
    save(const std::string                               &output_directory,
         const parallel::distributed::Triangulation<dim> &triangulation,
         const RunState<dim>                             &state,
         const std::function<void()>                     &attach_fields)
    {
      MPI_Comm          comm   = triangulation.get_communicator();
      const bool        root   = Utilities::MPI::this_mpi_process(comm) == 0;
      const fs::path    base   = fs::path(output_directory) / "checkpoint";
      const std::string name   = folder_name(state.step);
      const fs::path    folder = base / name;
      // Never overwrite the checkpoint the pointer names.
      if (find_last(output_directory) == folder.string())
        return;
      if (root)
        {
          fs::remove_all(folder); // an incomplete one of a killed run
          fs::create_directories(folder);
        }
      MPI_Barrier(comm);

      attach_fields();
      triangulation.save((folder / "mesh").string());

      if (root)
        {
          std::ostringstream s;
          s << std::setprecision(17);
          s << "step " << state.step << "\ntime " << state.time
            << "\ntime_step " << state.time_step << "\ntotal_newton "
            << state.total_newton << "\ntotal_linear " << state.total_linear
            << "\npredictor_scale " << state.predictor_scale << "\nelapsed "
            << state.elapsed << "\nn_processes "
            << Utilities::MPI::n_mpi_processes(comm) << "\npins "
            << state.pins.size() << "\n";
          for (const auto &p : state.pins)
            s << p << "\n";
          s << "pvd_records " << state.pvd_records.size() << "\n";
          for (const auto &r : state.pvd_records)
            s << r.first << " " << r.second << "\n";
          write_file_atomically((folder / "statistics.csv").string(),
                                state.statistics);
          write_file_atomically((folder / "parameters.prm").string(),
                                state.parameters);
          // state.txt last: its presence marks a complete folder.
          write_file_atomically((folder / "state.txt").string(), s.str());
        }
      // Every process has written its part of the mesh and data.
      MPI_Barrier(comm);
      if (root)
        {
          write_file_atomically((base / "last").string(), name + "\n");
          for (const auto &entry : fs::directory_iterator(base))
            if (entry.is_directory() && entry.path().filename() != name)
              fs::remove_all(entry.path());
        }
      MPI_Barrier(comm);
    }

    template <int dim>
    RunState<dim>
    read_state(const std::string &folder)
    {
      RunState<dim>      state;
      std::istringstream in(read_file(folder + "/state.txt"));
      std::string        key;
      auto               expect = [&](const char *name) {
        if (!(in >> key) || key != name)
          throw InputError("Checkpointing: '" + folder +
                           "/state.txt' is damaged (expected '" + name +
                           "', found '" + key + "')");
      };
      std::size_t n = 0;
      expect("step");
      in >> state.step;
      expect("time");
      in >> state.time;
      expect("time_step");
      in >> state.time_step;
      expect("total_newton");
      in >> state.total_newton;
      expect("total_linear");
      in >> state.total_linear;
      expect("predictor_scale");
      in >> state.predictor_scale;
      expect("elapsed");
      in >> state.elapsed;
      expect("n_processes");
      in >> state.n_processes;
      expect("pins");
      in >> n;
      state.pins.resize(n);
      for (auto &p : state.pins)
        for (unsigned int d = 0; d < dim; ++d)
          in >> p[d];
      expect("pvd_records");
      in >> n;
      state.pvd_records.resize(n);
      for (auto &r : state.pvd_records)
        in >> r.first >> r.second;
      if (!in)
        throw InputError("Checkpointing: '" + folder +
                         "/state.txt' is damaged");
      state.statistics = read_file(folder + "/statistics.csv");
      state.parameters = read_file(folder + "/parameters.prm");
      return state;
    }

    void
    require_compatible(const std::string &saved_parameters,
                       const std::string &current_parameters)
    {
      const auto         saved   = flatten(saved_parameters);
      const auto         current = flatten(current_parameters);
      std::ostringstream differences;
      unsigned int       n = 0;
      for (const auto &[key, value] : current)
        {
          const auto it = saved.find(key);
          const bool differs =
            it == saved.end() ? false : !same_value(it->second, value);
          if (differs && !may_change(key))
            {
              differences << "\n  " << key << ": '" << it->second
                          << "' in the checkpoint, '" << value << "' now";
              ++n;
            }
        }
      auto get = [](const std::map<std::string, std::string> &m,
                    const std::string                        &key) {
        const auto it = m.find(key);
        return it == m.end() ? 0.0 : std::stod(it->second);
      };
      const double dt_saved = get(saved, "Time stepping/End time") /
                              get(saved, "Time stepping/Number of steps");
      const double dt_now = get(current, "Time stepping/End time") /
                            get(current, "Time stepping/Number of steps");
      if (std::abs(dt_saved - dt_now) > 1e-12 * dt_saved)
        {
          differences << "\n  Time stepping: step size End time / Number of "
                         "steps = "
                      << dt_saved << " s in the checkpoint, " << dt_now
                      << " s now (extend a run by raising both in "
                         "proportion)";
          ++n;
        }
      if (n > 0)
        throw InputError(
          "Checkpointing/Resume: the checkpoint in the output folder was "
          "written by a run with other parameters that define the state:" +
          differences.str() +
          "\nRestore them, set Resume = false to start over, or choose "
          "another Output/Directory.");
    }

    template void
    save<2>(const std::string &,
            const parallel::distributed::Triangulation<2> &,
            const RunState<2> &,
            const std::function<void()> &);
    template void
    save<3>(const std::string &,
            const parallel::distributed::Triangulation<3> &,
            const RunState<3> &,
            const std::function<void()> &);
    template RunState<2>
    read_state<2>(const std::string &);
    template RunState<3>
    read_state<3>(const std::string &);
  } // namespace Checkpoint
} // namespace Rejuv
