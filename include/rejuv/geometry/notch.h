#ifndef REJUV_GEOMETRY_NOTCH_H
#define REJUV_GEOMETRY_NOTCH_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/grid/manifold.h>

#include <memory>
#include <string>

namespace Rejuv
{
  /**
   * Subsection "Geometry/Notch": a circumferential notch of a cylinder (3D)
   * or the two edge notches of a plate (2D), at one height.
   */
  struct NotchParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    double      relative_position; ///< notch plane height / specimen height
    double      depth;             ///< [m]
    double      root_radius;       ///< [m]
    std::string profile;           ///< U | V
    double      opening_angle;     ///< angle between the flanks of V [rad]
  };

  /**
   * The lateral surface of a notched specimen as its distance from the
   * loading axis, S(z), in the meridional half plane (r, z): S = R away
   * from the notch; a root circle of radius rho centred at
   * (R - depth + rho, z0); for V, straight flanks tangent to the circle at
   * half the opening angle to the radial direction, up to the mouth at
   * r = R. A U notch is the root circle with flanks parallel to the notch
   * plane, z = z0 +- rho, from r_c out to R (a slot); S then jumps from r_c
   * to R at the flanks (is_slot()), and the mesh is built differently. With
   * depth <= rho the U notch is the circular groove alone.
   */
  class NotchProfile
  {
  public:
    /// Unnotched: S(z) = outer_radius.
    explicit NotchProfile(const double outer_radius);
    /// Throws InputError (naming Geometry/Notch entries) for a notch that
    /// cannot be built.
    NotchProfile(const double           outer_radius,
                 const double           height,
                 const NotchParameters &parameters);

    /// S(z) [m]
    double
    surface(const double z) const;
    /// dS/dz [-]
    double
    slope(const double z) const;

    double
    outer_radius() const
    {
      return radius;
    }
    /// Height of the notch plane [m].
    double
    center() const
    {
      return z0;
    }
    /// Half the axial width of the notch mouth [m]; 0 without a notch.
    double
    half_width() const
    {
      return mouth;
    }
    /// S at the notch plane: R - depth [m].
    double
    root() const
    {
      return radius - depth;
    }
    bool
    has_notch() const
    {
      return depth > 0;
    }
    /// A U notch deeper than its root radius: flanks parallel to the notch
    /// plane.
    bool
    is_slot() const
    {
      return slot;
    }
    /// Radius (half width) of the centre of the root circle [m].
    double
    root_center() const
    {
      return radius - depth + rho;
    }
    double
    root_radius() const
    {
      return rho;
    }

  private:
    double radius;
    double z0          = 0;
    double depth       = 0;
    double rho         = 0;
    double beta        = 0; ///< half the opening angle (V); 0 for U
    bool   circle_only = true;
    bool   slot        = false;
    double mouth       = 0;
    double tangent     = 0; ///< |z - z0| where the flank meets the circle
  };

  /**
   * Manifold of the lateral surface of a notched specimen. Its chart is
   * (r / S(z), theta, z) in 3D (periodic in theta) and (x / S(y), y) in 2D,
   * so a new point between points on the surface (chart coordinate 1, or
   * -1/1 in 2D) lies on the surface exactly, notch included. Only for faces
   * and edges on that surface (the chart is singular on the axis); cells
   * next to it use a TransfiniteInterpolationManifold.
   */
  template <int dim>
  class NotchedSurfaceManifold : public dealii::ChartManifold<dim, dim, dim>
  {
  public:
    explicit NotchedSurfaceManifold(const NotchProfile &profile);

    std::unique_ptr<dealii::Manifold<dim, dim>>
    clone() const override;

    dealii::Point<dim>
    pull_back(const dealii::Point<dim> &space_point) const override;

    dealii::Point<dim>
    push_forward(const dealii::Point<dim> &chart_point) const override;

    dealii::DerivativeForm<1, dim, dim>
    push_forward_gradient(const dealii::Point<dim> &chart_point) const override;

  private:
    const NotchProfile profile;
  };
} // namespace Rejuv

#endif
