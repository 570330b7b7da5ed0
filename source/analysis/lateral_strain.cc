#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/grid/grid_tools.h>

#include <rejuv/analysis/lateral_strain.h>
#include <rejuv/geometry/specimen.h>

#include <limits>

namespace Rejuv
{
  using namespace dealii;

  template <int dim>
  double
  mean_lateral_strain(const Mapping<dim>    &mapping,
                      const DoFHandler<dim> &dof_handler,
                      const LA::MPI::Vector &displacement)
  {
    const auto                      &fe = dof_handler.get_fe();
    const QGauss<dim - 1>            quadrature(fe.degree + 1);
    FEFaceValues<dim>                fe_face_values(mapping,
                                     fe,
                                     quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    const FEValuesExtractors::Vector u(0);
    std::vector<Tensor<1, dim>>      u_values(quadrature.size());

    double integral = 0, area = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary() &&
              face->boundary_id() == BoundaryId::free_surface)
            {
              fe_face_values.reinit(cell, face);
              fe_face_values[u].get_function_values(displacement, u_values);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                {
                  Tensor<1, dim> r = fe_face_values.quadrature_point(q);
                  r[dim - 1]       = 0;
                  const double r2  = r.norm_square();
                  if (r2 == 0)
                    continue;
                  integral += (u_values[q] * r) / r2 * fe_face_values.JxW(q);
                  area += fe_face_values.JxW(q);
                }
            }
    const MPI_Comm comm = dof_handler.get_communicator();
    integral            = Utilities::MPI::sum(integral, comm);
    area                = Utilities::MPI::sum(area, comm);
    return area > 0 ? integral / area : 0.0;
  }

  template double
  mean_lateral_strain<2>(const Mapping<2> &,
                         const DoFHandler<2> &,
                         const LA::MPI::Vector &);
  template double
  mean_lateral_strain<3>(const Mapping<3> &,
                         const DoFHandler<3> &,
                         const LA::MPI::Vector &);

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
