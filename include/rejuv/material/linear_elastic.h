#ifndef REJUV_MATERIAL_LINEAR_ELASTIC_H
#define REJUV_MATERIAL_LINEAR_ELASTIC_H

#include <rejuv/material/material_model.h>

namespace Rejuv
{
  /**
   * sigma = C : eps (MODEL.md section 2), no history. The limit every
   * inelastic model must reduce to below yield.
   */
  class LinearElastic : public MaterialModel
  {
  public:
    explicit LinearElastic(const ElasticityParameters &elasticity);

    void
    evaluate(const MaterialInputs &in, MaterialOutputs &out) const override;

    bool
    is_linear() const override
    {
      return true;
    }

  private:
    const dealii::SymmetricTensor<4, 3> stiffness;
  };
} // namespace Rejuv

#endif
