#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/fe/fe_nothing.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/grid/tria.h>

#include <rejuv/base/input_error.h>
#include <rejuv/geometry/mesh_quality.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    /**
     * Ratio of the largest to the smallest singular value of J (deal.II's
     * aspect ratio), infinite for det J <= 0. The squared singular values
     * are the eigenvalues of J^T J, in closed form; the smallest is not
     * taken from there but from det(J^T J) = det(J)^2, which keeps its
     * precision on stretched cells. (GridTools::compute_maximum_aspect_ratio
     * runs a LAPACK SVD per point instead: seconds on a 1e6-DoF mesh.
     * deal.II's 2x2 eigenvalues() asserts distinct eigenvalues, which a
     * square cell does not have.)
     */
    template <int dim>
    double
    aspect_ratio(const Tensor<2, dim> &J)
    {
      const double det = determinant(J);
      if (!(det > 0))
        return std::numeric_limits<double>::infinity();
      const SymmetricTensor<2, dim> JtJ = symmetrize(transpose(J) * J);
      if constexpr (dim == 2)
        {
          // s_max^2 / (s_max s_min)
          const double m = (JtJ[0][0] + JtJ[1][1]) / 2;
          const double r = std::hypot((JtJ[0][0] - JtJ[1][1]) / 2, JtJ[0][1]);
          return (m + r) / det;
        }
      else
        {
          // e[0] >= e[1] >= e[2] = det^2 / (e[0] e[1])
          const auto e = eigenvalues(JtJ);
          return e[0] * std::sqrt(e[1]) / det;
        }
    }
  } // namespace

  template <int dim>
  std::string
  MeshQuality<dim>::summary() const
  {
    std::ostringstream s;
    s << "min scaled Jacobian " << min_scaled_jacobian << ", max aspect ratio "
      << max_aspect_ratio;
    if (n_inverted > 0)
      s << ", " << n_inverted << " inverted cell(s)";
    return s.str();
  }

  template <int dim>
  MeshQuality<dim>
  compute_mesh_quality(const Mapping<dim, dim>       &mapping,
                       const Triangulation<dim, dim> &triangulation)
  {
    const QGauss<dim> quadrature(3);
    FE_Nothing<dim>   fe;
    FEValues<dim>     fe_values(mapping, fe, quadrature, update_jacobians);
    MeshQuality<dim>  q;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          double lo = std::numeric_limits<double>::max(), hi = -lo;
          for (unsigned int i = 0; i < quadrature.size(); ++i)
            {
              const Tensor<2, dim> J   = fe_values.jacobian(i);
              const double         det = determinant(J);
              lo                       = std::min(lo, det);
              hi                       = std::max(hi, det);
              q.max_aspect_ratio =
                std::max(q.max_aspect_ratio, aspect_ratio(J));
            }
          const double scaled = hi > 0 ? lo / hi : -1;
          if (scaled <= 0)
            ++q.n_inverted;
          if (scaled < q.min_scaled_jacobian)
            {
              q.min_scaled_jacobian = scaled;
              q.worst_cell_center   = cell->center();
            }
        }

    // The worst cell over all processes, and its location.
    const MPI_Comm comm = triangulation.get_communicator();
    const auto min = Utilities::MPI::min_max_avg(q.min_scaled_jacobian, comm);
    Point<dim> center;
    if (Utilities::MPI::this_mpi_process(comm) == min.min_index)
      center = q.worst_cell_center;
    for (unsigned int d = 0; d < dim; ++d)
      center[d] = Utilities::MPI::sum(center[d], comm);
    q.min_scaled_jacobian = min.min;
    q.worst_cell_center   = center;
    q.n_inverted          = Utilities::MPI::sum(q.n_inverted, comm);
    q.max_aspect_ratio    = Utilities::MPI::max(q.max_aspect_ratio, comm);
    return q;
  }

  template <int dim>
  void
  require_valid_mesh(const MeshQuality<dim> &q,
                     const double            min_scaled_jacobian)
  {
    if (q.n_inverted > 0 || q.min_scaled_jacobian < min_scaled_jacobian)
      {
        std::ostringstream s;
        s << "Geometry: the mesh has " << q.n_inverted
          << " inverted cell(s) and a worst scaled Jacobian of "
          << q.min_scaled_jacobian << " (expected > " << min_scaled_jacobian
          << ") at the cell centred at (" << q.worst_cell_center
          << "); check the specimen sizes and the Notch entries, or the mesh "
             "file";
        throw InputError(s.str());
      }
  }

  template struct MeshQuality<2>;
  template struct MeshQuality<3>;
  template MeshQuality<2>
  compute_mesh_quality(const Mapping<2, 2> &, const Triangulation<2, 2> &);
  template MeshQuality<3>
  compute_mesh_quality(const Mapping<3, 3> &, const Triangulation<3, 3> &);
  template void
  require_valid_mesh(const MeshQuality<2> &, const double);
  template void
  require_valid_mesh(const MeshQuality<3> &, const double);
} // namespace Rejuv
