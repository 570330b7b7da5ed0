#include <deal.II/fe/fe_values.h>

#include <rejuv/analysis/material_state.h>
#include <rejuv/material/plastic_history.h>
#include <rejuv/mechanics/tensor_embedding.h>

#include <cmath>

namespace Rejuv
{
  using namespace dealii;

  void
  AnalysisParameters::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Analysis");
    {
      prm.declare_entry("Enthalpy coefficient",
                        "1.5e5",
                        Patterns::Double(0),
                        "beta_H in the relaxation enthalpy dH_rel = beta_H "
                        "(xi - xi_relaxed) [J/mol] (MODEL.md section 7).");
      prm.declare_entry("Relaxed free volume",
                        "0.045",
                        Patterns::Double(0, 1),
                        "xi_relaxed: free volume of the fully relaxed glass "
                        "[-].");
      prm.declare_entry("Molar mass",
                        "60",
                        Patterns::Double(1e-3),
                        "Mean molar mass, to give dH_rel in J/g [g/mol].");
      prm.declare_entry("Band threshold",
                        "0.02",
                        Patterns::Double(0),
                        "A shear-band angle is measured once the largest "
                        "plastic shear strain exceeds this [-].");
    }
    prm.leave_subsection();
  }

  void
  AnalysisParameters::parse_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Analysis");
    {
      enthalpy_coefficient = prm.get_double("Enthalpy coefficient");
      relaxed_free_volume  = prm.get_double("Relaxed free volume");
      molar_mass           = prm.get_double("Molar mass");
      band_threshold       = prm.get_double("Band threshold");
    }
    prm.leave_subsection();
  }

  std::vector<std::string>
  derived_field_names()
  {
    return {"free_volume_change",
            "friction_coefficient",
            "predicted_band_angle",
            "mohr_coulomb_utilisation",
            "triaxiality",
            "lode_parameter",
            "relaxation_enthalpy_J_per_mol",
            "relaxation_enthalpy_J_per_g"};
  }

  template <int dim>
  void
  compute_derived_fields(const Mechanics<dim>       &mechanics,
                         const FreeVolumeField<dim> &free_volume,
                         const AnalysisParameters   &parameters,
                         QuadratureField<dim>       &derived)
  {
    const MaterialModel &material   = mechanics.get_material();
    const auto          &quadrature = mechanics.get_quadrature();
    const unsigned int   n_q        = quadrature.size();
    FEValues<dim>        xi_values(mechanics.get_mapping(),
                            free_volume.get_dof_handler().get_fe(),
                            quadrature,
                            update_values);
    std::vector<double>  xi(n_q), xi_0(n_q);
    std::vector<double>  stress(n_q * 6), flow(n_q * 2);
    std::vector<double>  values(n_q * derived.n_components());
    const unsigned int   n_d = derived.n_components();

    for (const auto &cell :
         free_volume.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          xi_values.reinit(cell);
          xi_values.get_function_values(free_volume.get_solution(), xi);
          xi_values.get_function_values(free_volume.get_initial_solution(),
                                        xi_0);
          mechanics.get_stress_field().get(cell, stress.data());
          mechanics.get_flow_field().get(cell, flow.data());
          for (unsigned int q = 0; q < n_q; ++q)
            {
              SymmetricTensor<2, 3> sigma;
              for (unsigned int k = 0; k < 6; ++k)
                {
                  constexpr unsigned int row[6] = {0, 1, 2, 0, 0, 1};
                  constexpr unsigned int col[6] = {0, 1, 2, 1, 2, 2};
                  sigma[row[k]][col[k]]         = stress[q * 6 + k];
                }
              const SymmetricTensor<2, 3> s        = deviator(sigma);
              const double                sigma_vm = std::sqrt(1.5 * (s * s));
              const double                sigma_m  = trace(sigma) / 3;
              const auto   principal = eigenvalues(sigma); // descending
              const double spread    = principal[0] - principal[2];
              const double alpha     = material.friction_coefficient(xi[q]);
              const double tau_0     = material.flow_resistance(xi[q]);
              const double dH        = parameters.enthalpy_coefficient *
                                (xi[q] - parameters.relaxed_free_volume);
              double *v = &values[q * n_d];
              v[0]      = xi[q] - xi_0[q];
              v[1]      = alpha;
              v[2]      = 45 - std::atan(alpha) * 90 / M_PI;
              v[3]      = std::isfinite(tau_0) ? flow[q * 2 + 1] / tau_0 : 0;
              v[4]      = sigma_vm > 0 ? sigma_m / sigma_vm : 0;
              v[5] =
                spread > 0 ?
                  (2 * principal[1] - principal[0] - principal[2]) / spread :
                  0;
              v[6] = dH;
              v[7] = dH / parameters.molar_mass;
            }
          derived.set(cell, values.data());
        }
  }

  template <int dim>
  PlasticSummary
  summarize_plastic_state(const Mechanics<dim> &mechanics)
  {
    PlasticSummary      summary;
    const auto         *history    = mechanics.get_history_field();
    const auto         &flow       = mechanics.get_flow_field();
    const auto         &quadrature = mechanics.get_quadrature();
    const unsigned int  n_q        = quadrature.size();
    FEValues<dim>       fe_values(mechanics.get_mapping(),
                            mechanics.get_dof_handler().get_fe(),
                            quadrature,
                            update_JxW_values);
    std::vector<double> h(history ? n_q * history->n_components() : 0);
    std::vector<double> f(n_q * 2);
    double              integral = 0, volume = 0, max_gamma = 0, max_rate = 0;
    for (const auto &cell : mechanics.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          flow.get(cell, f.data());
          if (history)
            history->get(cell, h.data());
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const double gamma =
                history ?
                  h[q * history->n_components() + PlasticHistory::gamma_p] :
                  0.0;
              integral += gamma * fe_values.JxW(q);
              volume += fe_values.JxW(q);
              max_gamma = std::max(max_gamma, gamma);
              max_rate  = std::max(max_rate, f[2 * q]);
            }
        }
    const MPI_Comm comm = mechanics.get_dof_handler().get_communicator();
    summary.mean_plastic_shear_strain =
      Utilities::MPI::sum(integral, comm) / Utilities::MPI::sum(volume, comm);
    summary.max_plastic_shear_strain = Utilities::MPI::max(max_gamma, comm);
    summary.max_plastic_shear_rate   = Utilities::MPI::max(max_rate, comm);
    return summary;
  }

  template void
  compute_derived_fields(const Mechanics<2> &,
                         const FreeVolumeField<2> &,
                         const AnalysisParameters &,
                         QuadratureField<2> &);
  template void
  compute_derived_fields(const Mechanics<3> &,
                         const FreeVolumeField<3> &,
                         const AnalysisParameters &,
                         QuadratureField<3> &);
  template PlasticSummary
  summarize_plastic_state(const Mechanics<2> &);
  template PlasticSummary
  summarize_plastic_state(const Mechanics<3> &);
} // namespace Rejuv
