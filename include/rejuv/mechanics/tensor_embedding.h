#ifndef REJUV_MECHANICS_TENSOR_EMBEDDING_H
#define REJUV_MECHANICS_TENSOR_EMBEDDING_H

#include <deal.II/base/symmetric_tensor.h>

namespace Rejuv
{
  /**
   * Material models work in 3D; a 2D run is plane strain. These move
   * tensors between the two: a 2D strain becomes a 3D one with zero
   * out-of-plane components, and 3D stresses and tangents are restricted to
   * their in-plane components.
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

  template <int dim>
  inline dealii::SymmetricTensor<2, dim>
  restrict_to_dim(const dealii::SymmetricTensor<2, 3> &s3)
  {
    if constexpr (dim == 3)
      return s3;
    dealii::SymmetricTensor<2, dim> s;
    for (unsigned int i = 0; i < dim; ++i)
      for (unsigned int j = i; j < dim; ++j)
        s[i][j] = s3[i][j];
    return s;
  }

  template <int dim>
  inline dealii::SymmetricTensor<4, dim>
  restrict_to_dim(const dealii::SymmetricTensor<4, 3> &c3)
  {
    if constexpr (dim == 3)
      return c3;
    dealii::SymmetricTensor<4, dim> c;
    for (unsigned int i = 0; i < dim; ++i)
      for (unsigned int j = i; j < dim; ++j)
        for (unsigned int k = 0; k < dim; ++k)
          for (unsigned int l = k; l < dim; ++l)
            c[i][j][k][l] = c3[i][j][k][l];
    return c;
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
