// The initial free volume (fields/initial_free_volume, fields/random_field).
// Independent expectations:
//  - each term at chosen points equals its formula written here: shell
//    profiles Value + (Surface value - Value) f(d) with f = max(0, 1 - d/t),
//    exp(-d/t) and the normalised tanh step, d the distance to the lateral
//    surface of a plate (W/2 - |x|) or cylinder (R - r); the linear
//    gradient g . (x - x_g); the surface layer step; the expression; the
//    base per material id; and all of them together add up;
//  - the random field, sampled over 60 correlation lengths: mean 0 within
//    4 standard errors, variance s^2 within 10 %, and the correlation at
//    lags l and 2 l equal to exp(-1/2) and exp(-2) within 0.06 (the
//    covariance s^2 exp(-r^2/(2 l^2)) it is built to have); the nodal values
//    on a distributed mesh equal the function at the nodes, the same on 1
//    and 2 ranks;
//  - values read from a CSV point cloud at the mesh nodes come back exactly;
//    points outside the specimen, a missing column and a sum that leaves
//    (0, 1) give InputError naming the cause.
#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>

#include <rejuv/base/input_error.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/fields/random_field.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/mechanics/linear_algebra.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>

using namespace dealii;
using namespace Rejuv;

namespace
{
  constexpr double W = 2e-3, H = 4e-3, R = 1e-3;

  InitialFreeVolumeParameters
  defaults(const int dim)
  {
    ParameterHandler prm;
    InitialFreeVolumeParameters::declare_parameters(prm);
    InitialFreeVolumeParameters p;
    p.parse_parameters(prm, dim);
    return p;
  }

  SpecimenParameters
  specimen(const std::string &type)
  {
    SpecimenParameters s{};
    s.specimen = type;
    s.width    = W;
    s.height   = H;
    s.radius   = R;
    return s;
  }

  /// The plate W x H, 2 x 4 cells refined @p n times.
  void
  make_plate(Triangulation<2> &tria, const unsigned int n)
  {
    GridGenerator::subdivided_hyper_rectangle(tria,
                                              {2, 4},
                                              Point<2>(-W / 2, 0),
                                              Point<2>(W / 2, H));
    tria.refine_global(n);
  }

  double
  shell_shape(const std::string &profile, const double d, const double t)
  {
    if (profile == "linear")
      return d < t ? 1 - d / t : 0;
    if (profile == "exponential")
      return std::exp(-d / t);
    const double w = t / 4;
    return (1 - std::tanh((d - t) / w)) / (1 + std::tanh(t / w));
  }
} // namespace

TEST(InitialFreeVolume, ShellProfilesOfPlateAndCylinder)
{
  for (const std::string profile : {"linear", "exponential", "tanh"})
    {
      auto p                           = defaults(2);
      p.value                          = 0.04;
      p.shell_profile                  = profile;
      p.shell_thickness                = 2e-4;
      p.surface_value                  = 0.06;
      const auto                 plate = specimen("rectangle");
      const InitialFreeVolume<2> xi2(p, plate);
      for (const double d : {0.0, 5e-5, 1e-4, 2e-4, 3e-4, 9e-4})
        for (const double side : {-1.0, 1.0})
          EXPECT_NEAR(xi2.value(Point<2>(side * (W / 2 - d), 1e-3)),
                      0.04 + 0.02 * shell_shape(profile, d, 2e-4),
                      1e-14)
            << profile << " d = " << d;

      // hard shell - soft core on a cylinder
      p.value                        = 0.06;
      p.surface_value                = 0.04;
      const auto                 cyl = specimen("cylinder");
      const InitialFreeVolume<3> xi3(p, cyl);
      for (const double d : {0.0, 1e-4, 2.5e-4, 8e-4})
        for (const double theta : {0.3, 2.0, 4.5})
          {
            const double r = R - d;
            EXPECT_NEAR(xi3.value(Point<3>(r * std::cos(theta),
                                           r * std::sin(theta),
                                           2e-3)),
                        0.06 - 0.02 * shell_shape(profile, d, 2e-4),
                        1e-14)
              << profile << " d = " << d;
          }
    }
}

