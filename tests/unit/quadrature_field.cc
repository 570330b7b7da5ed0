// QuadratureField: values at Gauss points stored as a DG field.
// Independent expectations:
//  - the support points of FE_DGQArbitraryNodes(QGauss<1>(n)) are the points
//    of QGauss<dim>(n) in the same order (what makes "DoF = quadrature
//    point" exact);
//  - set()/get() round-trip values exactly;
//  - evaluating the DG field with FEValues at QGauss points returns the
//    stored values (the field interpolates its Gauss-point data), here for
//    the function f(x) = x0 + 2 x1^2 sampled at the quadrature points.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_dgq.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>

#include <rejuv/fields/quadrature_field.h>

#include <gtest/gtest.h>

using namespace dealii;
using namespace Rejuv;

template <int dim>
void
check_node_order(const unsigned int n)
{
  const FE_DGQArbitraryNodes<dim> fe{QGauss<1>(n)};
  const QGauss<dim>               q(n);
  ASSERT_EQ(fe.get_unit_support_points().size(), q.size());
  for (unsigned int i = 0; i < q.size(); ++i)
    EXPECT_LT(fe.get_unit_support_points()[i].distance(q.point(i)), 1e-14);
}

TEST(QuadratureField, NodesAreGaussPointsInOrder)
{
  for (unsigned int n = 1; n <= 4; ++n)
    {
      check_node_order<2>(n);
      check_node_order<3>(n);
    }
}

template <int dim>
void
check_round_trip_and_interpolation()
{
  parallel::distributed::Triangulation<dim> tria(MPI_COMM_WORLD);
  GridGenerator::hyper_cube(tria, -1, 1);
  tria.refine_global(2);
  const unsigned int   n_1d = 3;
  QuadratureField<dim> field(tria, n_1d, {"a", "b"});
  field.reinit();
  const QGauss<dim>   quadrature(n_1d);
  const MappingQ<dim> mapping(1);
  FE_Q<dim>           dummy_fe(1);
  FEValues<dim>       geometry(mapping,
                         dummy_fe,
                         quadrature,
                         update_quadrature_points);
  const auto f = [](const Point<dim> &x) { return x[0] + 2 * x[1] * x[1]; };

  std::vector<double> values(quadrature.size() * 2), back(values.size());
  for (const auto &cell : tria.active_cell_iterators())
    if (cell->is_locally_owned())
      {
        geometry.reinit(cell);
        for (unsigned int q = 0; q < quadrature.size(); ++q)
          {
            values[2 * q]     = f(geometry.quadrature_point(q));
            values[2 * q + 1] = -3.0 * q;
          }
        field.set(cell, values.data());
        field.get(cell, back.data());
        for (unsigned int k = 0; k < values.size(); ++k)
          EXPECT_EQ(values[k], back[k]);
      }

  // Evaluate the FE field at the same Gauss points.
  FEValues<dim>               fe_values(mapping,
                          field.get_dof_handler().get_fe(),
                          quadrature,
                          update_values | update_quadrature_points);
  std::vector<Vector<double>> evaluated(quadrature.size(), Vector<double>(2));
  Vector<double> local(field.get_dof_handler().get_fe().n_dofs_per_cell());
  for (const auto &cell : field.get_dof_handler().active_cell_iterators())
    if (cell->is_locally_owned())
      {
        fe_values.reinit(cell);
        std::vector<types::global_dof_index> dofs(local.size());
        cell->get_dof_indices(dofs);
        for (unsigned int i = 0; i < dofs.size(); ++i)
          local[i] = field.get_vector()(dofs[i]);
        for (unsigned int q = 0; q < quadrature.size(); ++q)
          {
            double v0 = 0;
            for (unsigned int i = 0; i < dofs.size(); ++i)
              v0 += local[i] * fe_values.shape_value_component(i, q, 0);
            EXPECT_NEAR(v0, f(fe_values.quadrature_point(q)), 1e-12);
          }
      }
}

TEST(QuadratureFieldParallel, RoundTripAndInterpolation2D)
{
  check_round_trip_and_interpolation<2>();
}

TEST(QuadratureFieldParallel, RoundTripAndInterpolation3D)
{
  check_round_trip_and_interpolation<3>();
}
