#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_tools.h>

#include <rejuv/base/input_error.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/mechanics/compression_loading.h>

namespace Rejuv
{
  using namespace dealii;

  void
  LoadingParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Boundary conditions");
    {
      prm.declare_entry("Platen condition",
                        "frictionless",
                        Patterns::Selection("frictionless|sticking"),
                        "frictionless: platens hold only the axial "
                        "displacement (lateral motion free); sticking: "
                        "platens hold every displacement component.");
      prm.declare_entry("Loading",
                        "compression",
                        Patterns::Selection("compression|tension"),
                        "Sense of the axial loading.");
      prm.declare_entry("Strain rate",
                        "1e-4",
                        Patterns::Double(0),
                        "Engineering strain rate imposed by the top platen, "
                        "magnitude [1/s], > 0.");
    }
    prm.leave_subsection();
  }

  void
  LoadingParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Boundary conditions");
    {
      platen_condition = prm.get("Platen condition");
      loading          = prm.get("Loading");
      strain_rate      = prm.get_double("Strain rate");
    }
    prm.leave_subsection();
    require(strain_rate > 0,
            "Boundary conditions/Strain rate",
            "must be > 0 1/s, got " + std::to_string(strain_rate));
  }

  double
  LoadingParameters::platen_displacement(const double t,
                                         const double height) const
  {
    return (loading == "compression" ? -1.0 : 1.0) * strain_rate * t * height;
  }

  template <int dim>
  void
  make_platen_conditions(const LoadingParameters              &parameters,
                         const double                          delta,
                         const std::vector<Point<dim>>        &pins,
                         std::vector<DirichletCondition<dim>> &dirichlet,
                         std::vector<PointConstraint<dim>>    &points)
  {
    dirichlet.clear();
    points.clear();
    std::vector<double> top(dim, 0.0);
    top[dim - 1]    = delta;
    const auto zero = std::make_shared<Functions::ZeroFunction<dim>>(dim);
    const auto move = std::make_shared<Functions::ConstantFunction<dim>>(top);
    if (parameters.platen_condition == "sticking")
      {
        dirichlet.push_back(
          {BoundaryId::bottom, zero, ComponentMask(dim, true)});
        dirichlet.push_back({BoundaryId::top, move, ComponentMask(dim, true)});
      }
    else
      {
        ComponentMask axial(dim, false);
        axial.set(dim - 1, true);
        dirichlet.push_back({BoundaryId::bottom, zero, axial});
        dirichlet.push_back({BoundaryId::top, move, axial});
        for (unsigned int d = 0; d + 1 < dim; ++d)
          points.push_back({pins[0], d});
        if (dim == 3)
          points.push_back({pins[1], 0});
      }
  }

  template <int dim>
  std::vector<Point<dim>>
  find_rigid_body_pins(const Triangulation<dim> &tria)
  {
    const double tol  = 1e-8 * coarse_mesh_diameter(tria);
    MPI_Comm     comm = tria.get_communicator();

    bool   axis_found = false;
    double y_max      = -std::numeric_limits<double>::max();
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const unsigned int v : cell->vertex_indices())
          {
            const Point<dim> &x = cell->vertex(v);
            if (std::abs(x[dim - 1]) > tol || std::abs(x[0]) > tol)
              continue;
            if (dim == 2 || std::abs(x[1]) < tol)
              axis_found = true;
            if (dim == 3)
              y_max = std::max(y_max, x[1]);
          }
    axis_found = Utilities::MPI::logical_or(axis_found, comm);
    if (!axis_found)
      throw InputError(
        "Boundary conditions/Platen condition: frictionless platens pin the "
        "lateral rigid-body motion at a bottom vertex on the loading axis "
        "(x = 0, y = 0, z = 0), and the mesh has none. Put a vertex there or "
        "use sticking platens.");
    std::vector<Point<dim>> pins(1);
    if (dim == 3)
      {
        y_max = Utilities::MPI::max(y_max, comm);
        if (!(y_max > tol))
          throw InputError(
            "Boundary conditions/Platen condition: frictionless "
            "platens in 3D need a bottom vertex at x = 0, y > 0 "
            "against rotation about the axis; the mesh has none.");
        Point<dim> p;
        p[1] = y_max;
        pins.push_back(p);
      }
    return pins;
  }

  template void
  make_platen_conditions<2>(const LoadingParameters &,
                            const double,
                            const std::vector<Point<2>> &,
                            std::vector<DirichletCondition<2>> &,
                            std::vector<PointConstraint<2>> &);
  template void
  make_platen_conditions<3>(const LoadingParameters &,
                            const double,
                            const std::vector<Point<3>> &,
                            std::vector<DirichletCondition<3>> &,
                            std::vector<PointConstraint<3>> &);
  template std::vector<Point<2>>
  find_rigid_body_pins<2>(const Triangulation<2> &);
  template std::vector<Point<3>>
  find_rigid_body_pins<3>(const Triangulation<3> &);
} // namespace Rejuv
