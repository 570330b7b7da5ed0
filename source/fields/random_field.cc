#include <rejuv/fields/random_field.h>

#include <cmath>
#include <random>

namespace Rejuv
{
  template <int dim>
  GaussianRandomField<dim>::GaussianRandomField(const double        mean,
                                                const double        sd,
                                                const double        length,
                                                const std::uint64_t seed,
                                                const unsigned int  n_modes)
    : mean(mean)
    , amplitude(sd * std::sqrt(2.0 / n_modes))
    , wave_vectors(n_modes)
    , phases(n_modes)
  {
    // std::uniform_real_distribution and std::normal_distribution are
    // implementation defined; the raw mt19937_64 sequence is not.
    std::mt19937_64 engine(seed);
    auto            uniform = [&engine]() {
      // (0, 1]: 53 random bits
      return (static_cast<double>(engine() >> 11) + 1.0) * 0x1.0p-53;
    };
    auto normal = [&uniform]() {
      const double u = uniform(), v = uniform();
      return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
    };
    for (unsigned int n = 0; n < n_modes; ++n)
      {
        for (int d = 0; d < dim; ++d)
          wave_vectors[n][d] = normal() / length;
        phases[n] = 2 * M_PI * uniform();
      }
  }

  template <int dim>
  double
  GaussianRandomField<dim>::value(const dealii::Point<dim> &x) const
  {
    double sum = 0;
    for (unsigned int n = 0; n < phases.size(); ++n)
      {
        double arg = phases[n];
        for (int d = 0; d < dim; ++d)
          arg += wave_vectors[n][d] * x[d];
        sum += std::cos(arg);
      }
    return mean + amplitude * sum;
  }

  template class GaussianRandomField<2>;
  template class GaussianRandomField<3>;
} // namespace Rejuv
