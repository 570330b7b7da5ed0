#ifndef REJUV_MATERIAL_PLASTIC_HISTORY_H
#define REJUV_MATERIAL_PLASTIC_HISTORY_H

#include <deal.II/base/symmetric_tensor.h>

#include <string>
#include <vector>

namespace Rejuv
{
  /**
   * History layout shared by the inelastic models: the plastic strain
   * eps_p (components xx, yy, zz, xy, xz, yz) and the accumulated plastic
   * shear strain gamma_p (MODEL.md section 1). For J2 plasticity gamma_p =
   * sqrt(3) times the equivalent plastic strain, so the two are comparable.
   */
  namespace PlasticHistory
  {
    constexpr unsigned int n_variables = 7;
    constexpr unsigned int gamma_p     = 6;

    std::vector<std::string>
    names();

    dealii::SymmetricTensor<2, 3>
    plastic_strain(const double *history);

    /// gamma_p >= 0 (an interpolated field can undershoot).
    void
    enforce_bounds(double *history);

    void
    set_plastic_strain(const dealii::SymmetricTensor<2, 3> &eps_p,
                       double                              *history);
  } // namespace PlasticHistory
} // namespace Rejuv

#endif
