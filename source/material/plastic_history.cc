#include <rejuv/material/plastic_history.h>
#include <rejuv/mechanics/tensor_embedding.h>

#include <algorithm>

namespace Rejuv
{
  using namespace dealii;

  namespace PlasticHistory
  {
    std::vector<std::string>
    names()
    {
      return {"plastic_strain_xx",
              "plastic_strain_yy",
              "plastic_strain_zz",
              "plastic_strain_xy",
              "plastic_strain_xz",
              "plastic_strain_yz",
              "plastic_shear_strain"};
    }

    SymmetricTensor<2, 3>
    plastic_strain(const double *history)
    {
      SymmetricTensor<2, 3> e;
      e[0][0] = history[0];
      e[1][1] = history[1];
      e[2][2] = history[2];
      e[0][1] = history[3];
      e[0][2] = history[4];
      e[1][2] = history[5];
      return e;
    }

    void
    enforce_bounds(double *history)
    {
      history[gamma_p] = std::max(0.0, history[gamma_p]);
    }

    void
    set_plastic_strain(const SymmetricTensor<2, 3> &eps_p, double *history)
    {
      for (unsigned int k = 0; k < 6; ++k)
        history[k] = voigt_component(eps_p, k);
    }
  } // namespace PlasticHistory
} // namespace Rejuv
