#include <deal.II/base/utilities.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>

#include <rejuv/base/input_error.h>
#include <rejuv/fields/free_volume_field.h>
#include <rejuv/io/field_output.h>
#include <rejuv/mechanics/mechanics.h>

#include <fstream>
#include <list>

namespace Rejuv
{
  using namespace dealii;

  void
  OutputParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    {
      prm.declare_entry("Directory",
                        "output",
                        Patterns::DirectoryName(),
                        "Folder for all results (created if needed; relative "
                        "to the working directory). A run that fails "
                        "validation writes nothing there.");
      prm.declare_entry("Output every",
                        "1",
                        Patterns::Integer(0),
                        "Write fields every this many steps [-]; the first "
                        "and last steps are always written; 0 writes none.");
      prm.declare_entry("Number of grouped files",
                        "1",
                        Patterns::Integer(0),
                        "Number of .vtu files per output step [-] (0: one per "
                        "MPI rank). Fewer files are kinder to parallel file "
                        "systems.");
      prm.declare_entry("Subdivisions",
                        "0",
                        Patterns::Integer(0, 4),
                        "Subdivide each cell into patches for smoother "
                        "pictures of higher-order fields [-] (0: the "
                        "polynomial degree).");
    }
    prm.leave_subsection();
  }

  void
  OutputParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    {
      directory    = prm.get("Directory");
      output_every = prm.get_integer("Output every");
      n_groups     = prm.get_integer("Number of grouped files");
      subdivisions = prm.get_integer("Subdivisions");
    }
    prm.leave_subsection();
    require(!directory.empty(), "Output/Directory", "must not be empty");
  }

  namespace
  {
    /// Small-strain tensor components from the displacement gradient.
    template <int dim>
    class StrainPostprocessor : public DataPostprocessor<dim>
    {
    public:
      void
      evaluate_vector_field(
        const DataPostprocessorInputs::Vector<dim> &in,
        std::vector<Vector<double>>                &computed) const override
      {
        for (unsigned int p = 0; p < in.solution_gradients.size(); ++p)
          {
            Tensor<2, dim> grad;
            for (unsigned int d = 0; d < dim; ++d)
              grad[d] = in.solution_gradients[p][d];
            const SymmetricTensor<2, dim> e = symmetrize(grad);
            // xx, yy, zz, xy, xz, yz; plane strain has zero zz, xz, yz.
            computed[p]    = 0;
            computed[p](0) = e[0][0];
            computed[p](1) = e[1][1];
            computed[p](3) = e[0][1];
            if constexpr (dim == 3)
              {
                computed[p](2) = e[2][2];
                computed[p](4) = e[0][2];
                computed[p](5) = e[1][2];
              }
          }
      }
      std::vector<std::string>
      get_names() const override
      {
        return {"strain_xx",
                "strain_yy",
                "strain_zz",
                "strain_xy",
                "strain_xz",
                "strain_yz"};
      }
      std::vector<DataComponentInterpretation::DataComponentInterpretation>
      get_data_component_interpretation() const override
      {
        return std::vector<
          DataComponentInterpretation::DataComponentInterpretation>(
          6,
          DataComponentInterpretation::component_is_scalar);
      }
      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_gradients;
      }
    };

    /// von Mises stress and pressure from the six stress components.
    template <int dim>
    class StressInvariantsPostprocessor : public DataPostprocessor<dim>
    {
    public:
      void
      evaluate_vector_field(
        const DataPostprocessorInputs::Vector<dim> &in,
        std::vector<Vector<double>>                &computed) const override
      {
        for (unsigned int p = 0; p < in.solution_values.size(); ++p)
          {
            const Vector<double> &s = in.solution_values[p];
            SymmetricTensor<2, 3> sigma;
            sigma[0][0]                     = s(0);
            sigma[1][1]                     = s(1);
            sigma[2][2]                     = s(2);
            sigma[0][1]                     = s(3);
            sigma[0][2]                     = s(4);
            sigma[1][2]                     = s(5);
            const SymmetricTensor<2, 3> dev = deviator(sigma);
            computed[p](0)                  = std::sqrt(1.5 * (dev * dev));
            computed[p](1)                  = -trace(sigma) / 3;
          }
      }
      std::vector<std::string>
      get_names() const override
      {
        return {"von_mises_stress", "pressure"};
      }
      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_values;
      }
    };
  } // namespace

  template <int dim>
  FieldOutput<dim>::FieldOutput(const OutputParameters &parameters,
                                MPI_Comm                comm)
    : parameters(parameters)
    , mpi_communicator(comm)
  {}

  namespace
  {
    /// DataOut reads ghost cells' values: a copy of a DG field with ghosts.
    template <int dim>
    LinearAlgebra::distributed::Vector<double>
    ghosted_copy(const QuadratureField<dim> &field, MPI_Comm comm)
    {
      IndexSet relevant;
      DoFTools::extract_locally_relevant_dofs(field.get_dof_handler(),
                                              relevant);
      LinearAlgebra::distributed::Vector<double>
        v(field.get_dof_handler().locally_owned_dofs(), relevant, comm);
      v = field.get_vector();
      v.update_ghost_values();
      return v;
    }
  } // namespace

  template <int dim>
  void
  FieldOutput<dim>::write(const unsigned int          step,
                          const double                time,
                          const Mechanics<dim>       &mechanics,
                          const FreeVolumeField<dim> *free_volume,
                          const QuadratureField<dim> *derived)
  {
    const auto &dof_handler    = mechanics.get_dof_handler();
    const auto &stress         = mechanics.get_stress_field();
    const auto  stress_ghosted = ghosted_copy(stress, mpi_communicator);
    // Kept alive until the patches are built.
    std::list<LinearAlgebra::distributed::Vector<double>> extra;

    DataOut<dim> data_out;
    data_out.attach_triangulation(dof_handler.get_triangulation());

    const std::vector<std::string> u_names(dim, "displacement");
    const std::vector<DataComponentInterpretation::DataComponentInterpretation>
      u_interpretation(
        dim,
        DataComponentInterpretation::component_is_part_of_vector);
    data_out.add_data_vector(dof_handler,
                             mechanics.get_solution(),
                             u_names,
                             u_interpretation);
    StrainPostprocessor<dim> strain;
    data_out.add_data_vector(dof_handler, mechanics.get_solution(), strain);
    data_out.add_data_vector(stress.get_dof_handler(),
                             stress_ghosted,
                             stress.names);
    StressInvariantsPostprocessor<dim> invariants;
    data_out.add_data_vector(stress.get_dof_handler(),
                             stress_ghosted,
                             invariants);

    std::vector<const QuadratureField<dim> *> fields;
    if (mechanics.get_history_field())
      fields = {mechanics.get_history_field(), &mechanics.get_flow_field()};
    if (derived)
      fields.push_back(derived);
    for (const auto *field : fields)
      {
        extra.push_back(ghosted_copy(*field, mpi_communicator));
        data_out.add_data_vector(field->get_dof_handler(),
                                 extra.back(),
                                 field->names);
      }
    if (free_volume)
      data_out.add_data_vector(free_volume->get_dof_handler(),
                               free_volume->get_solution(),
                               "free_volume");

    Vector<float> rank(dof_handler.get_triangulation().n_active_cells());
    rank =
      static_cast<float>(Utilities::MPI::this_mpi_process(mpi_communicator));
    data_out.add_data_vector(rank, "mpi_rank");

    const unsigned int degree = dof_handler.get_fe().degree;
    data_out.build_patches(mechanics.get_mapping(),
                           parameters.subdivisions > 0 ?
                             parameters.subdivisions :
                             degree,
                           DataOut<dim>::curved_inner_cells);

    const std::string pvtu =
      data_out.write_vtu_with_pvtu_record(parameters.directory + "/",
                                          "solution",
                                          step,
                                          mpi_communicator,
                                          5,
                                          parameters.n_groups);

    if (Utilities::MPI::this_mpi_process(mpi_communicator) == 0)
      {
        pvd_records.emplace_back(time, pvtu);
        std::ofstream pvd(parameters.directory + "/solution.pvd");
        DataOutBase::write_pvd_record(pvd, pvd_records);
      }
  }

  template class FieldOutput<2>;
  template class FieldOutput<3>;
} // namespace Rejuv
