// Specimen generators.
// Independent expectations:
//  - the rectangle's area (2D) / prism's volume (3D) is W x H / W^2 x H to
//    round-off, and its platens carry boundary ids 1 and 2;
//  - the cylinder stays round under refinement: every vertex of the
//    lateral surface lies at distance R from the axis (1e-12 relative), and
//    its volume computed with a degree-2 mapping approaches pi R^2 H,
//    the error falling by at least 8x per refinement (O(h^4) for
//    MappingQ2 on the circular boundary would be 16x);
//  - the top platen area of the cylinder approaches pi R^2.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>

#include <rejuv/base/input_error.h>
#include <rejuv/geometry/specimen.h>

#include <gtest/gtest.h>

#include "mechanics_test_tools.h"

using namespace dealii;
using namespace Rejuv;

namespace
{
  using Testing::volume;

  SpecimenParameters
  parameters(const std::string &type, const unsigned int refinements)
  {
    SpecimenParameters p;
    p.specimen           = type;
    p.width              = 2e-3;
    p.height             = 4e-3;
    p.radius             = 1e-3;
    p.global_refinements = refinements;
    return p;
  }
} // namespace

TEST(SpecimenParallel, RectangleMeasuresAndBoundaryIds2D)
{
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  create_specimen(parameters("rectangle", 2), tria);
  EXPECT_NEAR(volume(tria, 1), 2e-3 * 4e-3, 1e-18);
  std::set<types::boundary_id> ids;
  for (const auto &face : tria.active_face_iterators())
    if (face->at_boundary())
      ids.insert(face->boundary_id());
  ids = Utilities::MPI::compute_set_union(ids, MPI_COMM_WORLD);
  EXPECT_EQ(ids, (std::set<types::boundary_id>{0, 1, 2}));
}

TEST(SpecimenParallel, PrismVolume3D)
{
  parallel::distributed::Triangulation<3> tria(MPI_COMM_WORLD);
  create_specimen(parameters("rectangle", 1), tria);
  EXPECT_NEAR(volume(tria, 1), 2e-3 * 2e-3 * 4e-3, 1e-20);
}

TEST(SpecimenParallel, CylinderStaysRoundAndConverges)
{
  const double exact          = M_PI * 1e-6 * 4e-3;
  double       previous_error = 0;
  for (unsigned int r = 0; r <= 2; ++r)
    {
      parallel::distributed::Triangulation<3> tria(MPI_COMM_WORLD);
      create_specimen(parameters("cylinder", r), tria);
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const auto &face : cell->face_iterators())
            if (face->at_boundary() &&
                face->boundary_id() == BoundaryId::free_surface)
              for (const unsigned int v : face->vertex_indices())
                {
                  EXPECT_NEAR(std::hypot(face->vertex(v)[0],
                                         face->vertex(v)[1]),
                              1e-3,
                              1e-12 * 1e-3);
                }
      const double error = std::abs(volume(tria, 2) - exact) / exact;
      if (r > 0)
        {
          EXPECT_LT(error, previous_error / 8) << "refinement " << r;
        }
      previous_error = error;
    }
  EXPECT_LT(previous_error, 1e-4);
}

TEST(Specimen, CylinderNeeds3D)
{
  Triangulation<2> tria;
  EXPECT_THROW(create_specimen(parameters("cylinder", 0), tria), InputError);
}
