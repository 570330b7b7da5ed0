// Reading scattered point data (CSV, VTU, PVTU) and its Shepard interpolant.
// Independent expectations:
//  - a CSV written by the test with 17 significant digits reads back
//    bit-exactly, and the interpolant returns the data value exactly at a
//    data point;
//  - Shepard interpolation is a convex combination of the values at the k
//    nearest points, so for the linear f = 1 + 2x - 3y + 0.5z its error at
//    any point p is at most |grad f| r_k(p), with r_k the distance from p to
//    its k-th nearest data point (found by brute force in the test); between
//    just two points the weights are equal at the midpoint, where the result
//    is the mean of the two values, i.e. f(midpoint), to round-off;
//  - at random points the interpolant equals a brute-force evaluation of
//    sum w_i f_i / sum w_i, w_i = |p - x_i|^-2 over the 8 nearest points;
//  - every malformed CSV gives an InputError naming the file and the line;
//  - a field that deal.II's DataOut writes (compressed or not, .vtu and
//    .pvtu) reads back at the vertices as the interpolated function, to the
//    Float32 precision of the file (1e-6 of max |f|), and merging the
//    per-cell copies of a vertex leaves one point per mesh vertex;
//  - files written by VTK itself (ascii; appended raw and base64 with zlib
//    in several blocks; inline binary big-endian with UInt64 headers) give
//    the points and values VTK was given;
//  - a missing array is reported with the list of arrays the file has.
#include <deal.II/base/function.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/vector_tools.h>

#include <rejuv/base/input_error.h>
#include <rejuv/io/point_cloud.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>

#include <unistd.h>

using namespace dealii;
using namespace Rejuv;

namespace
{
  double
  linear(const double x, const double y, const double z)
  {
    return 1 + 2 * x - 3 * y + 0.5 * z;
  }

  const double linear_gradient_norm = std::sqrt(4 + 9 + 0.25);

  /// A folder of its own for each test process, removed at exit.
  class TemporaryFolder
  {
  public:
    TemporaryFolder()
      : path(std::filesystem::temp_directory_path() /
             ("rejuv_point_cloud_" + std::to_string(::getpid())))
    {
      std::filesystem::create_directories(path);
    }
    ~TemporaryFolder()
    {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
    std::string
    file(const std::string &name) const
    {
      return (path / name).string();
    }

  private:
    std::filesystem::path path;
  };

  const TemporaryFolder &
  temporary()
  {
    static const TemporaryFolder folder;
    return folder;
  }

  std::string
  write_text(const std::string &name, const std::string &content)
  {
    const std::string file = temporary().file(name);
    std::ofstream(file) << content;
    return file;
  }

  /// The error message of @p f, which must throw InputError.
  template <typename F>
  std::string
  input_error_message(const F &f)
  {
    try
      {
        f();
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    ADD_FAILURE() << "expected an InputError";
    return "";
  }

  void
  expect_contains(const std::string &message, const std::string &part)
  {
    EXPECT_NE(message.find(part), std::string::npos)
      << "the message\n  " << message << "\nlacks '" << part << "'";
  }

  template <int dim>
  double
  brute_force_shepard(const PointCloud &cloud, const Point<dim> &p)
  {
    std::vector<std::pair<double, double>> by_distance; // distance, value
    for (std::size_t i = 0; i < cloud.points.size(); ++i)
      {
        double d2 = 0;
        for (unsigned int d = 0; d < dim; ++d)
          d2 += std::pow(p[d] - cloud.points[i][d], 2);
        by_distance.emplace_back(std::sqrt(d2), cloud.values[i]);
      }
    std::sort(by_distance.begin(), by_distance.end());
    double sum_wf = 0, sum_w = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(8, by_distance.size());
         ++i)
      {
        const double w = 1. / std::pow(by_distance[i].first, 2);
        sum_wf += w * by_distance[i].second;
        sum_w += w;
      }
    return sum_wf / sum_w;
  }

  /// Distance from @p p to its k-th nearest point of @p cloud.
  double
  kth_nearest_distance(const PointCloud  &cloud,
                       const Point<3>    &p,
                       const unsigned int k)
  {
    std::vector<double> distances;
    for (const auto &x : cloud.points)
      distances.push_back(p.distance(Point<3>(x[0], x[1], x[2])));
    std::sort(distances.begin(), distances.end());
    return distances[std::min<std::size_t>(k, distances.size()) - 1];
  }

