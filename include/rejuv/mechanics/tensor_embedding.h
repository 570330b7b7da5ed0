#ifndef REJUV_MECHANICS_TENSOR_EMBEDDING_H
#define REJUV_MECHANICS_TENSOR_EMBEDDING_H

#include <deal.II/base/symmetric_tensor.h>

namespace Rejuv
{
  /**
   * Material models work in 3D; a 2D run is plane strain: a 2D strain
   * becomes a 3D one with zero out-of-plane components. (Assembly works
   * with the 3D stresses and tangents directly, through 3D strain
   * operators of the shape functions.)
   */
  template <int dim>
  inline dealii::SymmetricTensor<2, 3>
  embed_plane_strain(const dealii::SymmetricTensor<2, dim> &e)
  {
    dealii::SymmetricTensor<2, 3> e3;
    for (unsigned int i = 0; i < dim; ++i)
      for (unsigned int j = i; j < dim; ++j)
        e3[i][j] = e[i][j];
    return e3;
  }

  /// Components in the order xx, yy, zz, xy, xz, yz (k = 0..5).
  inline double
  voigt_component(const dealii::SymmetricTensor<2, 3> &t, const unsigned int k)
  {
    constexpr unsigned int row[6] = {0, 1, 2, 0, 0, 1};
    constexpr unsigned int col[6] = {0, 1, 2, 1, 2, 2};
    return t[row[k]][col[k]];
  }
} // namespace Rejuv

#endif
