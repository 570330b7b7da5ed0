// Manufactured solutions for small-strain linear elasticity through the
// production Mechanics class (assembly, constraints, AMG-CG, Newton).
// Independent expectation: for the smooth field
//   u_i(x) = A_i prod_d sin(k_id x_d + c_id)
// with body force b = -[(lambda + mu) grad div u + mu Laplace u] (derived
// by hand below, not by the FE code) and u prescribed on the boundary, the
// errors fall at the optimal rates: L2 ~ h^(p+1), H1 ~ h^p for Q1 and Q2
// in 2D and 3D; the measured rate between the two finest meshes must lie
// within 0.1 of the theory (or above it). The same holds for Q1 with the
// B-bar (cell-mean volumetric strain) method.
// Locking: for the divergence-free field u = curl psi, psi = A sin(a x + c)
// sin(b y + d), the body force b = mu (a^2 + b^2) u does not depend on
// lambda, so the exact solution is the same for every Poisson's ratio. A
// method free of volumetric locking keeps its error as nu -> 1/2; the
// standard Q1 element does not (Babuska & Suri 1992).
#include <deal.II/base/function.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/vector_tools.h>

#include <rejuv/material/linear_elastic.h>
#include <rejuv/mechanics/mechanics.h>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "mechanics_test_tools.h"

using namespace dealii;
using namespace Rejuv;

namespace
{
  template <int dim>
  struct Manufactured
  {
    double A[3]    = {1e-3, -7e-4, 5e-4};
    double k[3][3] = {{1.0, 1.5, 0.7}, {1.3, 0.8, 1.1}, {0.9, 1.2, 1.4}};
    double c[3][3] = {{0.3, 0.1, 0.5}, {0.2, 0.6, 0.4}, {0.7, 0.2, 0.1}};

    double
    value(const Point<dim> &x, const unsigned int i) const
    {
      double v = A[i];
      for (unsigned int d = 0; d < dim; ++d)
        v *= std::sin(k[i][d] * x[d] + c[i][d]);
      return v;
    }

    // d u_i / d x_j
    double
    derivative(const Point<dim>  &x,
               const unsigned int i,
               const unsigned int j) const
    {
      double v = A[i];
      for (unsigned int d = 0; d < dim; ++d)
        v *= (d == j) ? k[i][d] * std::cos(k[i][d] * x[d] + c[i][d]) :
                        std::sin(k[i][d] * x[d] + c[i][d]);
      return v;
    }

    // d^2 u_i / d x_j d x_l
    double
    second(const Point<dim>  &x,
           const unsigned int i,
           const unsigned int j,
           const unsigned int l) const
    {
      if (j == l)
        return -k[i][j] * k[i][j] * value(x, i);
      double v = A[i];
      for (unsigned int d = 0; d < dim; ++d)
        v *= (d == j || d == l) ? k[i][d] * std::cos(k[i][d] * x[d] + c[i][d]) :
                                  std::sin(k[i][d] * x[d] + c[i][d]);
      return v;
    }
  };

  /// u = curl psi (2D), div u = 0: b = -mu Laplace u = mu (a^2 + b^2) u.
  struct DivergenceFree
  {
    double A = 1e-3, a = 1.1, b = 1.7, c = 0.3, d = 0.5;

    double
    value(const Point<2> &x, const unsigned int i) const
    {
      const double sx = std::sin(a * x[0] + c), cx = std::cos(a * x[0] + c);
      const double sy = std::sin(b * x[1] + d), cy = std::cos(b * x[1] + d);
      return i == 0 ? A * b * sx * cy : -A * a * cx * sy;
    }

    double
    derivative(const Point<2>    &x,
               const unsigned int i,
               const unsigned int j) const
    {
      const double sx = std::sin(a * x[0] + c), cx = std::cos(a * x[0] + c);
      const double sy = std::sin(b * x[1] + d), cy = std::cos(b * x[1] + d);
      if (i == 0)
        return j == 0 ? A * a * b * cx * cy : -A * b * b * sx * sy;
      return j == 0 ? A * a * a * sx * sy : -A * a * b * cx * cy;
    }
  };