  std::string
  test_data_directory()
  {
#ifdef REJUV_TEST_DATA_DIR
    return REJUV_TEST_DATA_DIR;
#else
    return "";
#endif
  }
} // namespace



// --------------------------------------------------------------------- CSV

TEST(PointCloudCsv, LinearFunctionRoundTrip)
{
  // A non-uniform 5 x 4 x 3 grid, with comments, blank lines, an extra
  // column and spaces around the fields.
  std::ostringstream csv;
  csv << "# field for the round-trip test\n\n"
      << "id, x, y, z, f\n";
  csv << std::setprecision(17);
  PointCloud expected;
  for (unsigned int k = 0; k < 3; ++k)
    for (unsigned int j = 0; j < 4; ++j)
      for (unsigned int i = 0; i < 5; ++i)
        {
          const double x = 0.1 * i + 0.01 * j, y = 0.3 * j * j, z = 0.7 * k;
          expected.points.push_back({{x, y, z}});
          expected.values.push_back(linear(x, y, z));
          csv << expected.values.size() << ", " << x << "," << y << ", " << z
              << "," << expected.values.back() << "\n";
          if (i == 2)
            csv << "# a comment between rows\n   \n";
        }
  const std::string file = write_text("linear.csv", csv.str());

  const PointCloud cloud = read_point_cloud(file, "f", 3);
  EXPECT_EQ(cloud.source, file);
  ASSERT_EQ(cloud.points.size(), expected.points.size());
  for (std::size_t i = 0; i < cloud.points.size(); ++i)
    {
      EXPECT_EQ(cloud.points[i], expected.points[i]);
      EXPECT_EQ(cloud.values[i], expected.values[i]);
    }

  const PointCloudInterpolant<3> interpolant(cloud);
  EXPECT_EQ(interpolant.n_points(), cloud.points.size());
  EXPECT_EQ(interpolant.bounding_box().first, Point<3>(0, 0, 0));
  EXPECT_EQ(interpolant.bounding_box().second,
            Point<3>(0.1 * 4 + 0.01 * 3, 0.3 * 3 * 3, 0.7 * 2));
  for (std::size_t i = 0; i < cloud.points.size(); i += 7)
    {
      const Point<3> p(cloud.points[i][0],
                       cloud.points[i][1],
                       cloud.points[i][2]);
      EXPECT_EQ(interpolant.value(p), cloud.values[i]);
      EXPECT_EQ(interpolant.distance_to_nearest(p), 0.);
    }

  // Midpoints between neighbours along each axis: the convex-combination
  // bound |I f(p) - f(p)| <= |grad f| r_8(p).
  for (const auto &pair : std::vector<std::pair<unsigned, unsigned>>{{0, 1},
                                                                     {6, 11},
                                                                     {23, 43},
                                                                     {58, 59}})
    {
      const auto    &a = cloud.points[pair.first];
      const auto    &b = cloud.points[pair.second];
      const Point<3> p(0.5 * (a[0] + b[0]),
                       0.5 * (a[1] + b[1]),
                       0.5 * (a[2] + b[2]));
      const double   bound =
        linear_gradient_norm * kth_nearest_distance(cloud, p, 8);
      EXPECT_NEAR(interpolant.value(p), linear(p[0], p[1], p[2]), bound);
      EXPECT_NEAR(
        interpolant.distance_to_nearest(p),
        0.5 * Point<3>(a[0], a[1], a[2]).distance(Point<3>(b[0], b[1], b[2])),
        1e-15);
    }
}

TEST(PointCloudCsv, TwoPointsGiveTheMeanAtTheMidpoint)
{
  const std::string file =
    write_text("two.csv", "x,y,T\n0.25,-1,3.5\n1.75,2,-0.5\n");
  const PointCloud cloud = read_point_cloud_csv(file, "T", 2);
  ASSERT_EQ(cloud.points.size(), 2u);
  EXPECT_EQ(cloud.points[1][2], 0.);
  const PointCloudInterpolant<2> interpolant(cloud);
  EXPECT_DOUBLE_EQ(interpolant.value(Point<2>(1, 0.5)), 1.5);
  // Far away the weights tend to equal too.
  EXPECT_NEAR(interpolant.value(Point<2>(1e6, 0.5)), 1.5, 1e-5);
}

TEST(PointCloudCsv, ErrorsNameTheFileAndTheLine)
{
  struct Case
  {
    std::string              name;
    std::string              content;
    unsigned int             dim;
    std::vector<std::string> expected_parts;
  };
  const std::vector<Case> cases = {
    {"missing_column.csv",
     "# comment\nx,y,f\n0,0,1\n",
     3,
     {"line 2", "'x', 'y', 'f'", "'z'"}},
    {"missing_value.csv", "x,y,z\n0,0,1\n", 3, {"line 1", "'f'"}},
    {"non_numeric.csv",
     "x,y,f\n0,0,1\n\n0,abc,1\n",
     2,
     {"line 4", "'abc'", "column 'y'", "number"}},
    {"too_few.csv",
     "x,y,f\n0,0,1\n1,1\n",
     2,
     {"line 3", "found 2 fields", "expected 3", "line 1"}},
    {"too_many.csv", "x,y,f\n0,0,1,\n", 2, {"line 2", "found 4 fields"}},
    {"no_rows.csv",
     "# only a header\nx,y,f\n# nothing\n",
     2,
     {"line 3", "no data rows", "line 2"}},
    {"empty.csv", "", 2, {"line 1", "no header"}},
    {"comments_only.csv", "# a\n\n# b\n", 2, {"line 3", "no header"}},
    {"nan.csv", "x,y,f\n0,0,nan\n", 2, {"line 2", "'nan'", "finite"}},
    {"inf.csv", "x,y,f\n0,inf,1\n", 2, {"line 2", "'inf'", "finite"}},
    {"overflow.csv", "x,y,f\n0,0,1\n1e999,0,1\n", 2, {"line 3", "finite"}}};
  for (const auto &c : cases)
    {
      SCOPED_TRACE(c.name);
      const std::string file = write_text(c.name, c.content);
      const std::string message =
        input_error_message([&]() { read_point_cloud(file, "f", c.dim); });
      expect_contains(message, file);
      for (const auto &part : c.expected_parts)
        expect_contains(message, part);
    }

  const std::string missing = temporary().file("does_not_exist.csv");
  expect_contains(input_error_message(
                    [&]() { read_point_cloud(missing, "f", 2); }),
                  missing);

  const std::string message = input_error_message(
    [&]() { read_point_cloud(temporary().file("cloud.txt"), "f", 2); });
  expect_contains(message, "'.csv', '.vtu' or '.pvtu'");
  expect_contains(message, "cloud.txt");
}

// ------------------------------------------------------------- interpolant

TEST(PointCloudInterpolant, MatchesBruteForceShepard)
{
  std::mt19937                           random(42);
  std::uniform_real_distribution<double> uniform(-1, 1);
  PointCloud                             cloud;
  cloud.source = "random";
  for (unsigned int i = 0; i < 2000; ++i)
    {
      cloud.points.push_back({{uniform(random), uniform(random), 0.}});
      cloud.values.push_back(std::sin(3 * cloud.points.back()[0]) +
                             cloud.points.back()[1]);
    }
  // Every point twice: merging the copies must change nothing.
  PointCloud doubled = cloud;
  doubled.points.insert(doubled.points.end(),
                        cloud.points.begin(),
                        cloud.points.end());
  doubled.values.insert(doubled.values.end(),
                        cloud.values.begin(),
                        cloud.values.end());

  const PointCloudInterpolant<2> interpolant(cloud);
  const PointCloudInterpolant<2> doubled_interpolant(doubled);
  EXPECT_EQ(doubled_interpolant.n_points(), cloud.points.size());
  for (unsigned int q = 0; q < 200; ++q)
    {
      const Point<2> p(1.2 * uniform(random), 1.2 * uniform(random));
      const double   expected = brute_force_shepard(cloud, p);
      EXPECT_NEAR(interpolant.value(p), expected, 1e-13);
      EXPECT_NEAR(doubled_interpolant.value(p), expected, 1e-13);
    }

  // Within 1e-12 of the bounding-box diagonal of a point: its value.
  const Point<2> x(cloud.points[17][0] + 1e-14, cloud.points[17][1]);
  EXPECT_EQ(interpolant.value(x), cloud.values[17]);

  // A 2D run cannot use data that vary in z.
  cloud.points[5][2] = 0.1;
  expect_contains(input_error_message(
                    [&]() { PointCloudInterpolant<2> bad(cloud); }),
                  "random");
  EXPECT_NO_THROW(PointCloudInterpolant<3> fine(cloud));
}

// -------------------------------------------------- VTU written by deal.II

namespace
{
  template <int dim>
  class LinearFunction : public Function<dim>
  {
  public:
    double
    value(const Point<dim> &p, const unsigned int = 0) const override
    {
      return linear(p[0], p[1], dim == 3 ? p[2] : 0.);
    }
  };

