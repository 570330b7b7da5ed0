#ifndef REJUV_MATERIAL_ELASTICITY_H
#define REJUV_MATERIAL_ELASTICITY_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/symmetric_tensor.h>

namespace Rejuv
{
  /**
   * Isotropic linear elasticity, MODEL.md section 2: the subsection
   * "Elasticity", shared by every material model.
   */
  struct ElasticityParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    double youngs_modulus;
    double poissons_ratio;

    double
    lame_lambda() const;
    double
    shear_modulus() const;
    double
    bulk_modulus() const;

    /// C = lambda I x I + 2 mu I^sym, always in 3D (plane strain embeds).
    dealii::SymmetricTensor<4, 3>
    stiffness() const;
  };
} // namespace Rejuv

#endif
