#include <rejuv/base/input_error.h>
#include <rejuv/material/material_model.h>
#include <rejuv/simulator/parameters.h>

#include <filesystem>

#include <unistd.h>

namespace Rejuv
{
  using namespace dealii;

  void
  Parameters::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Dimension",
                      "2",
                      Patterns::Integer(2, 3),
                      "Space dimension [-]: 2 (plane strain) or 3.");
    prm.enter_subsection("Finite element");
    prm.declare_entry("Polynomial degree",
                      "1",
                      Patterns::Integer(1, 2),
                      "Degree of the displacement element Q1 or Q2 [-]; the "
                      "geometry mapping uses the same degree.");
    prm.declare_entry(
      "Volumetric strain",
      "auto",
      Patterns::Selection("auto|pointwise|cell mean"),
      "How the volumetric strain enters the material [-]: 'pointwise' (the "
      "standard displacement method) or 'cell mean' (B-bar, mean "
      "dilatation: no volumetric locking when plastic flow is isochoric, "
      "so that bands are not pinned to the cell diagonals). 'auto' uses "
      "the cell mean for Q1 and pointwise for Q2.");
    prm.leave_subsection();

    SpecimenParameters::declare_parameters(prm);
    ElasticityParameters::declare_parameters(prm);
    MaterialRegistry::declare_parameters(prm);
    FreeVolumeParameters::declare_parameters(prm);
    InitialFreeVolumeParameters::declare_parameters(prm);
    LoadingParameters::declare_parameters(prm);
    TimeSteppingParameters::declare_parameters(prm);
    LinearSolverParameters::declare_parameters(prm);
    NonlinearSolverParameters::declare_parameters(prm);
    OutputParameters::declare_parameters(prm);
    AnalysisParameters::declare_parameters(prm);
    MeshRefinementParameters::declare_parameters(prm);
    CheckpointParameters::declare_parameters(prm);
  }

  void
  Parameters::parse_parameters(ParameterHandler &prm)
  {
    dimension = prm.get_integer("Dimension");
    prm.enter_subsection("Finite element");
    fe_degree = prm.get_integer("Polynomial degree");
    {
      const std::string v = prm.get("Volumetric strain");
      cell_mean_volumetric_strain =
        v == "cell mean" || (v == "auto" && fe_degree == 1);
    }
    prm.leave_subsection();

    geometry.parse_parameters(prm, dimension);
    elasticity.parse_parameters(prm);
    free_volume.parse_parameters(prm);
    initial_free_volume.parse_parameters(prm, dimension);
    loading.parse_parameters(prm);
    time_stepping.parse_parameters(prm);
    linear_solver.parse_parameters(prm);
    nonlinear_solver.parse_parameters(prm);
    output.parse_parameters(prm);
    analysis.parse_parameters(prm);
    mesh_refinement.parse_parameters(prm, geometry.global_refinements);
    checkpointing.parse_parameters(prm);
    require(directory_is_creatable(output.directory),
            "Output/Directory",
            "the folder '" + output.directory +
              "' cannot be created or is not writable");
  }

  bool
  directory_is_creatable(const std::string &directory)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path        p = fs::absolute(directory, ec);
    if (ec)
      return false;
    while (!p.empty())
      {
        if (fs::exists(p, ec))
          return fs::is_directory(p, ec) && access(p.c_str(), W_OK | X_OK) == 0;
        if (p == p.parent_path())
          break;
        p = p.parent_path();
      }
    return false;
  }
} // namespace Rejuv
