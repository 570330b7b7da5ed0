#ifndef REJUV_MATERIAL_FRICTION_LAW_H
#define REJUV_MATERIAL_FRICTION_LAW_H

#include <deal.II/base/function_parser.h>

#include <memory>
#include <string>

namespace Rejuv
{
  /**
   * Friction coefficient alpha(xi) = tan(phi) of MODEL.md section 3: less
   * free volume, more atomic friction. Either the default law
   *   alpha = clamp(alpha_ref - k_alpha (xi - xi_ref), alpha_min, alpha_max)
   * or a user expression in xi (muParser syntax).
   */
  class FrictionLaw
  {
  public:
    /// The default law.
    FrictionLaw(const double alpha_ref,
                const double slope,
                const double xi_ref,
                const double alpha_min,
                const double alpha_max);

    /// A muParser @p expression in the variable xi; @p entry names the
    /// parameter for error messages.
    FrictionLaw(const std::string &expression, const std::string &entry);

    double
    operator()(const double xi) const;

  private:
    double alpha_ref = 0, slope = 0, xi_ref = 0, alpha_min = 0, alpha_max = 0;
    std::unique_ptr<dealii::FunctionParser<1>> expression;
    std::string                                entry;
  };
} // namespace Rejuv

#endif
