#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/distributed/tria_base.h>
#include <deal.II/fe/fe_dgq.h>

#include <rejuv/fields/quadrature_field.h>

namespace Rejuv
{
  using namespace dealii;

  template <int dim>
  QuadratureField<dim>::QuadratureField(const Triangulation<dim> &triangulation,
                                        const unsigned int        n_points_1d,
                                        const std::vector<std::string> &names)
    : names(names)
    , fe(FE_DGQArbitraryNodes<dim>(QGauss<1>(n_points_1d)), names.size())
    , dof_handler(triangulation)
    , n_points(Utilities::fixed_power<dim>(n_points_1d))
    , local_index(n_points * names.size())
  {
    // The nodes of FE_DGQArbitraryNodes(QGauss<1>) are the points of
    // QGauss<dim> in the same (lexicographic) order; a unit test checks it.
    for (unsigned int q = 0; q < n_points; ++q)
      for (unsigned int c = 0; c < names.size(); ++c)
        local_index[q * names.size() + c] = fe.component_to_system_index(c, q);
  }

  template <int dim>
  struct QuadratureField<dim>::Transfer
  {
    using VectorType = LinearAlgebra::distributed::Vector<double>;
    Transfer(const DoFHandler<dim> &dof_handler)
      : transfer(dof_handler)
    {}
    parallel::distributed::SolutionTransfer<dim, VectorType> transfer;
    VectorType                                               old_values;
  };

  template <int dim>
  QuadratureField<dim>::~QuadratureField() = default;

  template <int dim>
  void
  QuadratureField<dim>::prepare_for_mesh_change()
  {
    transfer             = std::make_unique<Transfer>(dof_handler);
    transfer->old_values = values;
    transfer->transfer.prepare_for_coarsening_and_refinement(
      transfer->old_values);
  }

  template <int dim>
  void
  QuadratureField<dim>::finish_mesh_change()
  {
    Assert(transfer, ExcMessage("prepare_for_mesh_change() was not called"));
    reinit();
    transfer->transfer.interpolate(values);
    transfer.reset();
  }

  template <int dim>
  void
  QuadratureField<dim>::prepare_for_serialization()
  {
    transfer             = std::make_unique<Transfer>(dof_handler);
    transfer->old_values = values;
    transfer->transfer.prepare_for_serialization(transfer->old_values);
  }

  template <int dim>
  void
  QuadratureField<dim>::deserialize()
  {
    reinit();
    Transfer t(dof_handler);
    t.transfer.deserialize(values);
  }

  template <int dim>
  void
  QuadratureField<dim>::reinit()
  {
    dof_handler.distribute_dofs(fe);
    MPI_Comm comm = MPI_COMM_SELF;
    if (const auto *ptria =
          dynamic_cast<const parallel::TriangulationBase<dim> *>(
            &dof_handler.get_triangulation()))
      comm = ptria->get_communicator();
    // DG DoFs belong to their cell's owner: owned cells need no ghosts.
    values.reinit(dof_handler.locally_owned_dofs(), comm);

    // A DG cell's DoFs are numbered consecutively (deal.II numbers cell
    // by cell, and a DG cell shares none), so a cell's values are found
    // from the local element of its first DoF.
    const auto &owned = dof_handler.locally_owned_dofs();
    cell_start.assign(dof_handler.get_triangulation().n_active_cells(),
                      numbers::invalid_unsigned_int);
    std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dof_indices);
          for (unsigned int k = 0; k < dof_indices.size(); ++k)
            AssertThrow(dof_indices[k] == dof_indices[0] + k &&
                          owned.is_element(dof_indices[k]),
                        ExcInternalError());
          cell_start[cell->active_cell_index()] =
            owned.index_within_set(dof_indices[0]);
        }
  }

  template <int dim>
  void
  QuadratureField<dim>::set(
    const typename Triangulation<dim>::active_cell_iterator &cell,
    const double                                            *cell_values)
  {
    Assert(cell->is_locally_owned(), ExcMessage("not a locally owned cell"));
    double *v = values.begin() + cell_start[cell->active_cell_index()];
    for (unsigned int k = 0; k < local_index.size(); ++k)
      v[local_index[k]] = cell_values[k];
  }

  template <int dim>
  void
  QuadratureField<dim>::get(
    const typename Triangulation<dim>::active_cell_iterator &cell,
    double                                                  *cell_values) const
  {
    Assert(cell->is_locally_owned(), ExcMessage("not a locally owned cell"));
    const double *v = values.begin() + cell_start[cell->active_cell_index()];
    for (unsigned int k = 0; k < local_index.size(); ++k)
      cell_values[k] = v[local_index[k]];
  }

  template class QuadratureField<2>;
  template class QuadratureField<3>;
} // namespace Rejuv
