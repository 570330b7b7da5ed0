#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>

#include <rejuv/analysis/lateral_strain.h>
#include <rejuv/geometry/specimen.h>

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
} // namespace Rejuv
