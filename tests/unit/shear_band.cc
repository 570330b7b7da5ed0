// The band-angle measurement (analysis/shear_band) on synthetic fields.
// Independent expectation: a plastic-shear field that is a straight
// Gaussian ridge through (0, 3 mm) at a known angle theta to the loading
// axis (y), on top of a uniform level and a round hot spot on the ridge (as
// a seed leaves), is measured at theta within 0.2 deg (a fifth of a cell
// over the ridge's length), for theta = 30, 36.65, 43.43, 45, 53.35 deg
// and its mirror image; a field below the threshold reports nothing. On 1
// and 2 ranks.
// The band width: for a ridge a exp(-(d/s)^2) on a level b without the
// spot, the measured profile is the excess over the mean m of the field
// (computed here by its own quadrature), so its half maximum lies where
// exp(-(d/s)^2) = (1 + c)/2, c = (m - b)/a: the full width at half maximum
// is 2 s sqrt(-ln((1 + c)/2)); measured within 5 %. (A hot spot cut in half by
// the boundary is not round in projection and biases the angle by up to 1 deg
// in this set-up; doc/shear_bands.md says so.)
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>

#include <rejuv/analysis/shear_band.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace dealii;
using namespace Rejuv;

namespace
{
  /// gamma_p at every Gauss point: level + ridge + spot.
  void
  fill(QuadratureField<2>  &field,
       const Mapping<2>    &mapping,
       const Quadrature<2> &quadrature,
       const double         theta_deg,
       const double         amplitude,
       const double         spot = 2)
  {
    const double   t = theta_deg * M_PI / 180;
    const Point<2> origin(0, 3e-3);
    FE_Q<2>        fe(1);
    FEValues<2>    fe_values(mapping, fe, quadrature, update_quadrature_points);
    std::vector<double> values(quadrature.size() * field.n_components());
    for (const auto &cell :
         field.get_dof_handler().get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Tensor<1, 2> d = fe_values.quadrature_point(q) - origin;
              // distance to the line with direction (sin t, cos t)
              const double dist =
                std::abs(d[0] * std::cos(t) - d[1] * std::sin(t));
              values[q] =
                amplitude * (0.05 + std::exp(-std::pow(dist / 1e-4, 2)) +
                             spot * std::exp(-d.norm_square() / 4e-8));
            }
          field.set(cell, values.data());
        }
  }
  /// A 2 mm x 6 mm plate, 64 x 192 cells, Q1 geometry, 2 x 2 Gauss points.
  struct SyntheticSpecimen
  {
    parallel::distributed::Triangulation<2> tria{MPI_COMM_WORLD};
    MappingQ<2>                             mapping{1};
    QGauss<2>                               quadrature{2};
    QuadratureField<2>                      field{tria, 2, {"gamma_p"}};

    SyntheticSpecimen()
    {
      GridGenerator::subdivided_hyper_rectangle(tria,
                                                {2, 6},
                                                Point<2>(-1e-3, 0),
                                                Point<2>(1e-3, 6e-3));
      tria.refine_global(5);
      field.reinit();
    }
  };
} // namespace

TEST(ShearBandParallel, MeasuresTheAngleOfASyntheticBand)
{
  SyntheticSpecimen specimen;
  auto &[tria, mapping, quadrature, field] = specimen;
  for (const double theta : {30.0, 36.65, 43.43, 45.0, 53.35, -40.0})
    {
      fill(field, mapping, quadrature, theta, 0.5);
      const BandMeasurement m =
        measure_band_angle(mapping, quadrature, field, 0, 0.02);
      ASSERT_TRUE(m.found) << theta;
      if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
        std::cout << "  ridge at " << theta << " deg: measured " << m.angle
                  << " deg" << std::endl;
      EXPECT_NEAR(m.angle, std::abs(theta), 0.2) << theta;
    }
  fill(field, mapping, quadrature, 45, 0.001);
  EXPECT_FALSE(measure_band_angle(mapping, quadrature, field, 0, 0.02).found);
}

TEST(ShearBandParallel, MeasuresTheWidthOfASyntheticBand)
{
  SyntheticSpecimen specimen;
  auto &[tria, mapping, quadrature, field] = specimen;
  const double amplitude = 0.5, level = 0.05 * amplitude, s = 1e-4;
  for (const double theta : {36.0, 45.0})
    {
      fill(field, mapping, quadrature, theta, amplitude, 0);
      // mean of the field, by this test's own loop
      FE_Q<2>             fe(1);
      FEValues<2>         fe_values(mapping, fe, quadrature, update_JxW_values);
      std::vector<double> v(quadrature.size());
      double              integral = 0, volume = 0;
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            field.get(cell, v.data());
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              {
                integral += v[q] * fe_values.JxW(q);
                volume += fe_values.JxW(q);
              }
          }
      const double mean = Utilities::MPI::sum(integral, MPI_COMM_WORLD) /
                          Utilities::MPI::sum(volume, MPI_COMM_WORLD);
      const double c        = (mean - level) / amplitude;
      const double expected = 2 * s * std::sqrt(-std::log((1 + c) / 2));
      const BandMeasurement m =
        measure_band_angle(mapping, quadrature, field, 0, 0.02);
      ASSERT_TRUE(m.found);
      EXPECT_NEAR(m.width, expected, 0.05 * expected) << theta;
    }
}
