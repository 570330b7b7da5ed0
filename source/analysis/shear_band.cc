#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>

#include <rejuv/analysis/shear_band.h>

#include <cmath>
#include <vector>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    struct WeightedPoint
    {
      /// position, excess weight, volume
      double x, y, w, v;
    };

    struct Direction
    {
      double angle = 0, concentration = 0;
      /// position of the strip's centre line along the normal [m]
      double offset = 0;
      /// mean excess per strip across the band, strips of width bin
      std::vector<double> profile;
      unsigned int        peak = 0;
    };

    /// Best direction among @p angles (deg from the loading axis y): the
    /// largest weight in one strip of width @p bin over the total.
    Direction
    best_direction(const std::vector<WeightedPoint> &points,
                   const std::vector<double>        &angles,
                   const double                      extent,
                   const double                      bin,
                   MPI_Comm                          comm)
    {
      const unsigned int  n_bins = std::ceil(2 * extent / bin) + 1;
      std::vector<double> histogram(angles.size() * n_bins, 0.0);
      double              total = 0;
      for (const auto &p : points)
        total += p.w;
      for (unsigned int a = 0; a < angles.size(); ++a)
        {
          const double theta = angles[a] * M_PI / 180;
          // band direction (sin, cos), normal (cos, -sin)
          const double nx = std::cos(theta), ny = -std::sin(theta);
          double      *h = &histogram[a * n_bins];
          for (const auto &p : points)
            if (p.w > 0)
              {
                const double c = p.x * nx + p.y * ny + extent;
                h[std::min(n_bins - 1, static_cast<unsigned int>(c / bin))] +=
                  p.w;
              }
        }
      Utilities::MPI::sum(histogram, comm, histogram);
      total = Utilities::MPI::sum(total, comm);
      // Score: the largest weight in one strip two bins wide. (The sum of
      // squared strip weights was tried: on a square mesh it favours the
      // lattice directions 0 and 45 deg for diffuse fields.)
      double       best_strip = -1;
      unsigned int best_a = 0, best_b = 0;
      for (unsigned int a = 0; a < angles.size(); ++a)
        for (unsigned int b = 0; b < n_bins; ++b)
          {
            const double w =
              histogram[a * n_bins + b] +
              (b + 1 < n_bins ? histogram[a * n_bins + b + 1] : 0.0);
            if (w > best_strip)
              {
                best_strip = w;
                best_a     = a;
                best_b     = b;
              }
          }
      Direction d;
      d.angle         = angles[best_a];
      d.offset        = (best_b + 1) * bin - extent;
      d.concentration = total > 0 ? best_strip / total : 0;
      // Mean excess per strip: dividing by the strip's volume removes the
      // aliasing of the Gauss-point lattice against the strips.
      std::vector<double> volume(n_bins, 0.0);
      {
        const double theta = d.angle * M_PI / 180;
        const double nx = std::cos(theta), ny = -std::sin(theta);
        for (const auto &p : points)
          {
            const double c = p.x * nx + p.y * ny + extent;
            volume[std::min(n_bins - 1, static_cast<unsigned int>(c / bin))] +=
              p.v;
          }
        Utilities::MPI::sum(volume, comm, volume);
      }
      d.profile.assign(histogram.begin() + best_a * n_bins,
                       histogram.begin() + (best_a + 1) * n_bins);
      for (unsigned int b = 0; b < n_bins; ++b)
        d.profile[b] = volume[b] > 0 ? d.profile[b] / volume[b] : 0;
      d.peak =
        (best_b + 1 < n_bins && d.profile[best_b + 1] > d.profile[best_b]) ?
          best_b + 1 :
          best_b;
      return d;
    }

    /**
     * The centre line of the band near the strip of @p d, by weighted least
     * squares: the offset v across the band of the points within
     * @p half_width of the strip's centre line, regressed on the position
     * u along it (v = c + m u), turns the line by atan(m); three passes.
     * Unlike the strip search, whose score is flat while the band stays
     * inside the strip, this resolves a fraction of a cell. Only whole
     * cross-sections enter: the window is cut into slices along the band
     * (@p slice long), and a slice counts if the specimen fills its window
     * (its volume at least 95 % of the largest slice's); where an edge cuts
     * the band obliquely, the part of its profile that is left would
     * otherwise pull the line towards the edge. Returns the angle [deg, as
     * in Direction].
     */
    double
    fit_centre_line(const std::vector<WeightedPoint> &points,
                    const Direction                  &d,
                    const double                      half_width,
                    const double                      slice,
                    const double                      extent,
                    MPI_Comm                          comm)
    {
      double             theta = d.angle * M_PI / 180, offset = d.offset;
      const unsigned int n_slices = std::ceil(2 * extent / slice) + 1;
      // per slice: volume, S, S_u, S_v, S_uu, S_uv
      constexpr unsigned int n_sums = 6;
      std::vector<double>    sums(n_slices * n_sums);
      for (unsigned int pass = 0; pass < 3; ++pass)
        {
          const double tx = std::sin(theta), ty = std::cos(theta);
          const double nx = std::cos(theta), ny = -std::sin(theta);
          std::fill(sums.begin(), sums.end(), 0.0);
          for (const auto &p : points)
            {
              const double v = p.x * nx + p.y * ny - offset;
              if (std::abs(v) > half_width)
                continue;
              const double u = p.x * tx + p.y * ty;
              double      *s =
                &sums[n_sums * std::min(n_slices - 1,
                                        static_cast<unsigned int>(
                                          std::max(0.0, u + extent) / slice))];
              s[0] += p.v;
              s[1] += p.w;
              s[2] += p.w * u;
              s[3] += p.w * v;
              s[4] += p.w * u * u;
              s[5] += p.w * u * v;
            }
          Utilities::MPI::sum(sums, comm, sums);
          double full = 0;
          for (unsigned int k = 0; k < n_slices; ++k)
            full = std::max(full, sums[n_sums * k]);
          double S = 0, Su = 0, Sv = 0, Suu = 0, Suv = 0;
          for (unsigned int k = 0; k < n_slices; ++k)
            if (sums[n_sums * k] >= 0.95 * full)
              {
                S += sums[n_sums * k + 1];
                Su += sums[n_sums * k + 2];
                Sv += sums[n_sums * k + 3];
                Suu += sums[n_sums * k + 4];
                Suv += sums[n_sums * k + 5];
              }
          const double det = S * Suu - Su * Su;
          if (!(S > 0) || !(det > 0))
            break;
          const double m     = (S * Suv - Su * Sv) / det;
          const double c     = (Sv - m * Su) / S;
          const double u_bar = Su / S;
          // a point of the fitted line, and the line's new normal
          const double px = u_bar * tx + (offset + c + m * u_bar) * nx;
          const double py = u_bar * ty + (offset + c + m * u_bar) * ny;
          theta += std::atan(m);
          offset = px * std::cos(theta) - py * std::sin(theta);
        }
      return theta * 180 / M_PI;
    }

    /// Full width at half maximum of @p profile around its bin @p peak, the
    /// crossings interpolated linearly [in bins].
    double
    full_width_at_half_maximum(const std::vector<double> &profile,
                               const unsigned int         peak)
    {
      const double half = profile[peak] / 2;
      // a crossing between bins i and i + s, with profile[i] >= half
      auto crossing = [&](int i, const int s) {
        while (i + s >= 0 && i + s < int(profile.size()) &&
               profile[i + s] >= half)
          i += s;
        if (i + s < 0 || i + s >= int(profile.size()))
          return double(i);
        return i + s * (profile[i] - half) / (profile[i] - profile[i + s]);
      };
      return crossing(peak, 1) - crossing(peak, -1);
    }
  } // namespace

  template <int dim>
  BandMeasurement
  measure_band_angle(const Mapping<dim>         &mapping,
                     const Quadrature<dim>      &quadrature,
                     const QuadratureField<dim> &history,
                     const unsigned int          component,
                     const double                threshold)
  {
    BandMeasurement result;
    if (dim != 2)
      return result;
    const auto        &dof_handler = history.get_dof_handler();
    const MPI_Comm     comm        = dof_handler.get_communicator();
    const unsigned int n_q         = quadrature.size();
    const unsigned int n_h         = history.n_components();
    AssertThrow(history.n_points_per_cell() == n_q, ExcInternalError());
    // Only the geometry is needed: a scalar Q1 element serves for JxW and
    // the points.
    const FE_Q<dim>     fe(1);
    FEValues<dim>       fe_values(mapping,
                            fe,
                            quadrature,
                            update_quadrature_points | update_JxW_values);
    std::vector<double> h(n_q * n_h);

    double gamma_max = 0, min_diameter = std::numeric_limits<double>::max();
    double integral = 0, volume = 0;
    for (const auto &cell :
         dof_handler.get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          history.get(cell, h.data());
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double g = h[q * n_h + component];
              gamma_max      = std::max(gamma_max, g);
              integral += g * fe_values.JxW(q);
              volume += fe_values.JxW(q);
            }
          min_diameter = std::min(min_diameter, cell->diameter());
        }
    gamma_max    = Utilities::MPI::max(gamma_max, comm);
    min_diameter = Utilities::MPI::min(min_diameter, comm);
    const double gamma_mean =
      Utilities::MPI::sum(integral, comm) / Utilities::MPI::sum(volume, comm);
    if (!(gamma_max >= threshold) || gamma_max <= 0)
      return result;

    std::vector<WeightedPoint> points;
    double                     extent = 0;
    for (const auto &cell :
         dof_handler.get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          history.get(cell, h.data());
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const Point<dim> &x = fe_values.quadrature_point(q);
              extent              = std::max(extent, x.norm());
              const double g      = h[q * n_h + component];
              points.push_back(
                {x[0],
                 x[1],
                 std::max(0.0, g - gamma_mean) * fe_values.JxW(q),
                 fe_values.JxW(q)});
            }
        }
    extent = Utilities::MPI::max(extent, comm);
    const double bin =
      std::max(min_diameter / std::sqrt(2.0), 2 * extent / 2000);

    std::vector<double> coarse;
    for (double a = 0; a < 180; a += 1)
      coarse.push_back(a);
    const auto first = best_direction(points, coarse, extent, bin, comm);
    std::vector<double> fine;
    for (double a = first.angle - 1; a <= first.angle + 1 + 1e-9; a += 0.05)
      fine.push_back(a);
    const auto best = best_direction(points, fine, extent, bin, comm);

    // The window holds the whole band: three cells, or its width where
    // it is wider (a window inside the band pulls the fit to the strip).
    const double width =
      bin * full_width_at_half_maximum(best.profile, best.peak);
    const double fitted = fit_centre_line(points,
                                          best,
                                          std::max(3 * bin, width),
                                          4 * bin,
                                          extent,
                                          comm);

    // The fit refines the strip search, which is good to about a cell over
    // the band's length; a fit that moves further has followed something
    // else (a second band, a platen zone), and the strip angle stands.
    double angle = std::abs(fitted - best.angle) <= 3 ? fitted : best.angle;
    angle        = std::fmod(angle + 360, 180.0);
    if (angle > 90)
      angle = 180 - angle;
    result.found         = true;
    result.angle         = angle;
    result.concentration = best.concentration;
    result.width         = width;
    return result;
  }

  template BandMeasurement
  measure_band_angle(const Mapping<2> &,
                     const Quadrature<2> &,
                     const QuadratureField<2> &,
                     const unsigned int,
                     const double);
  template BandMeasurement
  measure_band_angle(const Mapping<3> &,
                     const Quadrature<3> &,
                     const QuadratureField<3> &,
                     const unsigned int,
                     const double);
} // namespace Rejuv
