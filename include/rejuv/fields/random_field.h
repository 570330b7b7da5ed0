#ifndef REJUV_FIELDS_RANDOM_FIELD_H
#define REJUV_FIELDS_RANDOM_FIELD_H

#include <deal.II/base/point.h>

#include <array>
#include <cstdint>
#include <vector>

namespace Rejuv
{
  /**
   * A stationary Gaussian random field with mean m, standard deviation s and
   * the Gaussian covariance C(r) = s^2 exp(-r^2 / (2 l^2)) (l the
   * correlation length), as a sum of N random Fourier modes (spectral
   * method, Shinozuka & Deodatis 1991; Rahimi & Recht 2007):
   *
   *   f(x) = m + s sqrt(2/N) sum_n cos(k_n . x + phi_n),
   *
   * with wave vectors k_n drawn from N(0, I/l^2) (the spectral density of
   * C) and phases phi_n uniform in [0, 2 pi). The modes depend only on the
   * seed (std::mt19937_64, standardised, and our own Box-Muller transform),
   * so the field is a function of position alone: the same on any mesh, any
   * number of MPI processes and any platform. Its values are Gaussian to
   * within the central limit theorem for N modes (N = 1000 by default).
   */
  template <int dim>
  class GaussianRandomField
  {
  public:
    GaussianRandomField(const double        mean,
                        const double        standard_deviation,
                        const double        correlation_length,
                        const std::uint64_t seed,
                        const unsigned int  n_modes = 1000);

    double
    value(const dealii::Point<dim> &x) const;

  private:
    double                               mean;
    double                               amplitude; ///< s sqrt(2/N)
    std::vector<std::array<double, dim>> wave_vectors;
    std::vector<double>                  phases;
  };
} // namespace Rejuv

#endif
