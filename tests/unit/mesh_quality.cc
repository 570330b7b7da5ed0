// Mesh quality (geometry/mesh_quality).
// Independent expectations:
//  - squares and cubes: aspect ratio 1;
//  - a box of a x b (x c) cells: every Jacobian is diag(a, b, c), so the
//    scaled Jacobian is 1 and the aspect ratio is the longest over the
//    shortest side;
//  - a sheared unit square, vertices (0,0), (1,0), (1,1), (2,1): J = [[1, 1],
//    [0, 1]], whose singular values are the golden ratio phi and 1/phi, so
//    the aspect ratio is phi^2 = (3 + sqrt 5) / 2;
//  - the same cell stretched to height h = 1e-6: s_max / s_min = l / h with
//    l the largest eigenvalue of J^T J in closed form, to 1e-12;
//  - a curved mesh (ball, degree-2 mapping): the aspect ratio equals deal.II's
//    GridTools::compute_maximum_aspect_ratio, which takes a LAPACK SVD of
//    the Jacobian at the same points.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <rejuv/geometry/mesh_quality.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace dealii;
using namespace Rejuv;

namespace
{
  template <int dim>
  double
  cube_aspect_ratio(const unsigned int refinements)
  {
    Triangulation<dim> cube;
    GridGenerator::hyper_cube(cube);
    cube.refine_global(refinements);
    return compute_mesh_quality(MappingQ<dim>(1), cube).max_aspect_ratio;
  }
} // namespace

TEST(MeshQuality, BoxCellsHaveTheirSideRatio)
{
  // squares and cubes: J = h I, equal singular values
  for (const unsigned int refinements : {0u, 2u})
    {
      EXPECT_NEAR(cube_aspect_ratio<2>(refinements), 1.0, 1e-12);
      EXPECT_NEAR(cube_aspect_ratio<3>(refinements), 1.0, 1e-12);
    }
  {
    Triangulation<2> tria;
    // 3 x 2 cells on 6 x 1: cells 2 x 0.5
    GridGenerator::subdivided_hyper_rectangle(tria,
                                              {3, 2},
                                              Point<2>(0, 0),
                                              Point<2>(6, 1));
    const auto q = compute_mesh_quality(MappingQ<2>(1), tria);
    EXPECT_NEAR(q.max_aspect_ratio, 4.0, 1e-12);
    EXPECT_NEAR(q.min_scaled_jacobian, 1.0, 1e-12);
    EXPECT_EQ(q.n_inverted, 0u);
  }
  {
    Triangulation<3> tria;
    // cells 1 x 2 x 5
    GridGenerator::subdivided_hyper_rectangle(tria,
                                              {2, 1, 1},
                                              Point<3>(0, 0, 0),
                                              Point<3>(2, 2, 5));
    const auto q = compute_mesh_quality(MappingQ<3>(1), tria);
    EXPECT_NEAR(q.max_aspect_ratio, 5.0, 1e-12);
    EXPECT_NEAR(q.min_scaled_jacobian, 1.0, 1e-12);
  }
}

TEST(MeshQuality, ShearedSquareHasGoldenRatioSquared)
{
  Triangulation<2>            tria;
  const std::vector<Point<2>> vertices = {Point<2>(0, 0),
                                          Point<2>(1, 0),
                                          Point<2>(1, 1),
                                          Point<2>(2, 1)};
  std::vector<CellData<2>>    cells(1);
  cells[0].vertices = {0, 1, 2, 3};
  tria.create_triangulation(vertices, cells, SubCellData());
  const auto q = compute_mesh_quality(MappingQ<2>(1), tria);
  EXPECT_NEAR(q.max_aspect_ratio, (3 + std::sqrt(5.0)) / 2, 1e-12);
  EXPECT_NEAR(q.min_scaled_jacobian, 1.0, 1e-12); // a parallelogram
}

TEST(MeshQuality, StretchedShearedCellKeepsItsPrecision)
{
  // vertices (0,0), (1,0), (1,h), (2,h): J = [[1, 1], [0, h]], det h,
  // J^T J = [[1, 1], [1, 1 + h^2]] with largest eigenvalue
  // l = (2 + h^2 + sqrt((2 + h^2)^2 - 4 h^2)) / 2 (no cancellation), and
  // s_max / s_min = s_max^2 / det = l / h, about 2e6 here. The smallest
  // eigenvalue, about h^2 / 2, cannot be had to this precision from the
  // two roots' difference.
  const double                h = 1e-6;
  Triangulation<2>            tria;
  const std::vector<Point<2>> vertices = {Point<2>(0, 0),
                                          Point<2>(1, 0),
                                          Point<2>(1, h),
                                          Point<2>(2, h)};
  std::vector<CellData<2>>    cells(1);
  cells[0].vertices = {0, 1, 2, 3};
  tria.create_triangulation(vertices, cells, SubCellData());
  const double l =
    (2 + h * h + std::sqrt((2 + h * h) * (2 + h * h) - 4 * h * h)) / 2;
  const auto q = compute_mesh_quality(MappingQ<2>(1), tria);
  EXPECT_NEAR(q.max_aspect_ratio, l / h, 1e-12 * l / h);
}

TEST(MeshQuality, CurvedMeshAgreesWithDealIIsSVD)
{
  {
    Triangulation<2> tria;
    GridGenerator::hyper_ball(tria);
    tria.refine_global(2);
    const MappingQ<2> mapping(2);
    const double      q = compute_mesh_quality(mapping, tria).max_aspect_ratio;
    const double      svd =
      GridTools::compute_maximum_aspect_ratio(mapping, tria, QGauss<2>(3));
    EXPECT_GT(q, 1.1);
    EXPECT_NEAR(q, svd, 1e-8 * svd);
  }
  Triangulation<3> tria;
  GridGenerator::hyper_ball(tria);
  tria.refine_global(1);
  const MappingQ<3> mapping(2);
  const auto        q = compute_mesh_quality(mapping, tria);
  const double      svd =
    GridTools::compute_maximum_aspect_ratio(mapping, tria, QGauss<3>(3));
  EXPECT_GT(q.max_aspect_ratio, 1.1); // the test would be empty on cubes
  EXPECT_NEAR(q.max_aspect_ratio, svd, 1e-8 * svd);
}
