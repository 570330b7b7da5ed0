#include <deal.II/base/function_parser.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/grid_tools_cache.h>
#include <deal.II/grid/tria.h>

#include <rejuv/base/input_error.h>
#include <rejuv/fields/initial_free_volume.h>
#include <rejuv/fields/random_field.h>
#include <rejuv/geometry/specimen.h>
#include <rejuv/io/point_cloud.h>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    const std::string section = "Initial free volume/";

    std::array<double, 3>
    parse_vector(const std::string &text)
    {
      std::array<double, 3> v{{0, 0, 0}};
      const auto            items = Utilities::split_string_list(text);
      for (unsigned int d = 0; d < items.size() && d < 3; ++d)
        v[d] = Utilities::string_to_double(items[d]);
      return v;
    }
  } // namespace

  void
  InitialFreeVolumeParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Initial free volume");
    {
      prm.declare_entry(
        "Value",
        "0.05",
        Patterns::Double(1e-4, 1),
        "Uniform free volume xi_0 at t = 0 [-]: the base of the field (the "
        "core value under a shell profile). Every other term adds an "
        "increment to it.");
      prm.declare_entry("Material values",
                        "",
                        Patterns::Map(Patterns::Integer(0, 255),
                                      Patterns::Double(1e-4, 1)),
                        "Base free volume per material id, 'id: value, id: "
                        "value' [-] (layers of a Gmsh mesh, tagged by "
                        "physical groups); cells of other ids use Value.");
      prm.declare_entry("File",
                        "",
                        Patterns::FileName(),
                        "CSV point cloud (header naming x, y[, z] and the "
                        "'File array' column) or VTU/PVTU file (point array "
                        "'File array') whose values, interpolated onto the "
                        "mesh, replace Value as the base. Empty: none.");
      prm.declare_entry("File array",
                        "free_volume",
                        Patterns::Anything(),
                        "Name of the column (CSV) or point-data array (VTU) "
                        "read from File.");

      prm.declare_entry("Perturbation amplitude",
                        "0",
                        Patterns::Double(-1, 1),
                        "Amplitude of a Gaussian bump added to xi_0 that "
                        "seeds a shear band [-].");
      prm.declare_entry("Perturbation radius",
                        "1e-4",
                        Patterns::Double(1e-12),
                        "Radius r of the bump exp(-|x - c|^2/r^2) [m].");
      prm.declare_entry("Perturbation center",
                        "0, 0, 0",
                        Patterns::List(Patterns::Double(), 2, 3),
                        "Center c of the bump, x, y[, z] [m] (the rectangle "
                        "spans x in [-W/2, W/2], y in [0, H]).");

      prm.declare_entry(
        "Shell profile",
        "none",
        Patterns::Selection("none|linear|exponential|tanh"),
        "Free volume varying with the distance d to the lateral surface "
        "(normal to the loading axis): Surface value at d = 0, Value deep "
        "inside, f(d) between: linear max(0, 1 - d/t), exponential "
        "exp(-d/t), tanh a smooth step at d = t of width w. A surface value "
        "above Value is a soft shell (rejuvenated surface) on a hard core, "
        "below it a hard shell on a soft core.");
      prm.declare_entry("Shell thickness",
                        "1e-4",
                        Patterns::Double(0),
                        "t of the shell profile [m].");
      prm.declare_entry("Shell transition width",
                        "0",
                        Patterns::Double(0),
                        "w of the tanh profile [m]; 0 means t/4.");
      prm.declare_entry("Surface value",
                        "0.05",
                        Patterns::Double(1e-4, 1),
                        "Free volume at the lateral surface under a shell "
                        "profile [-].");

      prm.declare_entry("Gradient",
                        "0, 0, 0",
                        Patterns::List(Patterns::Double(), 2, 3),
                        "Linear gradient g of the free volume, increment "
                        "g . (x - x_g), along x, y[, z] [1/m] (gradients "
                        "along two axes: asymmetric annealing).");
      prm.declare_entry("Gradient origin",
                        "0, 0, 0",
                        Patterns::List(Patterns::Double(), 2, 3),
                        "x_g, where the gradient term is zero [m].");

      prm.declare_entry("Surface layer depth",
                        "0",
                        Patterns::Double(0),
                        "Depth of a surface layer (a surface treatment) "
                        "below the lateral surface [m]; 0: none.");
      prm.declare_entry("Surface layer value",
                        "0.05",
                        Patterns::Double(1e-4, 1),
                        "Free volume in the surface layer [-] (the layer "
                        "adds Surface layer value - Value).");

      prm.declare_entry("Expression",
                        "0",
                        Patterns::Anything(),
                        "Increment as a muParser expression in x, y[, z] "
                        "[m] (pi available), e.g. '0.002*sin(2*pi*x/1e-3)' "
                        "[-].");

      prm.declare_entry("Random standard deviation",
                        "0",
                        Patterns::Double(0, 1),
                        "Standard deviation of a spatially correlated "
                        "Gaussian random increment [-]; 0: none. The field "
                        "is the same for any mesh and number of processes.");
      prm.declare_entry("Random mean",
                        "0",
                        Patterns::Double(-1, 1),
                        "Mean of the random increment [-].");
      prm.declare_entry("Random correlation length",
                        "1e-4",
                        Patterns::Double(1e-12),
                        "l of the covariance s^2 exp(-r^2/(2 l^2)) [m]; "
                        "the mesh must resolve it (h < l/2) to carry it.");
      prm.declare_entry("Random seed",
                        "1",
                        Patterns::Integer(0),
                        "Seed of the random field [-].");
    }
    prm.leave_subsection();
  }

  void
  InitialFreeVolumeParameters::parse_parameters(ParameterHandler &prm,
                                                const int         dim)
  {
    prm.enter_subsection("Initial free volume");
    {
      value = prm.get_double("Value");
      material_values.clear();
      for (const auto &item :
           Utilities::split_string_list(prm.get("Material values")))
        {
          const auto kv = Utilities::split_string_list(item, ':');
          material_values[Utilities::string_to_int(kv[0])] =
            Utilities::string_to_double(kv[1]);
        }
      file       = prm.get("File");
      file_array = prm.get("File array");

      perturbation_amplitude = prm.get_double("Perturbation amplitude");
      perturbation_radius    = prm.get_double("Perturbation radius");
      perturbation_center    = parse_vector(prm.get("Perturbation center"));

      shell_profile          = prm.get("Shell profile");
      shell_thickness        = prm.get_double("Shell thickness");
      shell_transition_width = prm.get_double("Shell transition width");
      surface_value          = prm.get_double("Surface value");

      gradient        = parse_vector(prm.get("Gradient"));
      gradient_origin = parse_vector(prm.get("Gradient origin"));

      surface_layer_depth = prm.get_double("Surface layer depth");
      surface_layer_value = prm.get_double("Surface layer value");

      expression = prm.get("Expression");

      random_standard_deviation = prm.get_double("Random standard deviation");
      random_mean               = prm.get_double("Random mean");
      random_correlation_length = prm.get_double("Random correlation length");
      random_seed               = prm.get_integer("Random seed");
    }
    prm.leave_subsection();

    require(value + std::min(perturbation_amplitude, 0.0) > 0,
            section + "Perturbation amplitude",
            "the free volume must stay > 0: Value + amplitude must be > 0");
    if (shell_profile != "none")
      require(shell_thickness > 0,
              section + "Shell thickness",
              "must be > 0 m for Shell profile = " + shell_profile);
    if (dim == 2)
      for (const auto &[entry, v] :
           {std::make_pair("Gradient", gradient),
            std::make_pair("Gradient origin", gradient_origin),
            std::make_pair("Perturbation center", perturbation_center)})
        require(v[2] == 0,
                section + entry,
                "has a z component in 2D; give x, y only");
    if (!file.empty())
      require(std::filesystem::is_regular_file(file),
              section + "File",
              "the file '" + file + "' does not exist");
  }

  template <int dim>
  InitialFreeVolume<dim>::InitialFreeVolume(
    const InitialFreeVolumeParameters &parameters,
    const SpecimenParameters          &specimen)
    : parameters(parameters)
    , specimen(specimen)
  {
    if (parameters.uses_lateral_distance())
      {
        try
          {
            specimen.lateral_profile();
          }
        catch (const InputError &e)
          {
            throw InputError(
              section + "Shell profile / Surface layer depth: " + e.what() +
              "; use an analytical specimen, or Material values / File");
          }
      }

    const std::string expr = parameters.expression;
    if (!expr.empty() && expr != "0")
      {
        expression = std::make_unique<FunctionParser<dim>>(1);
        try
          {
            expression->initialize(dim == 2 ? "x,y" : "x,y,z",
                                   expr,
                                   {{"pi", M_PI}});
            // muParser reports unknown names only when evaluated.
            expression->value(Point<dim>());
          }
        catch (const ExceptionBase &e)
          {
            std::ostringstream msg;
            e.print_info(msg);
            throw InputError(section + "Expression: cannot evaluate '" + expr +
                             "' as a function of " +
                             (dim == 2 ? "x, y" : "x, y, z") + ": " +
                             msg.str());
          }
      }

    if (parameters.random_standard_deviation > 0 || parameters.random_mean != 0)
      random_field = std::make_unique<GaussianRandomField<dim>>(
        parameters.random_mean,
        parameters.random_standard_deviation,
        parameters.random_correlation_length,
        parameters.random_seed);

    if (!parameters.file.empty())
      {
        const PointCloud cloud =
          read_point_cloud(parameters.file, parameters.file_array, dim);
        for (unsigned int i = 0; i < cloud.values.size(); ++i)
          if (!(cloud.values[i] > 0 && cloud.values[i] < 1))
            {
              std::ostringstream msg;
              msg << section << "File: '" << parameters.file << "', point " << i
                  << " (" << cloud.points[i][0] << ", " << cloud.points[i][1]
                  << ", " << cloud.points[i][2] << "): free volume "
                  << cloud.values[i] << " outside (0, 1)";
              throw InputError(msg.str());
            }
        file_points = cloud.points;
        file_values = std::make_unique<PointCloudInterpolant<dim>>(cloud);
      }
  }

  template <int dim>
  InitialFreeVolume<dim>::~InitialFreeVolume() = default;

  template <int dim>
  double
  InitialFreeVolume<dim>::value(const Point<dim>        &x,
                                const types::material_id material_id) const
  {
    const auto &p = parameters;
    double      xi;
    if (file_values)
      xi = file_values->value(x);
    else
      {
        const auto it = p.material_values.find(material_id);
        xi            = it != p.material_values.end() ? it->second : p.value;
      }

    if (p.perturbation_amplitude != 0)
      {
        double r2 = 0;
        for (unsigned int d = 0; d < dim; ++d)
          r2 += std::pow(x[d] - p.perturbation_center[d], 2);
        xi += p.perturbation_amplitude *
              std::exp(-r2 / std::pow(p.perturbation_radius, 2));
      }

    if (p.uses_lateral_distance())
      {
        const double d = std::max(0.0, specimen.lateral_distance(x));
        const double t = p.shell_thickness;
        double       f = 0;
        if (p.shell_profile == "linear")
          f = std::max(0.0, 1 - d / t);
        else if (p.shell_profile == "exponential")
          f = std::exp(-d / t);
        else if (p.shell_profile == "tanh")
          {
            const double w =
              p.shell_transition_width > 0 ? p.shell_transition_width : t / 4;
            // normalised to f(0) = 1
            f = (1 - std::tanh((d - t) / w)) / (1 - std::tanh(-t / w));
          }
        xi += (p.surface_value - p.value) * f;
        if (d < p.surface_layer_depth)
          xi += p.surface_layer_value - p.value;
      }

    for (unsigned int d = 0; d < dim; ++d)
      xi += p.gradient[d] * (x[d] - p.gradient_origin[d]);

    if (expression)
      xi += expression->value(x);
    if (random_field)
      xi += random_field->value(x);
    return xi;
  }

  template <int dim>
  void
  InitialFreeVolume<dim>::check_file_points(
    const Mapping<dim, dim>       &mapping,
    const Triangulation<dim, dim> &triangulation) const
  {
    if (file_points.empty())
      return;
    // A point is inside when some process finds it in one of its own cells;
    // the tolerance (in reference coordinates) admits points on the surface
    // that the cells' polynomial boundary misses by rounding.
    GridTools::Cache<dim, dim> cache(triangulation, mapping);
    std::vector<unsigned int>  inside(file_points.size(), 0);
    typename Triangulation<dim, dim>::active_cell_iterator hint;
    for (unsigned int i = 0; i < file_points.size(); ++i)
      {
        Point<dim> x;
        for (unsigned int d = 0; d < dim; ++d)
          x[d] = file_points[i][d];
        try
          {
            const auto found = GridTools::find_active_cell_around_point(cache,
                                                                        x,
                                                                        hint,
                                                                        {},
                                                                        1e-6);
            if (found.first != triangulation.end() &&
                found.first->is_locally_owned())
              {
                inside[i] = 1;
                hint      = found.first;
              }
          }
        catch (...)
          {
            // not found on this process
          }
      }
    MPI_Allreduce(MPI_IN_PLACE,
                  inside.data(),
                  inside.size(),
                  MPI_UNSIGNED,
                  MPI_MAX,
                  triangulation.get_communicator());
    unsigned int n_outside = 0, first = 0;
    for (unsigned int i = inside.size(); i-- > 0;)
      if (!inside[i])
        {
          ++n_outside;
          first = i;
        }
    if (n_outside > 0)
      {
        std::ostringstream msg;
        msg << section << "File: " << n_outside << " of " << inside.size()
            << " points of '" << parameters.file
            << "' lie outside the specimen, the first (data row " << first + 1
            << ") at (" << file_points[first][0] << ", "
            << file_points[first][1];
        if (dim == 3)
          msg << ", " << file_points[first][2];
        msg << ") m; the points must come from the same specimen (same "
               "units, metres, and the same placement: loading axis along "
            << (dim == 2 ? "y" : "z") << ", bottom platen at 0)";
        throw InputError(msg.str());
      }
  }

  template <int dim>
  void
  InitialFreeVolume<dim>::interpolate(const Mapping<dim, dim>    &mapping,
                                      const DoFHandler<dim, dim> &dof_handler,
                                      LA::MPI::Vector &owned_values) const
  {
    const auto           &fe = dof_handler.get_fe();
    const Quadrature<dim> support(fe.get_unit_support_points());
    FEValues<dim> fe_values(mapping, fe, support, update_quadrature_points);
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    std::vector<double> local_sum(dofs.size()), ones(dofs.size(), 1.0);
    LA::MPI::Vector     sum(owned_values), count(owned_values);
    std::map<types::global_dof_index, Point<dim>> support_points;
    const IndexSet &owned = owned_values.locally_owned_elements();
    sum                   = 0;
    count                 = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < dofs.size(); ++i)
            {
              local_sum[i] =
                value(fe_values.quadrature_point(i), cell->material_id());
              if (owned.is_element(dofs[i]))
                support_points[dofs[i]] = fe_values.quadrature_point(i);
            }
          // Entries of other processes are sent at compress().
          sum.add(dofs, local_sum);
          count.add(dofs, ones);
        }
    sum.compress(VectorOperation::add);
    count.compress(VectorOperation::add);

    double     lowest = std::numeric_limits<double>::max(), highest = -lowest;
    Point<dim> at_lowest, at_highest;
    for (const auto i : owned)
      {
        const double v  = sum(i) / count(i);
        owned_values(i) = v;
        if (v < lowest)
          {
            lowest = v;
            if (support_points.count(i))
              at_lowest = support_points.at(i);
          }
        if (v > highest)
          {
            highest = v;
            if (support_points.count(i))
              at_highest = support_points.at(i);
          }
      }
    owned_values.compress(VectorOperation::insert);

    const MPI_Comm comm  = dof_handler.get_communicator();
    const auto     lo    = Utilities::MPI::min_max_avg(lowest, comm);
    const auto     hi    = Utilities::MPI::min_max_avg(highest, comm);
    auto           where = [&](const Point<dim>  &x,
                     const unsigned int rank) -> Point<dim> {
      Point<dim> y;
      if (Utilities::MPI::this_mpi_process(comm) == rank)
        y = x;
      for (unsigned int d = 0; d < dim; ++d)
        y[d] = Utilities::MPI::sum(y[d], comm);
      return y;
    };
    const Point<dim> x_lo = where(at_lowest, lo.min_index);
    const Point<dim> x_hi = where(at_highest, hi.max_index);
    if (!(lo.min > 0) || !(hi.max < 1))
      {
        std::ostringstream msg;
        msg << "Initial free volume: the terms add up to xi = "
            << (lo.min > 0 ? hi.max : lo.min) << " at ("
            << (lo.min > 0 ? x_hi : x_lo)
            << ") m, but the free volume must lie in (0, 1); reduce the "
               "gradient, random standard deviation, perturbation or "
               "expression, or raise Value";
        throw InputError(msg.str());
      }
  }

  template class InitialFreeVolume<2>;
  template class InitialFreeVolume<3>;
} // namespace Rejuv
