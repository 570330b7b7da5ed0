#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/grid_tools.h>

#include <rejuv/analysis/lateral_strain.h>
#include <rejuv/base/progress.h>
#include <rejuv/io/statistics.h>
#include <rejuv/simulator/simulator.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  template <int dim>
  Simulator<dim>::Simulator(const Parameters &parameters, ParameterHandler &prm)
    : parameters(parameters)
    , prm(prm)
  {}

  namespace
  {
    /// Peak resident memory summed over all processes [MB].
    double
    peak_memory_mb(MPI_Comm comm)
    {
      Utilities::System::MemoryStats stats;
      Utilities::System::get_memory_stats(stats);
      return Utilities::MPI::sum(static_cast<double>(stats.VmHWM) / 1024.0,
                                 comm);
    }
  } // namespace

  template <int dim>
  void
  Simulator<dim>::run()
  {
    MPI_Comm           comm = MPI_COMM_WORLD;
    const bool         root = Utilities::MPI::this_mpi_process(comm) == 0;
    ConditionalOStream pcout(std::cout, root);
    const auto        &output = parameters.output;

    if (root)
      {
        std::filesystem::create_directories(output.directory);
        std::ofstream prm_out(output.directory + "/parameters.prm");
        prm.print_parameters(prm_out, ParameterHandler::PRM);
        std::ofstream json_out(output.directory + "/parameters.json");
        prm.print_parameters(json_out, ParameterHandler::JSON);
      }
    MPI_Barrier(comm);

    // Destroyed inside the handler, so that an error does not also print
    // TimerOutput's "uncaught exception" notice.
    auto timer = std::make_unique<TimerOutput>(comm,
                                               pcout,
                                               TimerOutput::never,
                                               TimerOutput::wall_times);
    try
      {
        execute(*timer);
      }
    catch (...)
      {
        timer.reset();
        throw;
      }
  }

  template <int dim>
  void
  Simulator<dim>::execute(TimerOutput &timer)
  {
    MPI_Comm           comm = MPI_COMM_WORLD;
    const bool         root = Utilities::MPI::this_mpi_process(comm) == 0;
    ConditionalOStream pcout(std::cout, root);
    const auto        &output = parameters.output;

    parallel::distributed::Triangulation<dim> triangulation(comm);
    {
      TimerOutput::Scope t(timer, "mesh");
      create_specimen(parameters.geometry, triangulation);
    }
    const auto material = MaterialRegistry::create(parameters.elasticity, prm);

    Mechanics<dim>                       mechanics(triangulation,
                             parameters.fe_degree,
                             *material,
                             parameters.linear_solver,
                             parameters.nonlinear_solver,
                             timer);
    std::vector<DirichletCondition<dim>> dirichlet;
    std::vector<PointConstraint<dim>>    points;
    mechanics.setup();
    const std::vector<Point<dim>> pins =
      parameters.loading.platen_condition == "frictionless" ?
        find_rigid_body_pins(mechanics.get_dof_handler()) :
        std::vector<Point<dim>>();
    make_platen_conditions(parameters.loading, 0.0, pins, dirichlet, points);
    mechanics.set_boundary_conditions(dirichlet, points);
    mechanics.set_reaction_boundary(BoundaryId::top);
    mechanics.setup();

    double height = parameters.geometry.height;
    double area   = parameters.geometry.nominal_area(dim);
    if (parameters.geometry.specimen == "gmsh")
      {
        // A mesh file knows its own size: axial extent and bottom-platen area.
        double z_min = std::numeric_limits<double>::max(), z_max = -z_min;
        for (const auto &cell : triangulation.cell_iterators_on_level(0))
          for (const unsigned int v : cell->vertex_indices())
            {
              z_min = std::min(z_min, cell->vertex(v)[dim - 1]);
              z_max = std::max(z_max, cell->vertex(v)[dim - 1]);
            }
        height = z_max - z_min;
        area   = 0;
        for (const auto &cell : triangulation.active_cell_iterators())
          if (cell->is_locally_owned())
            for (const auto &face : cell->face_iterators())
              if (face->at_boundary() &&
                  face->boundary_id() == BoundaryId::bottom)
                area += face->measure();
        area = Utilities::MPI::sum(area, comm);
      }
    const double sense = parameters.loading.loading == "compression" ? -1 : 1;
    const std::string force_unit = dim == 2 ? "N/m" : "N";

    pcout << "Rejuv " << REJUV_VERSION << ": " << dim << "D, "
          << Utilities::MPI::n_mpi_processes(comm) << " MPI process(es), "
          << triangulation.n_global_active_cells() << " cells, "
          << mechanics.n_dofs() << " DoFs (Q" << parameters.fe_degree << ")\n"
          << "Results in '" << output.directory << "'" << std::endl;

    StatisticsTable  statistics(output.directory + "/statistics.csv",
                               {"step",
                                 "time [s]",
                                 "platen displacement [m]",
                                 "platen force [" + force_unit + "]",
                                 "engineering strain [-]",
                                 "engineering stress [Pa]",
                                 "lateral strain [-]",
                                 "newton iterations",
                                 "linear iterations",
                                 "dofs",
                                 "cells",
                                 "wall time [s]"},
                               root);
    FieldOutput<dim> field_output(output, comm);
    const double     end_time = parameters.time_stepping.end_time;
    ProgressReporter progress(std::cout, end_time, root);

    auto record = [&](const unsigned int    step,
                      const double          time,
                      const StepStatistics &step_stats) {
      const double displacement =
        parameters.loading.platen_displacement(time, height);
      const double force = mechanics.reaction_force()[dim - 1];
      // Engineering quantities in the sense of loading (positive in
      // compression for a compression test); the force keeps its sign.
      const double strain = sense * displacement / height;
      const double stress = sense * force / area;
      statistics.add_row({double(step),
                          time,
                          displacement,
                          force,
                          strain,
                          stress,
                          mean_lateral_strain(mechanics.get_mapping(),
                                              mechanics.get_dof_handler(),
                                              mechanics.get_solution()),
                          double(step_stats.newton_iterations),
                          double(step_stats.linear_iterations),
                          double(mechanics.n_dofs()),
                          double(triangulation.n_global_active_cells()),
                          progress.elapsed()});
      progress.step(step,
                    time,
                    strain,
                    force,
                    force_unit,
                    step_stats.newton_iterations,
                    step_stats.linear_iterations);
      const unsigned int every = output.output_every;
      if (every > 0 &&
          (step % every == 0 || step == parameters.time_stepping.n_steps))
        {
          TimerOutput::Scope t(timer, "output");
          field_output.write(step, time, mechanics);
        }
    };

    // Step 0: the unloaded state (zero fields), so the curves start at the
    // origin.
    record(0, 0.0, StepStatistics());

    const double dt_nominal   = parameters.time_stepping.step_size();
    double       time         = 0;
    unsigned int total_newton = 0, total_linear = 0;
    for (unsigned int step = 1; step <= parameters.time_stepping.n_steps;
         ++step)
      {
        const double   target = step * dt_nominal;
        StepStatistics accumulated;
        unsigned int   cuts = 0;
        double         dt   = target - time;
        while (time < target * (1 - 1e-12))
          {
            dt = std::min(dt, target - time);
            make_platen_conditions(
              parameters.loading,
              parameters.loading.platen_displacement(time + dt, height) -
                parameters.loading.platen_displacement(time, height),
              pins,
              dirichlet,
              points);
            mechanics.set_boundary_conditions(dirichlet, points);
            try
              {
                const StepStatistics s = mechanics.solve_step(dt);
                accumulated.newton_iterations += s.newton_iterations;
                accumulated.linear_iterations += s.linear_iterations;
                time += dt;
              }
            catch (const StepFailure &failure)
              {
                if (++cuts > parameters.time_stepping.max_cuts)
                  {
                    std::ostringstream msg;
                    msg << "step " << step << " at t = " << time
                        << " s failed after " << cuts - 1
                        << " cuts of the time step: " << failure.what();
                    throw StepFailure(msg.str());
                  }
                dt /= 2;
                pcout << "  step " << step << " did not converge ("
                      << failure.what() << "); cutting the time step to " << dt
                      << " s" << std::endl;
              }
          }
        total_newton += accumulated.newton_iterations;
        total_linear += accumulated.linear_iterations;
        record(step, time, accumulated);
      }

    // Machine-readable performance summary (read by scripts/benchmark.py).
    const double memory = peak_memory_mb(comm);
    const auto   t      = timer.get_summary_data(TimerOutput::total_wall_time);
    auto         get    = [&t](const std::string &name) {
      const auto it = t.find(name);
      return it == t.end() ? 0.0 : it->second;
    };
    pcout << std::setprecision(4) << "Performance: dofs=" << mechanics.n_dofs()
          << " processes=" << Utilities::MPI::n_mpi_processes(comm)
          << " steps=" << parameters.time_stepping.n_steps
          << " newton_iterations=" << total_newton
          << " linear_iterations=" << total_linear
          << " setup_s=" << get("setup") << " assembly_s="
          << get("assembly (matrix+rhs)") + get("assembly (rhs)")
          << " amg_setup_s=" << get("AMG setup")
          << " solve_s=" << get("linear solve") << " output_s=" << get("output")
          << " total_s=" << progress.elapsed() << " peak_memory_mb=" << memory
          << std::endl;
    pcout << "Done: " << parameters.time_stepping.n_steps << " steps in "
          << ProgressReporter::format_duration(progress.elapsed()) << std::endl;
  }

  template class Simulator<2>;
  template class Simulator<3>;
} // namespace Rejuv
