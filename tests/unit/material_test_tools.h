#ifndef REJUV_TESTS_MATERIAL_TEST_TOOLS_H
#define REJUV_TESTS_MATERIAL_TEST_TOOLS_H

#include <rejuv/material/material_model.h>

#include <algorithm>
#include <cmath>

namespace Rejuv
{
  /**
   * max |C - C_fd| / max |C| over all components, where C_fd is the central
   * finite difference of the stress with strain step @p h, perturbing each
   * independent strain component (symmetric perturbation of off-diagonals).
   */
  inline double
  tangent_fd_relative_error(const MaterialModel  &model,
                            const MaterialInputs &in0,
                            const double          h)
  {
    const unsigned int n_h = model.n_history_variables();
    MaterialOutputs    out(1, n_h), plus(1, n_h), minus(1, n_h);
    model.evaluate(in0, out);
    double max_error = 0, max_entry = 0;
    for (unsigned int k = 0; k < 3; ++k)
      for (unsigned int l = k; l < 3; ++l)
        {
          MaterialInputs in_p = in0, in_m = in0;
          in_p.strain[0][k][l] += h;
          in_m.strain[0][k][l] -= h;
          model.evaluate(in_p, plus);
          model.evaluate(in_m, minus);
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = i; j < 3; ++j)
              {
                // d sigma_ij / d eps_kl with eps_kl = eps_lk both moved.
                const double fd =
                  (plus.stress[0][i][j] - minus.stress[0][i][j]) / (2 * h);
                const double an = out.tangent[0][i][j][k][l] +
                                  (k != l ? out.tangent[0][i][j][l][k] : 0.0);
                max_error = std::max(max_error, std::abs(fd - an));
                max_entry = std::max(max_entry, std::abs(an));
              }
        }
    return max_error / max_entry;
  }
} // namespace Rejuv

#endif
