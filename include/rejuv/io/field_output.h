#ifndef REJUV_IO_FIELD_OUTPUT_H
#define REJUV_IO_FIELD_OUTPUT_H

#include <deal.II/base/parameter_handler.h>

#include <mpi.h>

#include <string>
#include <utility>
#include <vector>

namespace Rejuv
{
  template <int dim>
  class Mechanics;
  template <int dim>
  class FreeVolumeField;
  template <int dim>
  class QuadratureField;

  /**
   * Subsection "Output".
   */
  struct OutputParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    std::string  directory;
    unsigned int output_every;
    unsigned int n_groups;
    unsigned int subdivisions;
  };

  /**
   * Fields for ParaView: per output step one .pvtu over grouped .vtu files,
   * and one .pvd series with physical time. Written: displacement, strain
   * and stress components (3D, plane-strain zz included), von Mises stress,
   * pressure, MPI rank; for inelastic models also the history (plastic
   * strain, plastic shear strain), plastic shear rate, tau_eff, and the
   * free volume with the derived quantities of MODEL.md section 7.
   */
  template <int dim>
  class FieldOutput
  {
  public:
    FieldOutput(const OutputParameters &parameters, MPI_Comm comm);

    /// @p free_volume and @p derived may be null (not written then).
    void
    write(const unsigned int          step,
          const double                time,
          const Mechanics<dim>       &mechanics,
          const FreeVolumeField<dim> *free_volume = nullptr,
          const QuadratureField<dim> *derived     = nullptr);

    /// (time, .pvtu) of the steps written so far: the .pvd series.
    const std::vector<std::pair<double, std::string>> &
    get_records() const
    {
      return pvd_records;
    }

    /// Continue the series of a resumed run.
    void
    set_records(const std::vector<std::pair<double, std::string>> &records)
    {
      pvd_records = records;
    }

  private:
    const OutputParameters                      parameters;
    MPI_Comm                                    mpi_communicator;
    std::vector<std::pair<double, std::string>> pvd_records;
  };
} // namespace Rejuv

#endif
