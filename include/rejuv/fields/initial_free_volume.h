#ifndef REJUV_FIELDS_INITIAL_FREE_VOLUME_H
#define REJUV_FIELDS_INITIAL_FREE_VOLUME_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/base/types.h>

#include <rejuv/mechanics/linear_algebra.h>

#include <array>
#include <map>
#include <memory>
#include <string>

namespace dealii
{
  template <int dim, int spacedim>
  class DoFHandler;
  template <int dim, int spacedim>
  class Mapping;
  template <int dim, int spacedim>
  class Triangulation;
  template <int dim>
  class FunctionParser;
} // namespace dealii

namespace Rejuv
{
  struct SpecimenParameters;
  template <int dim>
  class GaussianRandomField;
  template <int dim>
  class PointCloudInterpolant;

  /**
   * Subsection "Initial free volume": the free volume at t = 0 as a base
   * (Value, or per material id, or read from a file) plus superposed terms,
   * each an increment that is zero where it is switched off (MODEL.md
   * section 9, doc/initial_free_volume.md).
   */
  struct InitialFreeVolumeParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm, const int dim);

    double value;

    double                perturbation_amplitude;
    double                perturbation_radius;
    std::array<double, 3> perturbation_center;

    std::string shell_profile; ///< none | linear | exponential | tanh
    double      shell_thickness;
    double      shell_transition_width;
    double      surface_value;

    std::array<double, 3> gradient;
    std::array<double, 3> gradient_origin;

    double surface_layer_depth;
    double surface_layer_value;

    std::string expression;

    double        random_mean;
    double        random_standard_deviation;
    double        random_correlation_length;
    std::uint64_t random_seed;

    std::string file;
    std::string file_array;

    std::map<dealii::types::material_id, double> material_values;

    /// Whether a term needs the distance to the lateral surface.
    bool
    uses_lateral_distance() const
    {
      return shell_profile != "none" || surface_layer_depth > 0;
    }
  };

  /**
   * The initial free volume as a function of position and material id.
   */
  template <int dim>
  class InitialFreeVolume
  {
  public:
    /**
     * Validates the combination with the specimen, parses the expression
     * and reads the file, throwing InputError naming the entry.
     */
    InitialFreeVolume(const InitialFreeVolumeParameters &parameters,
                      const SpecimenParameters          &specimen);
    ~InitialFreeVolume();

    double
    value(const dealii::Point<dim>        &x,
          const dealii::types::material_id material_id = 0) const;

    /**
     * Throws InputError if points of the file lie outside the mesh (by more
     * than a small tolerance), naming the file, how many and the first.
     */
    void
    check_file_points(
      const dealii::Mapping<dim, dim>       &mapping,
      const dealii::Triangulation<dim, dim> &triangulation) const;

    /**
     * Nodal values of the function in @p dof_handler's (scalar, Lagrange)
     * space: at each support point the mean over the cells sharing it (so a
     * jump between material ids falls on one layer of cells, and the result
     * does not depend on the partition). Throws InputError naming the place
     * where the result leaves (0, 1).
     */
    void
    interpolate(const dealii::Mapping<dim, dim>    &mapping,
                const dealii::DoFHandler<dim, dim> &dof_handler,
                LA::MPI::Vector                    &owned_values) const;

  private:
    const InitialFreeVolumeParameters           &parameters;
    const SpecimenParameters                    &specimen;
    std::unique_ptr<dealii::FunctionParser<dim>> expression;
    std::unique_ptr<GaussianRandomField<dim>>    random_field;
    std::unique_ptr<PointCloudInterpolant<dim>>  file_values;
    std::vector<std::array<double, 3>>           file_points;
  };
} // namespace Rejuv

#endif