  enum class Solution
  {
    smooth,
    divergence_free
  };

  template <int dim>
  class ExactSolution : public Function<dim>
  {
  public:
    explicit ExactSolution(const Solution solution)
      : Function<dim>(dim)
      , solution(solution)
    {}
    double
    value(const Point<dim> &x, const unsigned int i) const override
    {
      if constexpr (dim == 2)
        if (solution == Solution::divergence_free)
          return curl.value(x, i);
      return m.value(x, i);
    }
    Tensor<1, dim>
    gradient(const Point<dim> &x, const unsigned int i) const override
    {
      Tensor<1, dim> g;
      for (unsigned int j = 0; j < dim; ++j)
        {
          if constexpr (dim == 2)
            if (solution == Solution::divergence_free)
              {
                g[j] = curl.derivative(x, i, j);
                continue;
              }
          g[j] = m.derivative(x, i, j);
        }
      return g;
    }
    Manufactured<dim> m;
    DivergenceFree    curl;
    const Solution    solution;
  };

  template <int dim>
  class BodyForce : public Function<dim>
  {
  public:
    BodyForce(const double lambda, const double mu, const Solution solution)
      : Function<dim>(dim)
      , lambda(lambda)
      , mu(mu)
      , solution(solution)
    {}
    double
    value(const Point<dim> &x, const unsigned int i) const override
    {
      if constexpr (dim == 2)
        if (solution == Solution::divergence_free)
          return mu * (curl.a * curl.a + curl.b * curl.b) * curl.value(x, i);
      // div sigma_i = (lambda + mu) d_i (d_j u_j) + mu d_j d_j u_i
      double grad_div = 0, laplace = 0;
      for (unsigned int j = 0; j < dim; ++j)
        {
          grad_div += m.second(x, j, j, i);
          laplace += m.second(x, i, j, j);
        }
      return -((lambda + mu) * grad_div + mu * laplace);
    }
    Manufactured<dim> m;
    DivergenceFree    curl;
    const double      lambda, mu;
    const Solution    solution;
  };

  struct Case
  {
    double           poissons_ratio    = 0.36;
    VolumetricStrain volumetric_strain = VolumetricStrain::pointwise;
    Solution         solution          = Solution::smooth;
  };

  template <int dim>
  std::pair<double, double>
  errors(const unsigned int degree,
         const unsigned int refinements,
         const Case        &c = Case())
  {
    ElasticityParameters elasticity;
    elasticity.youngs_modulus = 96e9;
    elasticity.poissons_ratio = c.poissons_ratio;
    LinearElastic material(elasticity);

    const LinearSolverParameters    linear = Testing::linear_solver(1e-12);
    const NonlinearSolverParameters newton = Testing::newton(5, 1e-10, 1e-20);

    parallel::distributed::Triangulation<dim> tria(MPI_COMM_WORLD);
    GridGenerator::hyper_cube(tria, 0, 1);
    tria.refine_global(refinements);
    TimerOutput    timer(MPI_COMM_WORLD,
                      std::cout,
                      TimerOutput::never,
                      TimerOutput::wall_times);
    Mechanics<dim> mechanics(tria, degree, material, linear, newton, timer);
    auto           exact = std::make_shared<ExactSolution<dim>>(c.solution);
    mechanics.set_boundary_conditions({{0, exact, ComponentMask(dim, true)}},
                                      {});
    mechanics.set_body_force(
      std::make_shared<BodyForce<dim>>(elasticity.lame_lambda(),
                                       elasticity.shear_modulus(),
                                       c.solution));
    mechanics.set_volumetric_strain(c.volumetric_strain);
    mechanics.setup();
    mechanics.solve_step(1.0);

    Vector<float>     cellwise(tria.n_active_cells());
    const QGauss<dim> q(degree + 2);
    const auto        error = [&](const VectorTools::NormType norm) {
      VectorTools::integrate_difference(mechanics.get_mapping(),
                                        mechanics.get_dof_handler(),
                                        mechanics.get_solution(),
                                        *exact,
                                        cellwise,
                                        q,
                                        norm);
      return VectorTools::compute_global_error(tria, cellwise, norm);
    };
    return {error(VectorTools::L2_norm), error(VectorTools::H1_seminorm)};
  }