TEST(InitialFreeVolume, GradientLayerExpressionMaterialAndTheirSum)
{
  const auto                  plate  = specimen("rectangle");
  const std::vector<Point<2>> points = {Point<2>(0, 0),
                                        Point<2>(-9e-4, 1e-3),
                                        Point<2>(5e-4, 3.5e-3),
                                        Point<2>(9.9e-4, 2e-3)};
  auto                        p      = defaults(2);
  p.value                            = 0.05;

  auto g                  = p;
  g.gradient              = {{4, -3, 0}}; // 1/m
  g.gradient_origin       = {{0, 2e-3, 0}};
  auto l                  = p;
  l.surface_layer_depth   = 5e-5;
  l.surface_layer_value   = 0.07;
  auto e                  = p;
  e.expression            = "0.001*sin(2*pi*x/1e-3) + 2*y";
  auto m                  = p;
  m.material_values       = {{3, 0.045}};
  auto all                = g;
  all.surface_layer_depth = l.surface_layer_depth;
  all.surface_layer_value = l.surface_layer_value;
  all.expression          = e.expression;
  all.material_values     = m.material_values;

  const InitialFreeVolume<2> xg(g, plate), xl(l, plate), xe(e, plate),
    xm(m, plate), xall(all, plate);
  for (const auto &x : points)
    {
      const double dg = 4 * x[0] - 3 * (x[1] - 2e-3);
      const double dl = (W / 2 - std::abs(x[0]) < 5e-5) ? 0.02 : 0;
      const double de = 0.001 * std::sin(2 * M_PI * x[0] / 1e-3) + 2 * x[1];
      EXPECT_NEAR(xg.value(x), 0.05 + dg, 1e-14);
      EXPECT_NEAR(xl.value(x), 0.05 + dl, 1e-14);
      EXPECT_NEAR(xe.value(x), 0.05 + de, 1e-12);
      EXPECT_NEAR(xm.value(x, 3), 0.045, 1e-14);
      EXPECT_NEAR(xm.value(x, 0), 0.05, 1e-14);
      EXPECT_NEAR(xall.value(x, 3), 0.045 + dg + dl + de, 1e-12);
    }
  auto bad       = p;
  bad.expression = "0.01*q";
  EXPECT_THROW(InitialFreeVolume<2>(bad, plate), InputError);
  // a shell needs an analytical surface
  auto shell          = p;
  shell.shell_profile = "linear";
  EXPECT_THROW(InitialFreeVolume<2>(shell, specimen("gmsh")), InputError);
}

TEST(InitialFreeVolume, RandomFieldStatistics)
{
  const double l = 1.0, s = 0.003;
  // 60 l x 60 l sampled every l/4; mean and variance over the samples,
  // correlation from pairs at lags l and 2 l along x and y, pooled over
  // three seeds.
  const unsigned int n        = 240;
  const double       h        = l / 4;
  double             mean_sum = 0, var_sum = 0, c1 = 0, c2 = 0;
  unsigned int       n_seeds = 0;
  for (const unsigned int seed : {1u, 2u, 3u})
    {
      const GaussianRandomField<2> f(0, s, l, seed);
      std::vector<double>          v(n * n);
      for (unsigned int i = 0; i < n; ++i)
        for (unsigned int j = 0; j < n; ++j)
          v[i * n + j] = f.value(Point<2>(i * h, j * h));
      double mean = 0;
      for (const double x : v)
        mean += x;
      mean /= v.size();
      double var = 0;
      for (const double x : v)
        var += (x - mean) * (x - mean);
      var /= v.size();
      auto correlation = [&](const unsigned int lag) {
        double c = 0;
        for (unsigned int i = 0; i + lag < n; ++i)
          for (unsigned int j = 0; j + lag < n; ++j)
            c += (v[i * n + j] - mean) * (v[(i + lag) * n + j] - mean) +
                 (v[i * n + j] - mean) * (v[i * n + j + lag] - mean);
        return c / (2.0 * (n - lag) * (n - lag)) / var;
      };
      // standard error of the mean of a 60 l x 60 l field: s sqrt(2 pi l^2/A)
      EXPECT_NEAR(mean, 0, 4 * s * std::sqrt(2 * M_PI) / 60) << seed;
      mean_sum += mean;
      var_sum += var;
      c1 += correlation(4);
      c2 += correlation(8);
      ++n_seeds;
    }
  EXPECT_NEAR(var_sum / n_seeds, s * s, 0.1 * s * s);
  EXPECT_NEAR(c1 / n_seeds, std::exp(-0.5), 0.06);
  EXPECT_NEAR(c2 / n_seeds, std::exp(-2.0), 0.06);
  // estimated correlation length from the lag-l correlation
  EXPECT_NEAR(l / std::sqrt(-2 * std::log(c1 / n_seeds)), l, 0.1 * l);
}

