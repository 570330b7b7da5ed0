#ifndef REJUV_SIMULATOR_PARAMETERS_H
#define REJUV_SIMULATOR_PARAMETERS_H

#include <deal.II/base/parameter_handler.h>

#include <rejuv/adaptivity/mesh_refinement.h>
#include <rejuv/analysis/analysis_parameters.h>
#include <rejuv/base/time_stepping.h>
#include <rejuv/fields/free_volume_parameters.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/io/checkpoint.h>
#include <rejuv/io/field_output.h>
#include <rejuv/material/elasticity.h>
#include <rejuv/mechanics/compression_loading.h>
#include <rejuv/mechanics/linear_solver.h>
#include <rejuv/mechanics/mechanics.h>

namespace Rejuv
{
  /**
   * Every parameter of a run: the top-level entries and one member per
   * subsection, each declared and parsed by its own class.
   */
  struct Parameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// Parse and validate; throws InputError naming the offending entry.
    void
    parse_parameters(dealii::ParameterHandler &prm);

    unsigned int dimension;
    unsigned int fe_degree;
    /// B-bar (Finite element/Volumetric strain, 'auto' resolved).
    bool cell_mean_volumetric_strain;

    SpecimenParameters          geometry;
    ElasticityParameters        elasticity;
    FreeVolumeParameters        free_volume;
    InitialFreeVolumeParameters initial_free_volume;
    LoadingParameters           loading;
    TimeSteppingParameters      time_stepping;
    LinearSolverParameters      linear_solver;
    NonlinearSolverParameters   nonlinear_solver;
    OutputParameters            output;
    AnalysisParameters          analysis;
    MeshRefinementParameters    mesh_refinement;
    CheckpointParameters        checkpointing;
  };

  /**
   * Whether @p directory exists as a writable folder or could be created
   * (its nearest existing ancestor is a writable folder); creates nothing.
   */
  bool
  directory_is_creatable(const std::string &directory);
} // namespace Rejuv

#endif
