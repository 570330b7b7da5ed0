#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/manifold_lib.h>
#include <deal.II/grid/tria.h>

#include <rejuv/base/input_error.h>
#include <rejuv/geometry/specimen.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  void
  SpecimenParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    {
      prm.declare_entry(
        "Specimen",
        "rectangle",
        Patterns::Selection(
          "rectangle|cylinder|notched_cylinder|notched_plate|gmsh"),
        "Specimen shape. rectangle: in 2D a plane-strain plate Width x Height, "
        "in 3D a square prism Width x Width x Height. cylinder (3D only): "
        "circular cylinder of the given Radius and Height with an exact "
        "cylindrical surface under refinement. notched_cylinder (3D): the "
        "cylinder with a circumferential notch (subsection Notch). "
        "notched_plate (2D): a double-edge-notched plane-strain plate Width x "
        "Height. gmsh: quadrilateral/hexahedral mesh read from 'Mesh file' "
        "(physical groups of boundary faces: 1 = bottom platen, 2 = top "
        "platen, others free; physical groups of cells give material ids). "
        "The loading axis is the last coordinate (y in 2D, z in 3D).");
      prm.declare_entry("Width",
                        "2e-3",
                        Patterns::Double(0),
                        "Specimen width of the rectangle specimen [m].");
      prm.declare_entry("Height",
                        "4e-3",
                        Patterns::Double(0),
                        "Specimen height along the loading axis [m] (for gmsh "
                        "meshes taken from the mesh instead).");
      prm.declare_entry("Radius",
                        "1e-3",
                        Patterns::Double(0),
                        "Radius of the cylinder specimen [m].");
      prm.declare_entry("Global refinements",
                        "3",
                        Patterns::Integer(0, 12),
                        "Number of global refinements of the coarse mesh "
                        "[-]; at most 12 in 2D and 8 in 3D.");
      prm.declare_entry("Mesh file",
                        "",
                        Patterns::FileName(),
                        "Gmsh .msh file (format 4, quadrilaterals or "
                        "hexahedra only) for Specimen = gmsh; a relative path "
                        "is taken from the working directory.");
      NotchParameters::declare_parameters(prm);
    }
    prm.leave_subsection();
  }

  void
  SpecimenParameters::parse_parameters(ParameterHandler &prm, const int dim)
  {
    prm.enter_subsection("Geometry");
    {
      specimen           = prm.get("Specimen");
      width              = prm.get_double("Width");
      height             = prm.get_double("Height");
      radius             = prm.get_double("Radius");
      global_refinements = prm.get_integer("Global refinements");
      mesh_file          = prm.get("Mesh file");
      notch.parse_parameters(prm);
    }
    prm.leave_subsection();

    require(height > 0, "Geometry/Height", "must be > 0 m");
    if (specimen == "rectangle" || specimen == "notched_plate")
      require(width > 0, "Geometry/Width", "must be > 0 m");
    if (specimen == "cylinder" || specimen == "notched_cylinder")
      {
        require(dim == 3,
                "Geometry/Specimen",
                "'" + specimen +
                  "' needs Dimension = 3 (use 'rectangle' or "
                  "'notched_plate' in 2D)");
        require(radius > 0, "Geometry/Radius", "must be > 0 m");
      }
    if (specimen == "notched_plate")
      require(dim == 2,
              "Geometry/Specimen",
              "'notched_plate' needs Dimension = 2 (use 'notched_cylinder' "
              "in 3D)");
    if (is_notched())
      lateral_profile(); // checks the notch against the specimen
    require(global_refinements <= (dim == 2 ? 12u : 8u),
            "Geometry/Global refinements",
            "must be at most " + std::to_string(dim == 2 ? 12 : 8) + " in " +
              std::to_string(dim) + "D, got " +
              std::to_string(global_refinements));
    if (specimen == "gmsh")
      {
        require(!mesh_file.empty(),
                "Geometry/Mesh file",
                "a file name is needed for Specimen = gmsh");
        require(std::filesystem::is_regular_file(mesh_file),
                "Geometry/Mesh file",
                "the file '" + mesh_file + "' does not exist");
      }
  }

  double
  SpecimenParameters::nominal_area(const int dim) const
  {
    if (specimen == "cylinder" || specimen == "notched_cylinder")
      return M_PI * radius * radius;
    if (specimen == "rectangle")
      return dim == 2 ? width : width * width;
    if (specimen == "notched_plate")
      return width;
    return std::numeric_limits<double>::quiet_NaN();
  }

  double
  SpecimenParameters::net_area(const int dim) const
  {
    if (specimen == "notched_cylinder")
      return M_PI * std::pow(radius - notch.depth, 2);
    if (specimen == "notched_plate")
      return width - 2 * notch.depth;
    return nominal_area(dim);
  }

  NotchProfile
  SpecimenParameters::lateral_profile() const
  {
    if (specimen == "cylinder")
      return NotchProfile(radius);
    if (specimen == "rectangle")
      return NotchProfile(width / 2);
    if (specimen == "notched_cylinder")
      return NotchProfile(radius, height, notch);
    if (specimen == "notched_plate")
      return NotchProfile(width / 2, height, notch);
    throw InputError("Geometry/Specimen = " + specimen +
                     ": a mesh from a file has no analytical lateral surface "
                     "(needed for shell profiles and surface layers of the "
                     "initial free volume)");
  }

  template <int dim>
  double
  SpecimenParameters::lateral_distance(const Point<dim> &x) const
  {
    const double S = lateral_profile().surface(x[dim - 1]);
    if (dim == 3 && specimen == "rectangle")
      return std::min(S - std::abs(x[0]), S - std::abs(x[1]));
    double r = 0;
    for (int d = 0; d < dim - 1; ++d)
      r += x[d] * x[d];
    return S - std::sqrt(r);
  }

  template <int dim>
  Point<dim>
  SpecimenParameters::notch_root() const
  {
    const NotchProfile profile = lateral_profile();
    Point<dim>         x;
    x[0]       = profile.root() * (1 - 1e-6);
    x[dim - 1] = profile.has_notch() ? profile.center() : height / 2;
    return x;
  }

  template double
  SpecimenParameters::lateral_distance<2>(const Point<2> &) const;
  template double
  SpecimenParameters::lateral_distance<3>(const Point<3> &) const;
  template Point<2>
  SpecimenParameters::notch_root<2>() const;
  template Point<3>
  SpecimenParameters::notch_root<3>() const;

  namespace
  {
    /**
     * The transfinite interpolation of the cylinder's inner cells, with a
     * clone() that works on a refined mesh. deal.II 9.4's clone initializes
     * the clone with the triangulation as it is then, taking its finest
     * level for the coarse one, and a copy of a refined mesh
     * (Triangulation::copy_triangulation, as the geometric multigrid makes
     * its coarser meshes) then fails to place the points of its cells. A
     * clone of a refined mesh's manifold interpolates linearly instead:
     * the coarser meshes of the multigrid are only a preconditioner, and
     * the cylinder's surface keeps its own (cylindrical) manifold.
     */
    class InnerCylinderManifold : public TransfiniteInterpolationManifold<3>
    {
    public:
      /// @p coarse must not be refined yet.
      void
      initialize_coarse(const Triangulation<3> &coarse)
      {
        AssertThrow(coarse.n_levels() <= 1, ExcInternalError());
        triangulation = &coarse;
        initialize(coarse);
      }

      std::unique_ptr<Manifold<3, 3>>
      clone() const override
      {
        if (triangulation != nullptr && triangulation->n_levels() != 1)
          return std::make_unique<FlatManifold<3>>();
        auto copy = std::make_unique<InnerCylinderManifold>();
        if (triangulation != nullptr)
          copy->initialize_coarse(*triangulation);
        return copy;
      }

    private:
      const Triangulation<3> *triangulation = nullptr;
    };

    /**
     * Platens by face position along the loading axis, everything else free.
     */
    template <int dim>
    void
    set_platen_boundary_ids(Triangulation<dim> &tria, const double height)
    {
      const double tol = 1e-8 * height;
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary())
            {
              const double z = face->center()[dim - 1];
              face->set_boundary_id(
                std::abs(z) < tol          ? BoundaryId::bottom :
                std::abs(z - height) < tol ? BoundaryId::top :
                                             BoundaryId::free_surface);
            }
    }

    /**
     * Axial positions of the coarse cell layers: about @p h apart, finer
     * across the notch mouth (an even number of layers, so a layer boundary
     * lies in the notch plane), graded by at most 1.5 between neighbours.
     */
    std::vector<double>
    axial_slices(const NotchProfile &profile, const double height, double h)
    {
      if (!profile.has_notch())
        {
          const unsigned int n =
            std::max(1u, static_cast<unsigned int>(std::lround(height / h)));
          std::vector<double> z(n + 1);
          for (unsigned int i = 0; i <= n; ++i)
            z[i] = height * i / n;
          return z;
        }
      const double m  = profile.half_width();
      const double z0 = profile.center();
      // Layers of about h, but at least two on each side of the notch plane.
      const unsigned int n_in =
        2 *
        std::min(8u,
                 static_cast<unsigned int>(std::ceil(std::max(m / h, 2.0))));
      const double        h_in = 2 * m / n_in;
      std::vector<double> z;
      for (unsigned int i = 0; i <= n_in; ++i)
        z.push_back(z0 - m + i * h_in);
      // Outward from the mouth, growing by 1.5 up to h.
      auto grow = [&](double from, const double to, const double sign) {
        std::vector<double> out;
        double              step = h_in;
        for (;;)
          {
            step = std::min(1.5 * step, h);
            if (sign * (to - from) < 1.5 * step)
              break;
            from += sign * step;
            out.push_back(from);
          }
        out.push_back(to);
        return out;
      };
      const auto above = grow(z0 + m, height, 1);
      const auto below = grow(z0 - m, 0, -1);
      z.insert(z.end(), above.begin(), above.end());
      z.insert(z.begin(), below.rbegin(), below.rend());
      return z;
    }

    /**
     * Scale every vertex normal to the axis by S(z)/R (a straight specimen
     * of radius or half width R becomes the notched one), then give the
     * lateral faces the notched-surface manifold, the cells next to them
     * the transfinite one, and faces inside the notch mouth boundary id
     * notch.
     */
    template <int dim>
    void
    shape_lateral_surface(const NotchProfile &profile,
                          const double        height,
                          Triangulation<dim> &tria)
    {
      const double R = profile.outer_radius();
      GridTools::transform(
        [&](const Point<dim> &x) {
          Point<dim>   y     = x;
          const double scale = profile.surface(x[dim - 1]) / R;
          for (int d = 0; d < dim - 1; ++d)
            y[d] *= scale;
          return y;
        },
        tria);
      tria.set_all_manifold_ids(numbers::flat_manifold_id);
      set_platen_boundary_ids(tria, height);
      const double tol = 1e-8 * R;
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary() &&
              face->boundary_id() == BoundaryId::free_surface)
            {
              // All vertices on the surface identify a lateral face (the
              // centre of a flat chord lies inside).
              bool on_surface = true, in_notch = profile.has_notch();
              for (const unsigned int v : face->vertex_indices())
                {
                  const Point<dim> x = face->vertex(v);
                  double           r = 0;
                  for (int d = 0; d < dim - 1; ++d)
                    r += x[d] * x[d];
                  on_surface &=
                    std::abs(std::sqrt(r) - profile.surface(x[dim - 1])) < tol;
                  in_notch &= std::abs(x[dim - 1] - profile.center()) <
                              profile.half_width() + 1e-8 * height;
                }
              if (on_surface)
                {
                  // The chart also serves the cells on the surface (they
                  // stay away from the axis, where it is singular): unlike
                  // a transfinite interpolation it needs no Newton
                  // inversion, which fails where the surface turns steeply
                  // within a coarse cell (a round groove's mouth).
                  cell->set_manifold_id(ManifoldId::notched_surface);
                  face->set_all_manifold_ids(ManifoldId::notched_surface);
                  if (in_notch)
                    face->set_boundary_id(BoundaryId::notch);
                }
            }
    }

    /**
     * A U notch deeper than its root radius (a slot with parallel flanks):
     * the straight specimen with a column boundary (2D) or a vertex ring
     * (3D) at the root-centre radius r_c, the slot cells (r > r_c,
     * |z - z0| < rho) removed, and the core of the slot rows scaled onto
     * the root circle by S(z)/r_c. The root faces and the cells on them
     * (away from the axis) get the notched-surface chart; in 3D the lateral
     * and flank faces and their cells the cylindrical one.
     */
    template <int dim>
    void
    make_slot_notch(const SpecimenParameters &p, Triangulation<dim> &tria)
    {
      const NotchProfile profile = p.lateral_profile();
      const double       R = profile.outer_radius(), rc = profile.root_center();
      const double       rho = profile.root_radius(), z0 = profile.center();
      const double       H = p.height;
      const std::vector<double> z =
        axial_slices(profile, H, dim == 2 ? p.width / 4 : 0.5 * p.radius);
      auto radial = [](const Point<dim> &x) {
        double r = 0;
        for (int d = 0; d < dim - 1; ++d)
          r += x[d] * x[d];
        return std::sqrt(r);
      };

      Triangulation<dim> full;
      if constexpr (dim == 2)
        {
          std::vector<std::vector<double>> steps(2);
          steps[0] = {R - rc, rc / 2, rc / 2, rc / 2, rc / 2, R - rc};
          for (unsigned int i = 1; i < z.size(); ++i)
            steps[1].push_back(z[i] - z[i - 1]);
          GridGenerator::subdivided_hyper_rectangle(full,
                                                    steps,
                                                    Point<2>(-R, 0),
                                                    Point<2>(R, H));
        }
      else
        {
          // The inner vertex ring of the balanced disk moved onto r = r_c.
          Triangulation<2> disk;
          GridGenerator::hyper_ball_balanced(disk, Point<2>(), R);
          GridTools::transform(
            [&](const Point<2> &x) {
              const double r = x.norm();
              return (r > 1e-8 * R && r < 0.99 * R) ? Point<2>(x * (rc / r)) :
                                                      x;
            },
            disk);
          GridGenerator::extrude_triangulation(disk, z, full);
        }

      const double tol = 1e-8 * R;
      std::set<typename Triangulation<dim>::active_cell_iterator> slot;
      for (const auto &cell : full.active_cell_iterators())
        if (radial(cell->center()) > rc &&
            std::abs(cell->center()[dim - 1] - z0) < rho)
          slot.insert(cell);
      GridGenerator::create_triangulation_with_removed_cells(full, slot, tria);
      GridTools::transform(
        [&](const Point<dim> &x) {
          Point<dim> y = x;
          if (std::abs(x[dim - 1] - z0) < rho - tol)
            for (int d = 0; d < dim - 1; ++d)
              y[d] *= profile.surface(x[dim - 1]) / rc;
          return y;
        },
        tria);

      tria.set_all_manifold_ids(numbers::flat_manifold_id);
      set_platen_boundary_ids(tria, H);
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary() &&
              face->boundary_id() == BoundaryId::free_surface)
            {
              bool lateral = true, flank = true, root = true, on_axis = false;
              for (const unsigned int v : face->vertex_indices())
                {
                  const Point<dim> x = face->vertex(v);
                  const double r = radial(x), dz = std::abs(x[dim - 1] - z0);
                  lateral &= std::abs(r - R) < tol;
                  flank &= std::abs(dz - rho) < tol && r > rc - tol;
                  root &= dz < rho + tol &&
                          std::abs(r - profile.surface(x[dim - 1])) < tol;
                }
              for (const unsigned int v : cell->vertex_indices())
                on_axis |= radial(cell->vertex(v)) < tol;
              if (root && !flank)
                {
                  face->set_boundary_id(BoundaryId::notch);
                  face->set_all_manifold_ids(ManifoldId::notched_surface);
                  if (!on_axis) // the chart is singular on the axis
                    cell->set_manifold_id(ManifoldId::notched_surface);
                }
              else if (lateral || flank)
                {
                  if (flank)
                    face->set_boundary_id(BoundaryId::notch);
                  if (dim == 3)
                    {
                      face->set_all_manifold_ids(ManifoldId::cylinder_surface);
                      cell->set_manifold_id(ManifoldId::cylinder_surface);
                    }
                }
            }
    }

    template <int dim>
    void
    make_rectangle(const SpecimenParameters &p, Triangulation<dim> &tria)
    {
      // Two cells across so that a vertex sits on the axis (it pins the
      // lateral rigid-body motion under frictionless platens); cells close
      // to square along the height.
      const unsigned int n_axial =
        std::max(1u,
                 static_cast<unsigned int>(
                   std::lround(2 * p.height / p.width)));
      std::vector<unsigned int> repetitions(dim, 2);
      repetitions[dim - 1] = n_axial;
      Point<dim> lower, upper;
      for (int d = 0; d < dim - 1; ++d)
        {
          lower[d] = -p.width / 2;
          upper[d] = p.width / 2;
        }
      upper[dim - 1] = p.height;
      GridGenerator::subdivided_hyper_rectangle(tria,
                                                repetitions,
                                                lower,
                                                upper);
      set_platen_boundary_ids(tria, p.height);
    }

    void
    make_notched_plate(const SpecimenParameters &p, Triangulation<2> &tria)
    {
      if (p.lateral_profile().is_slot())
        return make_slot_notch(p, tria);
      // Four cells across (a vertex on the axis pins the lateral rigid-body
      // motion), layers refined across the notch, then the edges cut in.
      const NotchProfile        profile = p.lateral_profile();
      const std::vector<double> z =
        axial_slices(profile, p.height, p.width / 4);
      std::vector<std::vector<double>> steps(2);
      steps[0] = std::vector<double>(4, p.width / 4);
      for (unsigned int i = 1; i < z.size(); ++i)
        steps[1].push_back(z[i] - z[i - 1]);
      GridGenerator::subdivided_hyper_rectangle(tria,
                                                steps,
                                                Point<2>(-p.width / 2, 0),
                                                Point<2>(p.width / 2,
                                                         p.height));
      shape_lateral_surface(profile, p.height, tria);
    }

    void
    make_notched_cylinder(const SpecimenParameters &p, Triangulation<3> &tria)
    {
      if (p.lateral_profile().is_slot())
        return make_slot_notch(p, tria);
      const NotchProfile profile = p.lateral_profile();
      Triangulation<2>   disk;
      GridGenerator::hyper_ball_balanced(disk, Point<2>(), p.radius);
      GridGenerator::extrude_triangulation(disk,
                                           axial_slices(profile,
                                                        p.height,
                                                        0.5 * p.radius),
                                           tria);
      shape_lateral_surface(profile, p.height, tria);
    }

    void
    make_cylinder_coarse(const SpecimenParameters &p, Triangulation<3> &tria)
    {
      // A balanced disk (vertex on the axis) extruded along z, cells of
      // roughly equal size in all directions.
      Triangulation<2> disk;
      GridGenerator::hyper_ball_balanced(disk, Point<2>(), p.radius);
      const unsigned int n_layers =
        std::max(1u,
                 static_cast<unsigned int>(
                   std::lround(p.height / (0.5 * p.radius))));
      GridGenerator::extrude_triangulation(disk, n_layers + 1, p.height, tria);
      tria.set_all_manifold_ids(numbers::flat_manifold_id);
      const double tol = 1e-8 * p.radius;
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary())
            {
              // The face centre of a flat chord lies inside the circle; all
              // vertices on the circle identify a lateral face.
              bool on_surface = true;
              for (const unsigned int v : face->vertex_indices())
                {
                  const Point<3> x = face->vertex(v);
                  on_surface &=
                    std::abs(std::hypot(x[0], x[1]) - p.radius) < tol;
                }
              if (on_surface)
                {
                  cell->set_manifold_id(ManifoldId::transfinite);
                  face->set_all_manifold_ids(ManifoldId::cylinder_surface);
                }
            }
      set_platen_boundary_ids(tria, p.height);
    }

    template <int dim>
    void
    read_gmsh(const SpecimenParameters &p, Triangulation<dim> &tria)
    {
      std::ifstream in(p.mesh_file);
      if (!in)
        throw InputError("Geometry/Mesh file: cannot open '" + p.mesh_file +
                         "'");
      GridIn<dim> grid_in(tria);
      try
        {
          grid_in.read_msh(in);
        }
      catch (const ExceptionBase &e)
        {
          std::ostringstream msg;
          e.print_info(msg);
          throw InputError("Geometry/Mesh file: '" + p.mesh_file +
                           "' is not a readable Gmsh mesh: " + msg.str());
        }
      if (!tria.all_reference_cells_are_hyper_cube())
        throw InputError(
          "Geometry/Mesh file: '" + p.mesh_file +
          "' contains triangles or tetrahedra; Rejuv's distributed meshes "
          "(p4est) need quadrilaterals/hexahedra. Recombine the mesh in Gmsh "
          "(Mesh.RecombineAll = 1 and Mesh.SubdivisionAlgorithm = 1/2, or "
          "transfinite volumes).");
    }
  } // namespace

  template <int dim>
  void
  create_specimen(const SpecimenParameters &parameters,
                  Triangulation<dim, dim>  &triangulation,
                  const bool                refine)
  {
    Triangulation<dim> coarse;
    if (parameters.specimen == "rectangle")
      make_rectangle(parameters, coarse);
    else if (parameters.specimen == "cylinder")
      {
        if constexpr (dim == 3)
          make_cylinder_coarse(parameters, coarse);
        else
          throw InputError("Geometry/Specimen: 'cylinder' needs Dimension = 3");
      }
    else if (parameters.specimen == "notched_cylinder")
      {
        if constexpr (dim == 3)
          make_notched_cylinder(parameters, coarse);
        else
          throw InputError(
            "Geometry/Specimen: 'notched_cylinder' needs Dimension = 3");
      }
    else if (parameters.specimen == "notched_plate")
      {
        if constexpr (dim == 2)
          make_notched_plate(parameters, coarse);
        else
          throw InputError(
            "Geometry/Specimen: 'notched_plate' needs Dimension = 2");
      }
    else if (parameters.specimen == "gmsh")
      read_gmsh(parameters, coarse);
    else
      throw InputError("Geometry/Specimen: unknown specimen '" +
                       parameters.specimen + "'");

    std::set<types::boundary_id> ids;
    for (const auto &face : coarse.active_face_iterators())
      if (face->at_boundary())
        ids.insert(face->boundary_id());
    for (const types::boundary_id id : {BoundaryId::bottom, BoundaryId::top})
      if (ids.count(id) == 0)
        throw InputError(
          "Geometry: the specimen has no boundary faces with id " +
          std::to_string(id) +
          (id == BoundaryId::bottom ? " (bottom platen)" : " (top platen)") +
          "; a Gmsh mesh must tag them as physical groups 1 "
          "and 2.");

    // Manifolds hold pointers to their triangulation, so they are attached to
    // the final one, after the copy.
    triangulation.copy_triangulation(coarse);
    if constexpr (dim == 3)
      if (parameters.specimen == "cylinder")
        {
          triangulation.set_manifold(ManifoldId::cylinder_surface,
                                     CylindricalManifold<3>(2));
          InnerCylinderManifold transfinite;
          transfinite.initialize_coarse(triangulation);
          triangulation.set_manifold(ManifoldId::transfinite, transfinite);
        }
    if (parameters.is_notched())
      {
        triangulation.set_manifold(ManifoldId::notched_surface,
                                   NotchedSurfaceManifold<dim>(
                                     parameters.lateral_profile()));
        if constexpr (dim == 3)
          if (parameters.lateral_profile().is_slot())
            triangulation.set_manifold(ManifoldId::cylinder_surface,
                                       CylindricalManifold<3>(2));
      }
    if (!refine)
      return;
    try
      {
        triangulation.refine_global(parameters.global_refinements);
      }
    catch (const ExceptionBase &e)
      {
        // A safety net: new points of a notched mesh that the manifolds
        // cannot place.
        if (!parameters.is_notched())
          throw;
        std::ostringstream msg;
        e.print_info(msg);
        throw InputError(
          "Geometry/Notch: the built-in mesh cannot follow this notch under "
          "refinement. Use a smaller Depth / Root radius ratio, another "
          "opening angle, or a Gmsh mesh (meshes/notched_cylinder.geo). "
          "deal.II: " +
          msg.str().substr(0, 200));
      }
  }

  template <int dim>
  double
  coarse_mesh_diameter(const Triangulation<dim, dim> &triangulation)
  {
    Point<dim> lower, upper;
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = std::numeric_limits<double>::max();
        upper[d] = -std::numeric_limits<double>::max();
      }
    for (const auto &cell : triangulation.cell_iterators_on_level(0))
      for (const unsigned int v : cell->vertex_indices())
        for (unsigned int d = 0; d < dim; ++d)
          {
            lower[d] = std::min(lower[d], cell->vertex(v)[d]);
            upper[d] = std::max(upper[d], cell->vertex(v)[d]);
          }
    return lower.distance(upper);
  }

  template double
  coarse_mesh_diameter<2>(const Triangulation<2, 2> &);
  template double
  coarse_mesh_diameter<3>(const Triangulation<3, 3> &);

  template void
  create_specimen<2>(const SpecimenParameters &, Triangulation<2, 2> &, bool);
  template void
  create_specimen<3>(const SpecimenParameters &, Triangulation<3, 3> &, bool);
} // namespace Rejuv
