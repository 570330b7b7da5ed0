#include <rejuv/material/plastic_history.h>
#include <rejuv/material/von_mises.h>

#include <cmath>

namespace Rejuv
{
  using namespace dealii;

  VonMises::VonMises(const ElasticityParameters &elasticity,
                     const double                yield_stress,
                     const double                hardening_modulus)
    : mu(elasticity.shear_modulus())
    , bulk(elasticity.bulk_modulus())
    , yield_stress(yield_stress)
    , hardening(hardening_modulus)
  {}

  unsigned int
  VonMises::n_history_variables() const
  {
    return PlasticHistory::n_variables;
  }

  std::vector<std::string>
  VonMises::history_names() const
  {
    return PlasticHistory::names();
  }

  void
  VonMises::enforce_history_bounds(double *history) const
  {
    PlasticHistory::enforce_bounds(history);
  }

  double
  VonMises::flow_resistance(const double) const
  {
    return yield_stress / std::sqrt(3.0);
  }

  void
  VonMises::evaluate(const MaterialInputs &in, MaterialOutputs &out) const
  {
    const unsigned int          n_h = PlasticHistory::n_variables;
    const SymmetricTensor<2, 3> I   = unit_symmetric_tensor<3>();
    const SymmetricTensor<4, 3> P   = deviator_tensor<3>();
    const SymmetricTensor<4, 3> C   = bulk * outer_product(I, I) + 2 * mu * P;
    for (unsigned int q = 0; q < in.n_points(); ++q)
      {
        const double *h_old = &in.committed_history[q * n_h];
        double       *h_new = &out.trial_history[q * n_h];
        for (unsigned int k = 0; k < n_h; ++k)
          h_new[k] = h_old[k];
        const double eps_bar = h_old[PlasticHistory::gamma_p] / std::sqrt(3.0);

        const SymmetricTensor<2, 3> sigma_trial =
          C * (in.strain[q] - PlasticHistory::plastic_strain(h_old));
        const SymmetricTensor<2, 3> s_trial = deviator(sigma_trial);
        const double                norm_s  = s_trial.norm();
        const double                f_trial =
          norm_s - std::sqrt(2.0 / 3) * (yield_stress + hardening * eps_bar);

        out.stress[q]                 = sigma_trial;
        out.tangent[q]                = C;
        out.plastic_shear_rate[q]     = 0;
        out.effective_shear_stress[q] = norm_s / std::sqrt(2.0);
        if (f_trial <= 0)
          continue;

        // Consistency: |s| = |s_trial| - 2 mu dlambda = sqrt(2/3)(sigma_y +
        // h (eps_bar + sqrt(2/3) dlambda)).
        const double dlambda = f_trial / (2 * mu + 2.0 / 3 * hardening);
        const SymmetricTensor<2, 3> N = s_trial / norm_s;
        out.stress[q]                 = sigma_trial - 2 * mu * dlambda * N;
        out.effective_shear_stress[q] =
          (norm_s - 2 * mu * dlambda) / std::sqrt(2.0);
        PlasticHistory::set_plastic_strain(
          PlasticHistory::plastic_strain(h_old) + dlambda * N,
          h_new);
        // gamma_p = sqrt(3) eps_bar, eps_bar += sqrt(2/3) dlambda
        const double dgamma = std::sqrt(2.0) * dlambda;
        h_new[PlasticHistory::gamma_p] += dgamma;
        if (in.time_step > 0)
          out.plastic_shear_rate[q] = dgamma / in.time_step;

        const double theta     = 1 - 2 * mu * dlambda / norm_s;
        const double theta_bar = 1 / (1 + hardening / (3 * mu)) - (1 - theta);
        out.tangent[q] = bulk * outer_product(I, I) + 2 * mu * theta * P -
                         2 * mu * theta_bar * outer_product(N, N);
      }
  }

  namespace
  {
    const bool registered = MaterialRegistry::register_model(
      "von_mises",
      "rate-independent J2 plasticity with linear isotropic hardening, "
      "parameters in subsection 'Von Mises'.",
      [](ParameterHandler &prm) {
        prm.enter_subsection("Von Mises");
        prm.declare_entry("Yield stress",
                          "1.85e9",
                          Patterns::Double(0),
                          "Initial uniaxial yield stress sigma_y [Pa].");
        prm.declare_entry("Hardening modulus",
                          "0",
                          Patterns::Double(0),
                          "Linear isotropic hardening h: sigma_vm = sigma_y + "
                          "h eps_bar [Pa].");
        prm.leave_subsection();
      },
      [](const ElasticityParameters &elasticity, ParameterHandler &prm) {
        prm.enter_subsection("Von Mises");
        const double sigma_y = prm.get_double("Yield stress");
        const double h       = prm.get_double("Hardening modulus");
        prm.leave_subsection();
        return std::make_unique<VonMises>(elasticity, sigma_y, h);
      });
  } // namespace
} // namespace Rejuv
