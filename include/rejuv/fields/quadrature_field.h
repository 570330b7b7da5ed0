#ifndef REJUV_FIELDS_QUADRATURE_FIELD_H
#define REJUV_FIELDS_QUADRATURE_FIELD_H

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/lac/la_parallel_vector.h>

#include <memory>
#include <string>
#include <vector>

namespace Rejuv
{
  /**
   * Values stored at the Gauss points of every cell as a discontinuous FE
   * field whose nodes are those Gauss points (ARCHITECTURE.md decision 1):
   * reading the value at quadrature point q of a cell is reading a DoF value,
   * and the field moves with SolutionTransfer and checkpoints like any other.
   * Used for history variables and for quadrature-only output (stress).
   */
  template <int dim>
  class QuadratureField
  {
  public:
    /**
     * @p n_points_1d Gauss points per direction (the mechanics uses
     * degree + 1), @p names one per component.
     */
    QuadratureField(const dealii::Triangulation<dim> &triangulation,
                    const unsigned int                n_points_1d,
                    const std::vector<std::string>   &names);
    ~QuadratureField();

    /// (Re)distribute DoFs after the mesh changed; values are zeroed.
    void
    reinit();

    unsigned int
    n_components() const
    {
      return names.size();
    }

    unsigned int
    n_points_per_cell() const
    {
      return n_points;
    }

    /**
     * Write the values of one locally owned cell: @p values holds
     * n_points x n_components numbers, point-major (as MaterialInputs'
     * history).
     */
    void
    set(const typename dealii::Triangulation<dim>::active_cell_iterator &cell,
        const double *values);

    /// Read the values of one locally owned cell, point-major.
    void
    get(const typename dealii::Triangulation<dim>::active_cell_iterator &cell,
        double *values) const;

    const dealii::DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }

    dealii::LinearAlgebra::distributed::Vector<double> &
    get_vector()
    {
      return values;
    }

    const dealii::LinearAlgebra::distributed::Vector<double> &
    get_vector() const
    {
      return values;
    }

    /**
     * @name Moving the values with the mesh (ARCHITECTURE.md decision 1)
     * On a parallel::distributed::Triangulation: call
     * prepare_for_mesh_change() before the triangulation is refined,
     * coarsened or repartitioned, and finish_mesh_change() after; the values
     * are interpolated to children (exact: the Gauss-point polynomial of the
     * parent restricted to a child) and L2-projected onto parents. For a
     * checkpoint: prepare_for_serialization() before Triangulation::save(),
     * deserialize() after Triangulation::load(). Fields must be attached and
     * read back in the same order.
     */
    ///@{
    void
    prepare_for_mesh_change();
    void
    finish_mesh_change();
    void
    prepare_for_serialization();
    void
    deserialize();
    ///@}

    const std::vector<std::string> names;

  private:
    dealii::FESystem<dim>   fe;
    dealii::DoFHandler<dim> dof_handler;
    const unsigned int      n_points;
    /// local DoF index of (point q, component c) at [q * n_components + c]
    std::vector<unsigned int>                          local_index;
    dealii::LinearAlgebra::distributed::Vector<double> values;
    /// local element of DoF 0 of each locally owned cell, by active cell
    /// index: a DG cell's DoFs are numbered consecutively (reinit() checks
    /// it), so get() and set() need no DoF lookup
    std::vector<unsigned int> cell_start;
    /// attached data of a pending mesh change or checkpoint (after the
    /// DoFHandler it watches, so that it dies first)
    struct Transfer;
    std::unique_ptr<Transfer> transfer;
  };
} // namespace Rejuv

#endif