  /// Writes f on a refined cube with DataOut in the ways a user may, reads
  /// each file back and checks the values at the points and vertices.
  template <int dim>
  void
  check_data_out_round_trip()
  {
    Triangulation<dim> tria;
    GridGenerator::hyper_cube(tria, -0.5, 1.5);
    tria.refine_global(dim == 2 ? 4 : 2);
    const FE_Q<dim> fe(1);
    DoFHandler<dim> dof_handler(tria);
    dof_handler.distribute_dofs(fe);
    Vector<double> solution(dof_handler.n_dofs());
    VectorTools::interpolate(dof_handler, LinearFunction<dim>(), solution);

    DataOut<dim> data_out;
    data_out.attach_dof_handler(dof_handler);
    data_out.add_data_vector(solution, "f");
    data_out.add_data_vector(solution, "g");
    data_out.build_patches();

    const std::string prefix     = "data_out_" + std::to_string(dim) + "d";
    const std::string compressed = temporary().file(prefix + "_default.vtu");
    {
      std::ofstream out(compressed);
      data_out.write_vtu(out);
    }
    const std::string uncompressed = temporary().file(prefix + "_plain.vtu");
    {
      DataOutBase::VtkFlags flags;
      flags.compression_level = DataOutBase::VtkFlags::no_compression;
      data_out.set_flags(flags);
      std::ofstream out(uncompressed);
      data_out.write_vtu(out);
    }
    std::string record =
      data_out.write_vtu_with_pvtu_record(temporary().file(""),
                                          prefix + "_record",
                                          0,
                                          MPI_COMM_SELF,
                                          4);
    if (!std::filesystem::exists(record))
      record = temporary().file(record);
    ASSERT_TRUE(std::filesystem::exists(record)) << record;
    // A record of two pieces, named relative to its folder.
    const std::string two_pieces =
      write_text(prefix + "_two.pvtu",
                 "<?xml version=\"1.0\"?>\n"
                 "<VTKFile type=\"PUnstructuredGrid\" version=\"0.1\">\n"
                 "  <PUnstructuredGrid GhostLevel=\"0\">\n"
                 "    <PPointData Scalars=\"f\">\n"
                 "      <PDataArray type=\"Float32\" Name=\"f\"/>\n"
                 "    </PPointData>\n"
                 "    <PPoints><PDataArray type=\"Float32\" "
                 "NumberOfComponents=\"3\"/></PPoints>\n"
                 "    <Piece Source=\"" +
                   prefix + "_default.vtu\"/>\n" + "    <Piece Source=\"" +
                   prefix + "_plain.vtu\"/>\n" +
                   "  </PUnstructuredGrid>\n</VTKFile>\n");

    double max_f = 0;
    for (const auto &v : tria.get_vertices())
      max_f = std::max(max_f, std::abs(LinearFunction<dim>().value(v)));
    const double tolerance = 1e-6 * max_f;

    const unsigned int n_copies = 1u << dim; // DataOut: a vertex per cell
    for (const std::string &file :
         {compressed, uncompressed, record, two_pieces})
      {
        SCOPED_TRACE(file);
        const PointCloud  cloud    = read_point_cloud(file, "f", dim);
        const std::size_t n_pieces = file == two_pieces ? 2 : 1;
        ASSERT_EQ(cloud.points.size(),
                  n_pieces * tria.n_active_cells() * n_copies);
        for (std::size_t i = 0; i < cloud.points.size(); ++i)
          EXPECT_NEAR(cloud.values[i],
                      linear(cloud.points[i][0],
                             cloud.points[i][1],
                             cloud.points[i][2]),
                      tolerance);

        const PointCloudInterpolant<dim> interpolant(cloud);
        EXPECT_EQ(interpolant.n_points(), tria.n_vertices());
        for (std::size_t i = 0; i < cloud.points.size(); i += 5)
          {
            Point<dim> p;
            for (unsigned int d = 0; d < dim; ++d)
              p[d] = cloud.points[i][d];
            EXPECT_EQ(interpolant.value(p), cloud.values[i]);
          }
        for (const auto &v : tria.get_vertices())
          {
            EXPECT_NEAR(interpolant.value(v),
                        LinearFunction<dim>().value(v),
                        tolerance);
            EXPECT_LT(interpolant.distance_to_nearest(v), 1e-6);
          }
      }

    const std::string message =
      input_error_message([&]() { read_point_cloud(compressed, "h", dim); });
    expect_contains(message, compressed);
    expect_contains(message, "'f', 'g'");
    expect_contains(input_error_message(
                      [&]() { read_point_cloud(two_pieces, "g", dim); }),
                    "found 'f'");
  }
} // namespace

TEST(PointCloudVtu, DataOutRoundTrip2D)
{
  check_data_out_round_trip<2>();
}

TEST(PointCloudVtu, DataOutRoundTrip3D)
{
  check_data_out_round_trip<3>();
}

TEST(PointCloudVtu, MalformedFiles)
{
  const std::string not_xml = write_text("not_xml.vtu", "hello\n");
  expect_contains(input_error_message(
                    [&]() { read_point_cloud_vtu(not_xml, "f"); }),
                  "not a VTK XML file");

  const std::string poly_data =
    write_text("poly.vtu",
               "<VTKFile type=\"PolyData\"><PolyData/></VTKFile>\n");
  expect_contains(input_error_message(
                    [&]() { read_point_cloud_vtu(poly_data, "f"); }),
                  "'PolyData'");

  const std::string head =
    "<?xml version=\"1.0\"?>\n<VTKFile type=\"UnstructuredGrid\">\n"
    "<UnstructuredGrid><Piece NumberOfPoints=\"3\" NumberOfCells=\"0\">\n"
    "<Points><DataArray type=\"Float64\" NumberOfComponents=\"3\" "
    "format=\"ascii\">0 0 0 1 0 0 0 1 0</DataArray></Points>\n<PointData>\n";
  const std::string tail = "</PointData></Piece></UnstructuredGrid></VTKFile>";

  const std::string mismatch =
    write_text("mismatch.vtu",
               head +
                 "<DataArray type=\"Float64\" Name=\"f\" format=\"ascii\">"
                 "1 2</DataArray>\n" +
                 tail);
  expect_contains(input_error_message(
                    [&]() { read_point_cloud_vtu(mismatch, "f"); }),
                  "holds 2 values: expected one per point (3)");

  const std::string good =
    write_text("good.vtu",
               head +
                 "<!-- a comment --><DataArray type=\"Int32\" Name=\"f\" "
                 "format=\"ascii\">1 -2 3</DataArray>\n" +
                 tail);
  const PointCloud cloud = read_point_cloud_vtu(good, "f");
  EXPECT_EQ(cloud.values, (std::vector<double>{1, -2, 3}));
  EXPECT_EQ(cloud.points[2], (std::array<double, 3>{{0, 1, 0}}));

  const std::string missing = temporary().file("missing.vtu");
  expect_contains(input_error_message(
                    [&]() { read_point_cloud_vtu(missing, "f"); }),
                  missing);
}

// ----------------------------------------------------- VTU written by VTK

TEST(PointCloudVtu, FilesWrittenByVtk)
{
  const std::string directory = test_data_directory();
  if (directory.empty())
    GTEST_SKIP() << "REJUV_TEST_DATA_DIR is not defined";

  for (const std::string name : {"point_cloud_ascii.vtu",
                                 "point_cloud_appended_raw_zlib.vtu",
                                 "point_cloud_appended_base64_zlib_uint64.vtu",
                                 "point_cloud_binary_bigendian_uint64.vtu"})
    {
      SCOPED_TRACE(name);
      const std::string file = directory + "/" + name;

      // make_point_cloud_fixtures.py: a 4 x 3 x 3 grid, x fastest.
      const PointCloud f = read_point_cloud(file, "f", 3);
      ASSERT_EQ(f.points.size(), 36u);
      for (unsigned int n = 0; n < 36; ++n)
        {
          const double x = 0.1 * (n % 4), y = 0.2 * ((n / 4) % 3),
                       z = 0.3 * (n / 12);
          EXPECT_NEAR(f.points[n][0], x, 1e-15);
          EXPECT_NEAR(f.points[n][1], y, 1e-15);
          EXPECT_NEAR(f.points[n][2], z, 1e-15);
          EXPECT_NEAR(f.values[n], linear(x, y, z), 1e-15);
        }

      const PointCloud f32 = read_point_cloud_vtu(file, "f32");
      for (unsigned int n = 0; n < 36; ++n)
        EXPECT_NEAR(f32.values[n], f.values[n], 1e-6);

      const PointCloud index = read_point_cloud_vtu(file, "index");
      for (unsigned int n = 0; n < 36; ++n)
        EXPECT_EQ(index.values[n], n);

      const std::string missing =
        input_error_message([&]() { read_point_cloud_vtu(file, "T"); });
      expect_contains(missing, name);
      expect_contains(missing, "'f', 'f32', 'index', 'velocity'");

      expect_contains(input_error_message(
                        [&]() { read_point_cloud_vtu(file, "velocity"); }),
                      "3 components");
    }
}