  template <int dim>
  void
  check_rates(const unsigned int degree,
              const unsigned int coarse,
              const unsigned int fine,
              const Case        &c = Case())
  {
    std::pair<double, double> previous{0, 0};
    for (unsigned int r = coarse; r <= fine; ++r)
      {
        const auto e = errors<dim>(degree, r, c);
        if (r > coarse)
          {
            const double rate_l2 = std::log2(previous.first / e.first);
            const double rate_h1 = std::log2(previous.second / e.second);
            if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
              std::cout << "  " << dim << "D Q" << degree << " level " << r
                        << ": L2 " << e.first << " (rate " << rate_l2
                        << "), H1 " << e.second << " (rate " << rate_h1 << ")"
                        << std::endl;
            if (r == fine)
              {
                EXPECT_GT(rate_l2, degree + 1 - 0.1);
                EXPECT_GT(rate_h1, degree - 0.1);
                EXPECT_LT(rate_l2, degree + 1 + 0.1);
                EXPECT_LT(rate_h1, degree + 0.1);
              }
          }
        previous = e;
      }
  }
} // namespace

TEST(Manufactured, Elasticity2DQ1)
{
  check_rates<2>(1, 3, 5);
}

TEST(Manufactured, Elasticity2DQ2)
{
  check_rates<2>(2, 2, 4);
}

TEST(Manufactured, Elasticity3DQ1)
{
  check_rates<3>(1, 2, 4);
}

TEST(Manufactured, Elasticity3DQ2)
{
  check_rates<3>(2, 1, 3);
}

TEST(Manufactured, Elasticity2DQ1BBar)
{
  Case c;
  c.volumetric_strain = VolumetricStrain::cell_mean;
  check_rates<2>(1, 3, 5, c);
}

TEST(Manufactured, Elasticity3DQ1BBar)
{
  Case c;
  c.volumetric_strain = VolumetricStrain::cell_mean;
  check_rates<3>(1, 2, 4, c);
}

TEST(Manufactured, NearlyIncompressible2DQ1BBarDoesNotLock)
{
  // lambda / mu = 2 nu / (1 - 2 nu): 5e3 and 5e5.
  const double nu[2] = {0.4999, 0.499999};
  double       bbar[2], pointwise[2];
  for (unsigned int k = 0; k < 2; ++k)
    {
      Case c;
      c.poissons_ratio    = nu[k];
      c.solution          = Solution::divergence_free;
      c.volumetric_strain = VolumetricStrain::cell_mean;
      bbar[k]             = errors<2>(1, 5, c).first;
      c.volumetric_strain = VolumetricStrain::pointwise;
      pointwise[k]        = errors<2>(1, 5, c).first;
      if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
        std::cout << "  nu = " << nu[k] << ": L2 error B-bar " << bbar[k]
                  << ", pointwise " << pointwise[k] << std::endl;
    }
  // B-bar: the error does not depend on lambda.
  EXPECT_LT(std::abs(bbar[1] / bbar[0] - 1), 1e-3);
  // Standard Q1 locks: the error grows with lambda and exceeds B-bar's.
  EXPECT_GT(pointwise[1] / pointwise[0], 1.1);
  EXPECT_LT(bbar[1], 0.5 * pointwise[1]);
}
