#ifndef REJUV_IO_CHECKPOINT_H
#define REJUV_IO_CHECKPOINT_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/distributed/tria.h>

#include <mpi.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace Rejuv
{
  /**
   * Subsection "Checkpointing".
   */
  struct CheckpointParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// Write a checkpoint after every this many steps (0: only on a signal).
    unsigned int every;
    /// "auto", "true" or "false"
    std::string resume;
  };

  /**
   * What a run needs besides the fields to go on where it stopped.
   */
  template <int dim>
  struct RunState
  {
    unsigned int step = 0;
    double       time = 0;
    /// the adaptive time step the next step starts with [s]
    double       time_step    = 0;
    unsigned int total_newton = 0, total_linear = 0;
    /// Mechanics::get_predictor_scale() of the last step
    double predictor_scale = 0;
    /// wall time of the run(s) so far [s]
    double                                      elapsed     = 0;
    unsigned int                                n_processes = 1;
    std::vector<dealii::Point<dim>>             pins;
    std::vector<std::pair<double, std::string>> pvd_records;
    /// statistics.csv up to and including @p step
    std::string statistics;
    /// the parameters of the run (ParameterHandler::ShortPRM)
    std::string parameters;
  };

  /**
   * Checkpoints in <output>/checkpoint (doc/checkpointing.md): each in its
   * own folder step-NNNNNN (the triangulation with the attached fields and
   * state.txt), and a pointer file `last` naming the newest complete one.
   * Writing is atomic: a new folder is filled first, all processes meet at a
   * barrier, and only then is the pointer replaced by a rename, so a kill
   * at any moment leaves the previous checkpoint usable; older folders are
   * removed after the switch.
   */
  namespace Checkpoint
  {
    /**
     * SIGTERM, SIGINT and SIGUSR1 (which mpirun forwards) set a flag; the
     * run finishes its step, writes a checkpoint and stops.
     */
    void
    install_signal_handlers();

    /// Whether any process got a signal (collective).
    bool
    stop_requested(MPI_Comm comm);

    /// The newest complete checkpoint folder, or "" if there is none.
    std::string
    find_last(const std::string &output_directory);

    /// Remove <output>/checkpoint (a fresh run must not be resumed into).
    void
    remove_all(const std::string &output_directory, MPI_Comm comm);

    /**
     * Write a checkpoint: @p attach_fields attaches the field data to the
     * triangulation (SolutionTransfer::prepare_for_serialization), then the
     * mesh is saved and the state written (collective).
     */
    template <int dim>
    void
    save(const std::string &output_directory,
         const dealii::parallel::distributed::Triangulation<dim> &triangulation,
         const RunState<dim>                                     &state,
         const std::function<void()> &attach_fields);

    /// The state of the checkpoint in @p folder (InputError if unreadable).
    template <int dim>
    RunState<dim>
    read_state(const std::string &folder);

    /**
     * Compare the parameters a checkpoint was written with to those of the
     * resuming run: any entry that changes the state's meaning (geometry,
     * material, loading, initial free volume, element, step size) differs ->
     * InputError listing each with both values. Solver, output, refinement,
     * checkpointing, analysis entries and the number of steps (at the same
     * step size) may change.
     */
    void
    require_compatible(const std::string &saved_parameters,
                       const std::string &current_parameters);
  } // namespace Checkpoint
} // namespace Rejuv

#endif
