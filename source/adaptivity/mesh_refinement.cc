#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/grid_refinement.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/numerics/error_estimator.h>

#include <rejuv/adaptivity/mesh_refinement.h>
#include <rejuv/base/input_error.h>
#include <rejuv/fields/free_volume_field.h>
#include <rejuv/mechanics/mechanics.h>

#include <algorithm>
#include <cmath>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    const char *indicator_names =
      "plastic shear rate|free volume gradient|Mohr-Coulomb utilisation|Kelly";
  }

  void
  MeshRefinementParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh refinement");
    {
      prm.declare_entry("Refine every",
                        "0",
                        Patterns::Integer(0),
                        "Adapt the mesh after every this many steps [-]; 0: "
                        "the mesh stays as built.");
      prm.declare_entry("Initial refinement cycles",
                        "0",
                        Patterns::Integer(0, 20),
                        "Adaptation cycles on the initial free-volume field "
                        "before loading (a seed or a gradient gets fine "
                        "cells from the start) [-].");
      prm.declare_entry(
        "Indicators",
        "plastic shear rate, free volume gradient",
        Patterns::MultipleSelection(indicator_names),
        "Refinement indicators, combined by taking the largest: plastic "
        "shear rate (gamma_dot above its specimen mean, over the applied "
        "strain rate: the bands), "
        "free volume gradient (change of xi across a cell: seeds, band "
        "edges, graded specimens), Mohr-Coulomb utilisation (tau_eff/tau_0 "
        "above its mean: ahead of a band), Kelly (jumps of the displacement "
        "gradient). Each is scaled to [0, 1] (doc/adaptivity.md).");
      prm.declare_entry("Strategy",
                        "threshold",
                        Patterns::Selection("fraction|threshold"),
                        "threshold: refine cells whose indicator is above "
                        "Refine threshold, coarsen those below Coarsen "
                        "threshold. fraction: refine the Refine fraction of "
                        "cells with the largest indicator and coarsen the "
                        "Coarsen fraction with the smallest (never refining "
                        "below Coarsen threshold).");
      prm.declare_entry("Refine fraction",
                        "0.1",
                        Patterns::Double(0, 1),
                        "Fraction of cells refined per adaptation [-].");
      prm.declare_entry("Coarsen fraction",
                        "0.3",
                        Patterns::Double(0, 1),
                        "Fraction of cells coarsened per adaptation [-].");
      prm.declare_entry("Refine threshold",
                        "0.1",
                        Patterns::Double(0, 1),
                        "Combined indicator above which a cell is refined "
                        "[-] (low enough that the flanks of a band are as "
                        "fine as its core).");
      prm.declare_entry("Coarsen threshold",
                        "0.05",
                        Patterns::Double(0, 1),
                        "Combined indicator below which a cell is coarsened "
                        "[-].");
      prm.declare_entry("Minimum level",
                        "0",
                        Patterns::Integer(0, 20),
                        "No cell is coarsened below this refinement level of "
                        "the coarse mesh [-].");
      prm.declare_entry("Maximum level",
                        "0",
                        Patterns::Integer(0, 20),
                        "No cell is refined beyond this level [-]; 0: "
                        "Geometry/Global refinements + 2.");
      prm.declare_entry("Plastic cell weight",
                        "1",
                        Patterns::Double(1, 100),
                        "Partition weight of a cell that flows faster than "
                        "the applied strain rate relative to an elastic cell "
                        "(its local updates cost more) [-]; 1 balances the "
                        "number of cells.");
    }
    prm.leave_subsection();
  }

  void
  MeshRefinementParameters::parse_parameters(
    ParameterHandler  &prm,
    const unsigned int global_refinements)
  {
    prm.enter_subsection("Mesh refinement");
    {
      refine_every   = prm.get_integer("Refine every");
      initial_cycles = prm.get_integer("Initial refinement cycles");
      indicators     = Utilities::split_string_list(prm.get("Indicators"), ',');
      strategy       = prm.get("Strategy");
      refine_fraction     = prm.get_double("Refine fraction");
      coarsen_fraction    = prm.get_double("Coarsen fraction");
      refine_threshold    = prm.get_double("Refine threshold");
      coarsen_threshold   = prm.get_double("Coarsen threshold");
      min_level           = prm.get_integer("Minimum level");
      max_level           = prm.get_integer("Maximum level");
      plastic_cell_weight = prm.get_double("Plastic cell weight");
    }
    prm.leave_subsection();
    if (max_level == 0)
      max_level = global_refinements + 2;
    if (!enabled())
      return;
    require(!indicators.empty(),
            "Mesh refinement/Indicators",
            "names no indicator; choose from " + std::string(indicator_names));
    require(min_level <= max_level,
            "Mesh refinement/Minimum level",
            "must not exceed Maximum level (" + std::to_string(max_level) +
              "), got " + std::to_string(min_level));
    require(coarsen_threshold < refine_threshold,
            "Mesh refinement/Coarsen threshold",
            "must be below Refine threshold");
    require(refine_fraction + coarsen_fraction <= 1,
            "Mesh refinement/Refine fraction",
            "plus Coarsen fraction must not exceed 1");
  }

  template <int dim>
  MeshRefinement<dim>::MeshRefinement(
    const MeshRefinementParameters            &parameters,
    parallel::distributed::Triangulation<dim> &triangulation,
    const double                               applied_strain_rate)
    : parameters(parameters)
    , triangulation(triangulation)
    , applied_strain_rate(applied_strain_rate)
  {
    if (parameters.plastic_cell_weight != 1)
      weight_connection = triangulation.signals.weight.connect(
        [this](const typename Triangulation<dim>::cell_iterator &cell,
               const typename Triangulation<dim>::CellStatus     status)
          -> unsigned int {
          const unsigned int base = 1000;
          const unsigned int heavy =
            std::lround(base * this->parameters.plastic_cell_weight);
          auto flows = [this](const auto &c) {
            return c->is_active() && c->active_cell_index() < plastic.size() &&
                   plastic[c->active_cell_index()];
          };
          if (status == Triangulation<dim>::CELL_COARSEN)
            {
              for (unsigned int i = 0; i < cell->n_children(); ++i)
                if (flows(cell->child(i)))
                  return heavy;
              return base;
            }
          return flows(cell) ? heavy : base;
        });
  }

  template <int dim>
  MeshRefinement<dim>::~MeshRefinement()
  {
    weight_connection.disconnect();
  }

  template <int dim>
  Vector<float>
  MeshRefinement<dim>::compute_indicators(
    const Mechanics<dim>       &mechanics,
    const FreeVolumeField<dim> &free_volume) const
  {
    const MPI_Comm     comm       = triangulation.get_communicator();
    const unsigned int n          = triangulation.n_active_cells();
    const auto        &quadrature = mechanics.get_quadrature();
    const unsigned int n_q        = quadrature.size();
    const auto        &names      = parameters.indicators;
    auto               has        = [&names](const std::string &name) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    Vector<float> combined(n);

    // Scale by the larger of the maximum and the floor, take the largest.
    auto add = [&](Vector<float> &raw, const double floor) {
      const double m =
        std::max<double>(Utilities::MPI::max(raw.linfty_norm(), comm), floor);
      if (m > 0)
        for (unsigned int i = 0; i < n; ++i)
          combined[i] = std::max<float>(combined[i], raw[i] / m);
    };

    if (has("plastic shear rate"))
      {
        // Flow above the specimen's mean: the concentrated flow of a band,
        // not homogeneous yielding.
        Vector<float>       raw(n);
        std::vector<double> flow(2 * n_q);
        double              sum = 0, volume = 0;
        for (const auto &cell : triangulation.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              mechanics.get_flow_field().get(cell, flow.data());
              double m = 0, mean = 0;
              for (unsigned int q = 0; q < n_q; ++q)
                {
                  m = std::max(m, flow[2 * q]);
                  mean += flow[2 * q] / n_q;
                }
              raw[cell->active_cell_index()] = m / applied_strain_rate;
              sum += mean * cell->measure();
              volume += cell->measure();
            }
        const double mean = Utilities::MPI::sum(sum, comm) /
                            Utilities::MPI::sum(volume, comm) /
                            applied_strain_rate;
        for (const auto &cell : triangulation.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              float &r = raw[cell->active_cell_index()];
              r        = std::max<float>(0, r - mean);
            }
        add(raw, 1.0);
      }

    const bool want_xi = has("free volume gradient");
    const bool want_mc = has("Mohr-Coulomb utilisation");
    if (want_xi || want_mc)
      {
        Vector<float>               raw_xi(n), raw_mc(n);
        FEValues<dim>               fe_values(mechanics.get_mapping(),
                                free_volume.get_dof_handler().get_fe(),
                                quadrature,
                                update_values | update_gradients |
                                  update_JxW_values);
        std::vector<double>         xi(n_q), flow(2 * n_q);
        std::vector<Tensor<1, dim>> grad(n_q);
        double                      sum = 0, volume = 0;
        const MaterialModel        &material = mechanics.get_material();
        for (const auto &cell :
             free_volume.get_dof_handler().active_cell_iterators())
          if (cell->is_locally_owned())
            {
              fe_values.reinit(cell);
              fe_values.get_function_values(free_volume.get_solution(), xi);
              fe_values.get_function_gradients(free_volume.get_solution(),
                                               grad);
              mechanics.get_flow_field().get(cell, flow.data());
              double g = 0, u = 0;
              for (unsigned int q = 0; q < n_q; ++q)
                {
                  g                  = std::max(g, grad[q].norm());
                  const double tau_0 = material.flow_resistance(xi[q]);
                  if (std::isfinite(tau_0) && tau_0 > 0)
                    u = std::max(u, flow[2 * q + 1] / tau_0);
                }
              const unsigned int i = cell->active_cell_index();
              raw_xi[i] = g * cell->diameter() / std::sqrt(double(dim));
              raw_mc[i] = u;
              sum += u * cell->measure();
              volume += cell->measure();
            }
        if (want_xi)
          add(raw_xi, 1e-3);
        if (want_mc)
          {
            const double mean = Utilities::MPI::sum(sum, comm) /
                                Utilities::MPI::sum(volume, comm);
            for (auto &v : raw_mc)
              v = std::max<float>(0, v - mean);
            // cells not owned were 0 and stay 0
            add(raw_mc, 0.05);
          }
      }

    if (has("Kelly"))
      {
        Vector<float> raw(n);
        const auto   &fe = mechanics.get_dof_handler().get_fe();
        KellyErrorEstimator<dim>::estimate(
          mechanics.get_mapping(),
          mechanics.get_dof_handler(),
          QGauss<dim - 1>(fe.degree + 1),
          {},
          mechanics.get_solution(),
          raw,
          ComponentMask(),
          nullptr,
          numbers::invalid_unsigned_int,
          triangulation.locally_owned_subdomain());
        add(raw, 0.0);
      }
    return combined;
  }

  template <int dim>
  bool
  MeshRefinement<dim>::mark_cells(const Vector<float>           &indicator,
                                  const std::vector<Point<dim>> &keep)
  {
    const auto &p = parameters;
    if (p.strategy == "fraction")
      parallel::distributed::GridRefinement::refine_and_coarsen_fixed_number(
        triangulation,
        indicator,
        p.refine_fraction,
        p.coarsen_fraction);
    else
      for (const auto &cell : triangulation.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            const float v = indicator[cell->active_cell_index()];
            if (v > p.refine_threshold)
              cell->set_refine_flag();
            else if (v < p.coarsen_threshold)
              cell->set_coarsen_flag();
          }

    const double tol = 1e-10 * triangulation.begin_active()->diameter();
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const unsigned int level = cell->level();
          const float        v     = indicator[cell->active_cell_index()];
          if (cell->refine_flag_set() &&
              (level >= p.max_level || v <= p.coarsen_threshold))
            cell->clear_refine_flag();
          if (level < p.min_level)
            {
              cell->clear_coarsen_flag();
              cell->set_refine_flag();
            }
          if (cell->coarsen_flag_set() && level <= p.min_level)
            cell->clear_coarsen_flag();
          if (cell->coarsen_flag_set())
            for (const unsigned int vtx : cell->vertex_indices())
              for (const auto &point : keep)
                if (cell->vertex(vtx).distance(point) < tol)
                  cell->clear_coarsen_flag();
        }
    triangulation.prepare_coarsening_and_refinement();

    bool changes = false;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned() &&
          (cell->refine_flag_set() || cell->coarsen_flag_set()))
        changes = true;
    return Utilities::MPI::logical_or(changes,
                                      triangulation.get_communicator());
  }

  template <int dim>
  void
  MeshRefinement<dim>::update_cell_weights(const Mechanics<dim> &mechanics)
  {
    if (parameters.plastic_cell_weight == 1)
      return;
    const unsigned int  n_q = mechanics.get_quadrature().size();
    std::vector<double> flow(2 * n_q);
    plastic.assign(triangulation.n_active_cells(), false);
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          mechanics.get_flow_field().get(cell, flow.data());
          for (unsigned int q = 0; q < n_q; ++q)
            if (flow[2 * q] > applied_strain_rate)
              plastic[cell->active_cell_index()] = true;
        }
  }

  template class MeshRefinement<2>;
  template class MeshRefinement<3>;
} // namespace Rejuv
