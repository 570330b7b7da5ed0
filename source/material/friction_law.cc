#include <rejuv/base/input_error.h>
#include <rejuv/material/friction_law.h>
#include <rejuv/material/material_model.h>

#include <algorithm>
#include <cmath>

namespace Rejuv
{
  using namespace dealii;

  FrictionLaw::FrictionLaw(const double alpha_ref,
                           const double slope,
                           const double xi_ref,
                           const double alpha_min,
                           const double alpha_max)
    : alpha_ref(alpha_ref)
    , slope(slope)
    , xi_ref(xi_ref)
    , alpha_min(alpha_min)
    , alpha_max(alpha_max)
  {}

  FrictionLaw::FrictionLaw(const std::string &text, const std::string &entry)
    : expression(std::make_unique<FunctionParser<1>>(1))
    , entry(entry)
  {
    try
      {
        expression->initialize("xi", text, {});
        // muParser reports unknown symbols only on evaluation.
        (void)expression->value(Point<1>(0.05));
      }
    catch (const std::exception &e)
      {
        throw InputError(entry + ": cannot parse '" + text +
                         "' as an expression in xi");
      }
  }

  double
  FrictionLaw::operator()(const double xi) const
  {
    if (expression)
      {
        const double alpha = expression->value(Point<1>(xi));
        if (!(alpha >= 0) || !std::isfinite(alpha))
          throw MaterialUpdateFailure(
            entry + " gives alpha = " + std::to_string(alpha) + " at xi = " +
            std::to_string(xi) + "; a friction coefficient must be >= 0");
        return alpha;
      }
    return std::clamp(alpha_ref - slope * (xi - xi_ref), alpha_min, alpha_max);
  }
} // namespace Rejuv
