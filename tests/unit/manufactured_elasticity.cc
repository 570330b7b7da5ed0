// Manufactured solutions for small-strain linear elasticity through the
// production Mechanics class (assembly, constraints, AMG-CG, Newton).
// Independent expectation: for the smooth field
//   u_i(x) = A_i prod_d sin(k_id x_d + c_id)
// with body force b = -[(lambda + mu) grad div u + mu Laplace u] (derived
// by hand below, not by the FE code) and u prescribed on the boundary, the
// errors fall at the optimal rates: L2 ~ h^(p+1), H1 ~ h^p for Q1 and Q2
// in 2D and 3D; the measured rate between the two finest meshes must lie
// within 0.1 of the theory (or above it).
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

  template <int dim>
  class ExactSolution : public Function<dim>
  {
  public:
    ExactSolution()
      : Function<dim>(dim)
    {}
    double
    value(const Point<dim> &x, const unsigned int i) const override
    {
      return m.value(x, i);
    }
    Tensor<1, dim>
    gradient(const Point<dim> &x, const unsigned int i) const override
    {
      Tensor<1, dim> g;
      for (unsigned int j = 0; j < dim; ++j)
        g[j] = m.derivative(x, i, j);
      return g;
    }
    Manufactured<dim> m;
  };

  template <int dim>
  class BodyForce : public Function<dim>
  {
  public:
    BodyForce(const double lambda, const double mu)
      : Function<dim>(dim)
      , lambda(lambda)
      , mu(mu)
    {}
    double
    value(const Point<dim> &x, const unsigned int i) const override
    {
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
    const double      lambda, mu;
  };

  template <int dim>
  std::pair<double, double>
  errors(const unsigned int degree, const unsigned int refinements)
  {
    ElasticityParameters elasticity;
    elasticity.youngs_modulus = 96e9;
    elasticity.poissons_ratio = 0.36;
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
    auto           exact = std::make_shared<ExactSolution<dim>>();
    mechanics.set_boundary_conditions({{0, exact, ComponentMask(dim, true)}},
                                      {});
    mechanics.set_body_force(
      std::make_shared<BodyForce<dim>>(elasticity.lame_lambda(),
                                       elasticity.shear_modulus()));
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
              const unsigned int fine)
  {
    std::pair<double, double> previous{0, 0};
    for (unsigned int r = coarse; r <= fine; ++r)
      {
        const auto e = errors<dim>(degree, r);
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