TEST(InitialFreeVolumeParallel, NodalValuesAreTheFunctionOnAnyPartition)
{
  auto p                           = defaults(2);
  p.random_standard_deviation      = 0.004;
  p.random_correlation_length      = 2e-4;
  p.random_seed                    = 7;
  const auto                 plate = specimen("rectangle");
  const InitialFreeVolume<2> xi(p, plate);

  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_plate(tria, 4);
  DoFHandler<2> dofs(tria);
  dofs.distribute_dofs(FE_Q<2>(1));
  LA::MPI::Vector values(dofs.locally_owned_dofs(), MPI_COMM_WORLD);
  xi.interpolate(MappingQ<2>(1), dofs, values);

  // The same sum from a serial mesh on every rank: every vertex once.
  Triangulation<2> serial;
  make_plate(serial, 4);
  double expected = 0;
  for (const auto &v : serial.get_vertices())
    expected += xi.value(v);
  double sum = 0;
  for (const auto i : values.locally_owned_elements())
    sum += values(i);
  sum = Utilities::MPI::sum(sum, MPI_COMM_WORLD);
  EXPECT_NEAR(sum, expected, 1e-12 * std::abs(expected));
  EXPECT_EQ(dofs.n_dofs(), serial.n_vertices());
}

TEST(InitialFreeVolume, CsvPointCloudAndErrors)
{
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_plate(tria, 2);
  DoFHandler<2> dofs(tria);
  dofs.distribute_dofs(FE_Q<2>(1));
  const MappingQ<2> mapping(1);
  auto linear = [](const Point<2> &x) { return 0.05 + 3 * x[0] + 2 * x[1]; };

  const std::string dir =
    (std::filesystem::temp_directory_path() /
     ("rejuv_ifv_" +
      std::to_string(Utilities::MPI::this_mpi_process(MPI_COMM_WORLD))))
      .string();
  std::filesystem::create_directories(dir);
  const std::string good = dir + "/cloud.csv", outside = dir + "/outside.csv";
  {
    std::ofstream out(good);
    out << "x,y,free_volume\n";
    Triangulation<2> serial;
    make_plate(serial, 2);
    const auto used = serial.get_used_vertices();
    for (unsigned int i = 0; i < serial.n_vertices(); ++i)
      if (used[i])
        {
          const Point<2> &v = serial.get_vertices()[i];
          out << std::setprecision(17) << v[0] << "," << v[1] << ","
              << linear(v) << "\n";
        }
    std::ofstream bad(outside);
    bad << "x,y,free_volume\n0,0,0.05\n0,1e-3,0.05\n"
        << 3 * W << ",1e-3,0.05\n";
  }
  auto       p     = defaults(2);
  const auto plate = specimen("rectangle");
  p.file           = good;
  const InitialFreeVolume<2> xi(p, plate);
  EXPECT_NO_THROW(xi.check_file_points(mapping, tria));
  LA::MPI::Vector values(dofs.locally_owned_dofs(), MPI_COMM_WORLD);
  xi.interpolate(mapping, dofs, values);
  double max_error = 0;
  for (const auto &cell : dofs.active_cell_iterators())
    if (cell->is_locally_owned())
      for (const unsigned int v : cell->vertex_indices())
        if (values.locally_owned_elements().is_element(
              cell->vertex_dof_index(v, 0)))
          max_error = std::max(max_error,
                               std::abs(values(cell->vertex_dof_index(v, 0)) -
                                        linear(cell->vertex(v))));
  EXPECT_LT(max_error, 1e-14);

  p.file = outside;
  const InitialFreeVolume<2> xo(p, plate);
  try
    {
      xo.check_file_points(mapping, tria);
      ADD_FAILURE() << "a point outside the specimen was accepted";
    }
  catch (const InputError &e)
    {
      EXPECT_NE(std::string(e.what()).find("1 of 3 points"), std::string::npos)
        << e.what();
    }

  p.file       = good;
  p.file_array = "xi";
  EXPECT_THROW(InitialFreeVolume<2>(p, plate), InputError);

  // The terms together leave (0, 1): gradient too steep.
  auto steep     = defaults(2);
  steep.gradient = {{100, 0, 0}};
  const InitialFreeVolume<2> xs(steep, plate);
  try
    {
      xs.interpolate(mapping, dofs, values);
      ADD_FAILURE() << "xi <= 0 was accepted";
    }
  catch (const InputError &e)
    {
      EXPECT_NE(std::string(e.what()).find("(0, 1)"), std::string::npos)
        << e.what();
    }
}
