#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/grid_tools.h>

#include <rejuv/adaptivity/mesh_refinement.h>
#include <rejuv/analysis/lateral_strain.h>
#include <rejuv/analysis/material_state.h>
#include <rejuv/analysis/shear_band.h>
#include <rejuv/base/input_error.h>
#include <rejuv/base/progress.h>
#include <rejuv/fields/free_volume_field.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/geometry/mesh_quality.h>
#include <rejuv/io/checkpoint.h>
#include <rejuv/io/statistics.h>
#include <rejuv/material/plastic_history.h>
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

    // A checkpoint to go on from (Checkpointing/Resume)?
    Checkpoint::install_signal_handlers();
    std::string resume_folder;
    if (parameters.checkpointing.resume != "false")
      {
        if (root)
          resume_folder = Checkpoint::find_last(output.directory);
        resume_folder = Utilities::MPI::broadcast(comm, resume_folder, 0);
        if (resume_folder.empty() && parameters.checkpointing.resume == "true")
          throw InputError("Checkpointing/Resume = true, but '" +
                           output.directory +
                           "/checkpoint' holds no complete checkpoint");
      }
    const bool    resuming = !resume_folder.empty();
    RunState<dim> state;
    if (resuming)
      {
        state = Checkpoint::read_state<dim>(resume_folder);
        std::ostringstream current;
        prm.print_parameters(current, ParameterHandler::ShortPRM);
        Checkpoint::require_compatible(state.parameters, current.str());
      }

    parallel::distributed::Triangulation<dim> triangulation(
      comm,
      Triangulation<dim>::none,
      parallel::distributed::Triangulation<
        dim>::mesh_reconstruction_after_repartitioning);
    {
      TimerOutput::Scope t(timer, "mesh");
      create_specimen(parameters.geometry, triangulation, !resuming);
      if (resuming)
        triangulation.load(resume_folder + "/mesh");
    }
    const auto material = MaterialRegistry::create(parameters.elasticity, prm);
    const bool coupled  = material->evolves_free_volume();

    Mechanics<dim>                       mechanics(triangulation,
                             parameters.fe_degree,
                             *material,
                             parameters.linear_solver,
                             parameters.nonlinear_solver,
                             timer);
    FreeVolumeField<dim>                 free_volume(triangulation,
                                     parameters.fe_degree,
                                     parameters.free_volume,
                                     *material,
                                     timer);
    std::vector<DirichletCondition<dim>> dirichlet;
    std::vector<PointConstraint<dim>>    points;
    mechanics.set_coarse_mesh([this](Triangulation<dim> &t) {
      create_specimen(parameters.geometry, t, false);
    });
    mechanics.set_volumetric_strain(parameters.cell_mean_volumetric_strain ?
                                      VolumetricStrain::cell_mean :
                                      VolumetricStrain::pointwise);
    // A bad mesh is rejected before the DoFs are set up.
    const MeshQuality<dim> quality =
      compute_mesh_quality(mechanics.get_mapping(), triangulation);
    require_valid_mesh(quality);
    // The vertices that hold the rigid-body modes (frictionless platens);
    // the cells around them are never coarsened.
    const std::vector<Point<dim>> pins =
      resuming ? state.pins :
      parameters.loading.platen_condition == "frictionless" ?
                 find_rigid_body_pins(triangulation) :
                 std::vector<Point<dim>>();
    make_platen_conditions(parameters.loading, 0.0, pins, dirichlet, points);
    mechanics.set_boundary_conditions(dirichlet, points);
    mechanics.set_reaction_boundary(BoundaryId::top);
    mechanics.setup();
    free_volume.setup();
    mechanics.set_free_volume(free_volume.get_dof_handler(),
                              free_volume.get_solution());
    MeshRefinement<dim>                   refinement(parameters.mesh_refinement,
                                   triangulation,
                                   parameters.loading.strain_rate);
    std::unique_ptr<QuadratureField<dim>> derived;

    // Refine and coarsen by the indicators, all state moving along;
    // false if no cell changed.
    auto adapt_mesh = [&]() {
      TimerOutput::Scope  t(timer, "mesh adaptation");
      const Vector<float> indicator =
        refinement.compute_indicators(mechanics, free_volume);
      if (!refinement.mark_cells(indicator, pins))
        return false;
      refinement.update_cell_weights(mechanics);
      mechanics.prepare_for_mesh_change();
      free_volume.prepare_for_mesh_change();
      triangulation.execute_coarsening_and_refinement();
      mechanics.finish_mesh_change();
      free_volume.finish_mesh_change();
      if (derived)
        derived->reinit();
      return true;
    };

    if (resuming)
      {
        // the order in which Checkpoint::save() attached them
        mechanics.deserialize();
        free_volume.deserialize();
        mechanics.set_predictor_scale(state.predictor_scale);
      }
    else
      {
        const InitialFreeVolume<dim> initial(parameters.initial_free_volume,
                                             parameters.geometry);
        initial.check_file_points(mechanics.get_mapping(), triangulation);
        free_volume.set_initial_values(initial);
        // Fine cells where the initial free volume varies (a seed, a
        // gradient), the field interpolated anew on each mesh.
        for (unsigned int c = 0; c < parameters.mesh_refinement.initial_cycles;
             ++c)
          {
            if (!adapt_mesh())
              break;
            free_volume.set_initial_values(initial);
          }
      }
    if (material->n_history_variables() > 0)
      {
        derived =
          std::make_unique<QuadratureField<dim>>(triangulation,
                                                 parameters.fe_degree + 1,
                                                 derived_field_names());
        derived->reinit();
      }

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
    const double net_area = parameters.geometry.specimen == "gmsh" ?
                              area :
                              parameters.geometry.net_area(dim);
    const bool   notched  = parameters.geometry.is_notched();
    const double sense = parameters.loading.loading == "compression" ? -1 : 1;
    const std::string force_unit = dim == 2 ? "N/m" : "N";
    const double      volume     = area * height;

    if (resuming)
      pcout << "Resuming from " << resume_folder << " (step " << state.step
            << ", t = " << state.time << " s, written on " << state.n_processes
            << " process(es))" << std::endl;
    pcout << "Rejuv " << REJUV_VERSION << ": " << dim << "D, "
          << Utilities::MPI::n_mpi_processes(comm) << " MPI process(es), "
          << triangulation.n_global_active_cells() << " cells, "
          << mechanics.n_dofs() << " DoFs (Q" << parameters.fe_degree << ")"
          << (coupled ?
                " + " + std::to_string(free_volume.get_dof_handler().n_dofs()) +
                  " free-volume DoFs" :
                "")
          << "\nMesh quality: " << quality.summary() << "\nResults in '"
          << output.directory << "'" << std::endl;

    // Only a run that set up without error writes into the result folder.
    if (root)
      {
        std::filesystem::create_directories(output.directory);
        std::ofstream prm_out(output.directory + "/parameters.prm");
        prm.print_parameters(prm_out, ParameterHandler::PRM);
        std::ofstream json_out(output.directory + "/parameters.json");
        prm.print_parameters(json_out, ParameterHandler::JSON);
      }
    MPI_Barrier(comm);
    if (!resuming)
      Checkpoint::remove_all(output.directory, comm);

    StatisticsTable  statistics(output.directory + "/statistics.csv",
                               {"step",
                                 "time [s]",
                                 "time step [s]",
                                 "platen displacement [m]",
                                 "platen force [" + force_unit + "]",
                                 "engineering strain [-]",
                                 "engineering stress [Pa]",
                                 "net-section stress [Pa]",
                                 "notch root axial strain [-]",
                                 "lateral strain [-]",
                                 "mean free volume [-]",
                                 "min free volume [-]",
                                 "max free volume [-]",
                                 "mean plastic shear strain [-]",
                                 "max plastic shear strain [-]",
                                 "max plastic shear rate [1/s]",
                                 "band angle [deg]",
                                 "band width [m]",
                                 "newton iterations",
                                 "staggered iterations",
                                 "linear iterations",
                                 "time step cuts",
                                 "dofs",
                                 "cells",
                                 "wall time [s]"},
                               root,
                               state.statistics);
    FieldOutput<dim> field_output(output, comm);
    field_output.set_records(state.pvd_records);
    const double     end_time = parameters.time_stepping.end_time;
    ProgressReporter progress(std::cout, end_time, root);
    progress.set_offset(state.elapsed);
    BandMeasurement band;

    struct StepRecord
    {
      StepStatistics mechanics;
      unsigned int   staggered = 0;
      unsigned int   cuts      = 0;
      double         last_dt   = 0;
    };

    auto record =
      [&](const unsigned int step, const double time, const StepRecord &r) {
        const double displacement =
          parameters.loading.platen_displacement(time, height);
        const double force = mechanics.reaction_force()[dim - 1];
        // Engineering quantities in the sense of loading (positive in
        // compression for a compression test); the force keeps its sign.
        const double       strain  = sense * displacement / height;
        const double       stress  = sense * force / area;
        const auto         xi      = free_volume.integrals();
        const auto         plastic = summarize_plastic_state(mechanics);
        const bool         last    = step == parameters.time_stepping.n_steps;
        const unsigned int every   = output.output_every;
        const bool         write   = every > 0 && (step % every == 0 || last);
        if (step > 0)
          {
            TimerOutput::Scope t(timer, "analysis");
            band = mechanics.get_history_field() ?
                     measure_band_angle(mechanics.get_mapping(),
                                        mechanics.get_quadrature(),
                                        *mechanics.get_history_field(),
                                        PlasticHistory::gamma_p,
                                        parameters.analysis.band_threshold) :
                     BandMeasurement();
          }
        statistics.add_row(
          {double(step),
           time,
           r.last_dt,
           displacement,
           force,
           strain,
           stress,
           sense * force / net_area,
           notched ?
             sense *
               axial_strain_at(mechanics.get_mapping(),
                               mechanics.get_dof_handler(),
                               mechanics.get_solution(),
                               parameters.geometry.template notch_root<dim>()) :
             std::numeric_limits<double>::quiet_NaN(),
           mean_lateral_strain(mechanics.get_mapping(),
                               mechanics.get_dof_handler(),
                               mechanics.get_solution()),
           xi[0] / volume,
           xi[1],
           xi[2],
           plastic.mean_plastic_shear_strain,
           plastic.max_plastic_shear_strain,
           plastic.max_plastic_shear_rate,
           band.found ? band.angle : std::numeric_limits<double>::quiet_NaN(),
           band.found ? band.width : std::numeric_limits<double>::quiet_NaN(),
           double(r.mechanics.newton_iterations),
           double(r.staggered),
           double(r.mechanics.linear_iterations),
           double(r.cuts),
           double(mechanics.n_dofs()),
           double(triangulation.n_global_active_cells()),
           progress.elapsed()});
        progress.step(step,
                      time,
                      strain,
                      force,
                      force_unit,
                      r.mechanics.newton_iterations,
                      r.mechanics.linear_iterations);
        if (write)
          {
            TimerOutput::Scope t(timer, "output");
            if (derived)
              compute_derived_fields(mechanics,
                                     free_volume,
                                     parameters.analysis,
                                     *derived);
            field_output.write(step,
                               time,
                               mechanics,
                               coupled ? &free_volume : nullptr,
                               derived.get());
          }
      };

    // One attempt at a step of length dt: mechanics and free volume
    // iterated to a fixed point (staggered coupling, MODEL.md section 5),
    // committed only when both converged. A mechanics pass that another
    // free-volume update will follow need not reach the Newton tolerance:
    // it stops once its residual fell by Staggered pass reduction, far
    // below the jump the next update causes; the last pass is finished to
    // the tolerance.
    auto attempt = [&](const double dt, StepRecord &r) {
      const double pass_reduction =
        coupled ? parameters.free_volume.staggered_pass_reduction : 0.0;
      auto add = [&r](const StepStatistics &s) {
        r.mechanics.newton_iterations += s.newton_iterations;
        r.mechanics.linear_iterations += s.linear_iterations;
      };
      try
        {
          if (coupled && parameters.nonlinear_solver.extrapolate)
            free_volume.predict(dt);
          StepStatistics s = mechanics.solve_step(dt, false, pass_reduction);
          add(s);
          r.mechanics.residuals = s.residuals;
          if (coupled)
            {
              const auto  &fv = parameters.free_volume;
              unsigned int k  = 1;
              for (;; ++k)
                {
                  const double change =
                    free_volume.solve(dt, mechanics.get_flow_field());
                  if (change <= fv.staggered_tolerance)
                    break;
                  if (k == fv.max_staggered_iterations)
                    {
                      std::ostringstream msg;
                      msg << "staggered iteration did not converge in " << k
                          << " passes (free-volume change " << change << ")";
                      throw StepFailure(msg.str());
                    }
                  s = mechanics.solve_step(dt, true, pass_reduction);
                  add(s);
                }
              r.staggered += k;
              if (!s.converged)
                add(mechanics.solve_step(dt, true));
            }
        }
      catch (const StepFailure &)
        {
          mechanics.revert();
          free_volume.revert();
          throw;
        }
      mechanics.commit();
      free_volume.commit();
    };

    // Step 0: the unloaded state (zero fields), so the curves start at the
    // origin.
    if (!resuming)
      record(0, 0.0, StepRecord());

    const double dt_nominal    = parameters.time_stepping.step_size();
    const double dt_min        = parameters.time_stepping.min_time_step;
    double       time          = state.time;
    double       dt            = resuming ? state.time_step : dt_nominal;
    unsigned int total_newton  = state.total_newton;
    unsigned int total_linear  = state.total_linear;
    const auto   n_steps       = parameters.time_stepping.n_steps;
    const auto  &checkpointing = parameters.checkpointing;
    if (resuming && state.step >= n_steps)
      pcout << "The checkpoint is at step " << state.step << " of " << n_steps
            << ": nothing left to do (raise Time stepping/End time and "
               "Number of steps to go on, or set Checkpointing/Resume = "
               "false to start over)."
            << std::endl;

    auto write_checkpoint = [&](const unsigned int step) {
      TimerOutput::Scope t(timer, "checkpoint");
      RunState<dim>      s;
      s.step            = step;
      s.time            = time;
      s.time_step       = dt;
      s.total_newton    = total_newton;
      s.total_linear    = total_linear;
      s.elapsed         = progress.elapsed();
      s.predictor_scale = mechanics.get_predictor_scale();
      s.pins            = pins;
      s.pvd_records     = field_output.get_records();
      s.statistics      = statistics.content();
      std::ostringstream prm_text;
      prm.print_parameters(prm_text, ParameterHandler::ShortPRM);
      s.parameters = prm_text.str();
      Checkpoint::save<dim>(output.directory, triangulation, s, [&]() {
        mechanics.prepare_for_serialization();
        free_volume.prepare_for_serialization();
      });
      // A resumed run starts with fresh preconditioners; so does this one.
      mechanics.rebuild_preconditioner();
      free_volume.rebuild_preconditioner();
    };

    for (unsigned int step = state.step + 1; step <= n_steps; ++step)
      {
        const double target = step * dt_nominal;
        StepRecord   r;
        while (time < target * (1 - 1e-12))
          {
            const double this_dt = std::min(dt, target - time);
            make_platen_conditions(
              parameters.loading,
              parameters.loading.platen_displacement(time + this_dt, height) -
                parameters.loading.platen_displacement(time, height),
              pins,
              dirichlet,
              points);
            mechanics.set_boundary_conditions(dirichlet, points);
            const unsigned int newton_before = r.mechanics.newton_iterations;
            try
              {
                attempt(this_dt, r);
                time += this_dt;
                r.last_dt = this_dt;
                // Grow again after an easy step.
                if (r.mechanics.newton_iterations - newton_before <= 4)
                  dt = std::min(2 * dt, dt_nominal);
              }
            catch (const StepFailure &failure)
              {
                ++r.cuts;
                dt = this_dt / 2;
                if (dt < dt_min)
                  {
                    std::ostringstream msg;
                    msg << "step " << step << " at t = " << time
                        << " s: the time step fell below Time stepping/"
                           "Minimum time step = "
                        << dt_min << " s after " << r.cuts
                        << " cuts; last failure: " << failure.what();
                    throw StepFailure(msg.str());
                  }
                pcout << "  step " << step << " did not converge ("
                      << failure.what() << "); cutting the time step to " << dt
                      << " s" << std::endl;
              }
          }
        total_newton += r.mechanics.newton_iterations;
        total_linear += r.mechanics.linear_iterations;
        record(step, time, r);

        const bool stop  = Checkpoint::stop_requested(comm);
        const auto every = parameters.mesh_refinement.refine_every;
        // (also before a stop: the checkpoint holds what the next step of an
        // uninterrupted run would start from)
        if (every > 0 && step % every == 0)
          adapt_mesh();
        if (stop || (checkpointing.every > 0 &&
                     (step % checkpointing.every == 0 || step == n_steps)))
          write_checkpoint(step);
        if (stop)
          {
            pcout << "Stopped by a signal after step " << step
                  << " (t = " << time << " s); the checkpoint in '"
                  << output.directory
                  << "/checkpoint' resumes it: run the same parameter file "
                     "again (Checkpointing/Resume = auto)."
                  << std::endl;
            return;
          }
      }
    if (band.found)
      pcout << "Shear band: " << std::setprecision(4) << band.angle
            << " deg to the loading axis, width " << band.width
            << " m (concentration " << band.concentration << ")" << std::endl;

    // Machine-readable performance summary (read by scripts/benchmark.py).
    const double memory = peak_memory_mb(comm);
    const auto   t      = timer.get_summary_data(TimerOutput::total_wall_time);
    const auto   calls  = timer.get_summary_data(TimerOutput::n_calls);
    auto         get    = [&t](const std::string &name) {
      const auto it = t.find(name);
      return it == t.end() ? 0.0 : it->second;
    };
    auto count = [&calls](const std::string &name) {
      const auto it = calls.find(name);
      return it == calls.end() ? 0.0 : it->second;
    };
    pcout << std::setprecision(4) << "Performance: dofs=" << mechanics.n_dofs()
          << " processes=" << Utilities::MPI::n_mpi_processes(comm)
          << " steps=" << parameters.time_stepping.n_steps
          << " newton_iterations=" << total_newton
          << " linear_iterations=" << total_linear
          << " linear_solves=" << count("linear solve") << " assemblies="
          << count("assembly (matrix+rhs)") + count("assembly (rhs)")
          << " setup_s=" << get("setup") << " assembly_s="
          << get("assembly (matrix+rhs)") + get("assembly (rhs)")
          << " amg_setup_s=" << get("AMG setup")
          << " solve_s=" << get("linear solve")
          << " free_volume_s=" << get("free volume")
          << " output_s=" << get("output")
          << " adaptation_s=" << get("mesh adaptation")
          << " analysis_s=" << get("analysis")
          << " total_s=" << progress.elapsed() << " peak_memory_mb=" << memory
          << std::endl;
    pcout << "Done: " << parameters.time_stepping.n_steps << " steps in "
          << ProgressReporter::format_duration(progress.elapsed()) << std::endl;
  }

  template class Simulator<2>;
  template class Simulator<3>;
} // namespace Rejuv
