#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/grid/grid_tools.h>

#include <rejuv/analysis/notch_strain.h>

#include <limits>

namespace Rejuv
{
  using namespace dealii;

  template <int dim>
  double
  axial_strain_at(const Mapping<dim>    &mapping,
                  const DoFHandler<dim> &dof_handler,
                  const LA::MPI::Vector &displacement,
                  const Point<dim>      &x)
  {
    const MPI_Comm comm  = dof_handler.get_communicator();
    const unsigned rank  = Utilities::MPI::this_mpi_process(comm);
    double         value = 0;
    unsigned int   owner = numbers::invalid_unsigned_int;
    try
      {
        const auto found =
          GridTools::find_active_cell_around_point(mapping,
                                                   dof_handler,
                                                   x,
                                                   std::vector<bool>(),
                                                   1e-6);
        if (found.first.state() == IteratorState::valid &&
            found.first->is_locally_owned())
          {
            const Quadrature<dim> point(
              GeometryInfo<dim>::project_to_unit_cell(found.second));
            FEValues<dim> fe_values(mapping,
                                    dof_handler.get_fe(),
                                    point,
                                    update_gradients);
            fe_values.reinit(found.first);
            std::vector<Tensor<2, dim>> grad(1);
            fe_values[FEValuesExtractors::Vector(0)]
              .get_function_gradients(displacement, grad);
            value = grad[0][dim - 1][dim - 1];
            owner = rank;
          }
      }
    catch (...)
      {
        // not in this process's part of the mesh
      }
    owner = Utilities::MPI::min(owner, comm);
    if (owner == numbers::invalid_unsigned_int)
      return std::numeric_limits<double>::quiet_NaN();
    return Utilities::MPI::sum(rank == owner ? value : 0.0, comm);
  }

  template double
  axial_strain_at<2>(const Mapping<2> &,
                     const DoFHandler<2> &,
                     const LA::MPI::Vector &,
                     const Point<2> &);
  template double
  axial_strain_at<3>(const Mapping<3> &,
                     const DoFHandler<3> &,
                     const LA::MPI::Vector &,
                     const Point<3> &);
} // namespace Rejuv
