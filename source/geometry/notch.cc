#include <deal.II/base/point.h>

#include <rejuv/base/input_error.h>
#include <rejuv/geometry/notch.h>

#include <cmath>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  void
  NotchParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Notch");
    {
      prm.declare_entry("Relative position",
                        "0.5",
                        Patterns::Double(0, 1),
                        "Height of the notch plane as a fraction of the "
                        "specimen height [-] (notched_cylinder, "
                        "notched_plate).");
      prm.declare_entry("Depth",
                        "2.5e-4",
                        Patterns::Double(0),
                        "Notch depth from the lateral surface to the notch "
                        "root [m]; must be less than the radius (cylinder) or "
                        "half the width (plate).");
      prm.declare_entry("Root radius",
                        "1e-4",
                        Patterns::Double(0),
                        "Radius of the notch root [m].");
      prm.declare_entry("Profile",
                        "V",
                        Patterns::Selection("U|V"),
                        "V: straight flanks at the opening angle, tangent to "
                        "the root circle. U: a semicircular root with flanks "
                        "parallel to the notch plane (width 2 Root radius); "
                        "for Depth < Root radius the circular groove alone.");
      prm.declare_entry("Opening angle",
                        "60",
                        Patterns::Double(0, 180),
                        "Angle between the two flanks of a V notch [deg], "
                        "between 10 and 170.");
    }
    prm.leave_subsection();
  }

  void
  NotchParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Notch");
    {
      relative_position = prm.get_double("Relative position");
      depth             = prm.get_double("Depth");
      root_radius       = prm.get_double("Root radius");
      profile           = prm.get("Profile");
      opening_angle     = prm.get_double("Opening angle") * M_PI / 180;
    }
    prm.leave_subsection();
  }

  NotchProfile::NotchProfile(const double outer_radius)
    : radius(outer_radius)
  {}

  NotchProfile::NotchProfile(const double           outer_radius,
                             const double           height,
                             const NotchParameters &p)
    : radius(outer_radius)
    , z0(p.relative_position * height)
    , depth(p.depth)
    , rho(p.root_radius)
  {
    const std::string s = "Geometry/Notch/";
    require(depth > 0, s + "Depth", "must be > 0 m");
    require(depth < 0.9 * radius,
            s + "Depth",
            "must be less than 0.9 times the radius (half width) " +
              std::to_string(radius) + " m, got " + std::to_string(depth));
    require(rho > 0, s + "Root radius", "must be > 0 m");
    if (p.profile == "U")
      {
        slot = depth > rho * (1 + 1e-12);
        // the core inside the root keeps at least 0.3 R
        require(!slot || radius - depth + rho >= 0.3 * radius,
                s + "Depth",
                "a U notch with parallel flanks needs R - Depth + Root radius "
                ">= 0.3 R (the core inside its root); use a smaller depth");
      }
    else
      {
        require(p.opening_angle >= 10 * M_PI / 180 - 1e-12 &&
                  p.opening_angle <= 170 * M_PI / 180 + 1e-12,
                s + "Opening angle",
                "must lie in [10, 170] deg for a V notch");
        beta = p.opening_angle / 2;
      }

    // The root circle is centred at r_c = R - d + rho. With flanks (V) it
    // meets them where its normal is normal to the flank, at
    // r = r_c - rho sin(beta); if that lies outside the specimen the notch
    // is a circular arc.
    const double rc = radius - depth + rho;
    circle_only     = p.profile == "U" || rc - rho * std::sin(beta) >= radius;
    if (slot)
      {
        mouth   = rho;
        tangent = rho;
      }
    else if (circle_only)
      {
        mouth = std::sqrt(std::max(0.0, rho * rho - std::pow(radius - rc, 2)));
        tangent = mouth;
      }
    else
      {
        tangent = rho * std::cos(beta);
        mouth   = (rho + (radius - rc) * std::sin(beta)) / std::cos(beta);
      }
    require(z0 - mouth > 0 && z0 + mouth < height,
            s + "Relative position",
            "the notch (axial mouth width " + std::to_string(2 * mouth) +
              " m) must lie inside the specimen height");
  }

  double
  NotchProfile::surface(const double z) const
  {
    const double dz = std::abs(z - z0);
    const double rc = radius - depth + rho;
    if (slot)
      // S jumps from r_c to R at the flanks; points in the flank planes
      // belong to the root (the mouth corners), whichever way z rounds.
      return dz > rho * (1 + 1e-9) ?
               radius :
               rc - std::sqrt(std::max(0.0, rho * rho - dz * dz));
    if (depth <= 0 || dz >= mouth)
      return radius;
    if (dz <= tangent)
      return std::min(radius,
                      rc - std::sqrt(std::max(0.0, rho * rho - dz * dz)));
    return std::min(radius, rc + (dz * std::cos(beta) - rho) / std::sin(beta));
  }

  double
  NotchProfile::slope(const double z) const
  {
    const double dz = std::abs(z - z0);
    if (depth <= 0 || dz >= mouth)
      return 0;
    const double sign = z >= z0 ? 1 : -1;
    if (dz <= tangent)
      return sign * dz / std::sqrt(std::max(1e-300, rho * rho - dz * dz));
    return sign * std::cos(beta) / std::sin(beta);
  }

  template <int dim>
  NotchedSurfaceManifold<dim>::NotchedSurfaceManifold(
    const NotchProfile &profile)
    : ChartManifold<dim, dim, dim>(
        dim == 3 ? Tensor<1, dim>(Point<dim>(0, 2 * M_PI, 0)) :
                   Tensor<1, dim>())
    , profile(profile)
  {}

  template <int dim>
  std::unique_ptr<Manifold<dim, dim>>
  NotchedSurfaceManifold<dim>::clone() const
  {
    return std::make_unique<NotchedSurfaceManifold<dim>>(profile);
  }

  template <int dim>
  Point<dim>
  NotchedSurfaceManifold<dim>::pull_back(const Point<dim> &x) const
  {
    Point<dim>   c;
    const double S = profile.surface(x[dim - 1]);
    if constexpr (dim == 2)
      c[0] = x[0] / S;
    else
      {
        c[0] = std::hypot(x[0], x[1]) / S;
        c[1] = std::atan2(x[1], x[0]);
        if (c[1] < 0)
          c[1] += 2 * M_PI;
      }
    c[dim - 1] = x[dim - 1];
    return c;
  }

  template <int dim>
  Point<dim>
  NotchedSurfaceManifold<dim>::push_forward(const Point<dim> &c) const
  {
    Point<dim>   x;
    const double S = profile.surface(c[dim - 1]);
    if constexpr (dim == 2)
      x[0] = c[0] * S;
    else
      {
        x[0] = c[0] * S * std::cos(c[1]);
        x[1] = c[0] * S * std::sin(c[1]);
      }
    x[dim - 1] = c[dim - 1];
    return x;
  }

  template <int dim>
  DerivativeForm<1, dim, dim>
  NotchedSurfaceManifold<dim>::push_forward_gradient(const Point<dim> &c) const
  {
    DerivativeForm<1, dim, dim> d;
    const double                S  = profile.surface(c[dim - 1]);
    const double                dS = profile.slope(c[dim - 1]);
    if constexpr (dim == 2)
      {
        d[0][0] = S;
        d[0][1] = c[0] * dS;
      }
    else
      {
        const double cs = std::cos(c[1]), sn = std::sin(c[1]);
        d[0][0] = S * cs;
        d[0][1] = -c[0] * S * sn;
        d[0][2] = c[0] * dS * cs;
        d[1][0] = S * sn;
        d[1][1] = c[0] * S * cs;
        d[1][2] = c[0] * dS * sn;
      }
    d[dim - 1][dim - 1] = 1;
    return d;
  }

  template class NotchedSurfaceManifold<2>;
  template class NotchedSurfaceManifold<3>;
} // namespace Rejuv
