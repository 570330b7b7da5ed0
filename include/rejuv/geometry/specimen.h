#ifndef REJUV_GEOMETRY_SPECIMEN_H
#define REJUV_GEOMETRY_SPECIMEN_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/base/types.h>

#include <rejuv/geometry/notch.h>

#include <string>

namespace dealii
{
  template <int dim, int spacedim>
  class Triangulation;
}

namespace Rejuv
{
  /**
   * Boundary ids every specimen uses. The loading axis is the last
   * coordinate (y in 2D, z in 3D); the bottom platen sits at 0, the top one
   * at the specimen height.
   */
  namespace BoundaryId
  {
    constexpr dealii::types::boundary_id free_surface = 0;
    constexpr dealii::types::boundary_id bottom       = 1;
    constexpr dealii::types::boundary_id top          = 2;
    /// The lateral surface inside a notch (traction free, like 0).
    constexpr dealii::types::boundary_id notch = 3;
  } // namespace BoundaryId

  /**
   * Manifold ids: the curved lateral surface of a cylinder, and the
   * transfinite interpolation that keeps the interior cells of a round cross
   * section well shaped under refinement.
   */
  namespace ManifoldId
  {
    constexpr dealii::types::manifold_id cylinder_surface = 1;
    constexpr dealii::types::manifold_id transfinite      = 2;
    constexpr dealii::types::manifold_id notched_surface  = 3;
  } // namespace ManifoldId

  /**
   * Parameters of the subsection "Geometry" and the specimen they describe.
   */
  struct SpecimenParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm, const int dim);

    /// rectangle | cylinder | notched_cylinder | notched_plate | gmsh
    std::string     specimen;
    double          width;
    double          height;
    double          radius;
    unsigned int    global_refinements;
    std::string     mesh_file;
    NotchParameters notch;

    bool
    is_notched() const
    {
      return specimen == "notched_cylinder" || specimen == "notched_plate";
    }

    /**
     * The lateral surface as distance from the axis, S(z): the radius of a
     * cylinder, half the width of a plate, with the notch where there is
     * one. Throws InputError for meshes from files.
     */
    NotchProfile
    lateral_profile() const;

    /**
     * Nominal (analytical) cross-section normal to the loading axis: m^2 in
     * 3D, m (per unit thickness) in 2D plane strain. Engineering stress is
     * force over this area.
     */
    double
    nominal_area(const int dim) const;

    /**
     * Cross-section in the notch plane (pi (R - d)^2, or W - 2 d per unit
     * thickness); the nominal area for an unnotched specimen.
     */
    double
    net_area(const int dim) const;

    /**
     * Distance of @p x from the lateral (free) surface, measured normal to
     * the loading axis [m]: R - r for cylinders, the distance to the nearer
     * side for plates and prisms, S(z) - r with a notch. Throws InputError
     * for meshes from files, which have no analytical surface.
     */
    template <int dim>
    double
    lateral_distance(const dealii::Point<dim> &x) const;

    /**
     * A point at the notch root, just inside the material (on the x axis).
     */
    template <int dim>
    dealii::Point<dim>
    notch_root() const;
  };

  /**
   * Fill @p triangulation with the specimen of @p parameters, manifolds
   * attached, boundary ids set, refined globally (only the coarse mesh
   * with @p refine = false: Triangulation::load() needs that). Throws
   * InputError for
   * a mesh file that cannot be used.
   */
  template <int dim>
  void
  create_specimen(const SpecimenParameters        &parameters,
                  dealii::Triangulation<dim, dim> &triangulation,
                  const bool                       refine = true);

  /**
   * Diameter of the bounding box of the coarse mesh [m]: the same on every
   * process of a distributed mesh; a length scale for geometric tolerances.
   */
  template <int dim>
  double
  coarse_mesh_diameter(const dealii::Triangulation<dim, dim> &triangulation);
} // namespace Rejuv

#endif
