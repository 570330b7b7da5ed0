#include <rejuv/base/input_error.h>
#include <rejuv/material/material_model.h>

#include <limits>
#include <map>

namespace Rejuv
{
  using namespace dealii;

  MaterialInputs::MaterialInputs(const unsigned int n_points,
                                 const unsigned int n_history)
  {
    resize(n_points, n_history);
  }

  void
  MaterialInputs::resize(const unsigned int n_points,
                         const unsigned int n_history)
  {
    strain.resize(n_points);
    free_volume.resize(n_points);
    plastic_shear_rate_guess.assign(n_points, 0.0);
    committed_history.resize(n_points * n_history);
  }

  MaterialOutputs::MaterialOutputs(const unsigned int n_points,
                                   const unsigned int n_history)
  {
    resize(n_points, n_history);
  }

  void
  MaterialOutputs::resize(const unsigned int n_points,
                          const unsigned int n_history)
  {
    stress.resize(n_points);
    tangent.resize(n_points);
    trial_history.resize(n_points * n_history);
    plastic_shear_rate.resize(n_points);
    effective_shear_stress.resize(n_points);
  }

  unsigned int
  MaterialModel::n_history_variables() const
  {
    return 0;
  }

  bool
  MaterialModel::is_linear() const
  {
    return false;
  }

  std::vector<std::string>
  MaterialModel::history_names() const
  {
    return {};
  }

  void
  MaterialModel::enforce_history_bounds(double *) const
  {}

  bool
  MaterialModel::has_symmetric_tangent() const
  {
    return true;
  }

  bool
  MaterialModel::evolves_free_volume() const
  {
    return false;
  }

  double
  MaterialModel::free_volume_source(const double,
                                    const double,
                                    const double,
                                    double &d_source_d_xi) const
  {
    d_source_d_xi = 0;
    return 0;
  }

  double
  MaterialModel::friction_coefficient(const double) const
  {
    return 0;
  }

  double
  MaterialModel::flow_resistance(const double) const
  {
    return std::numeric_limits<double>::infinity();
  }

  namespace MaterialRegistry
  {
    namespace
    {
      struct Entry
      {
        std::string                                     description;
        std::function<void(dealii::ParameterHandler &)> declare;
        Factory                                         create;
      };

      // Function-local static: registration from other translation units'
      // static objects must not depend on initialisation order.
      std::map<std::string, Entry> &
      entries()
      {
        static std::map<std::string, Entry> map;
        return map;
      }
    } // namespace

    bool
    register_model(const std::string                             &name,
                   const std::string                             &description,
                   const std::function<void(ParameterHandler &)> &declare,
                   const Factory                                 &create)
    {
      entries()[name] = Entry{description, declare, create};
      return true;
    }

    void
    declare_parameters(ParameterHandler &prm)
    {
      std::string names,
        documentation = "Constitutive model. Available models:";
      for (const auto &[name, entry] : entries())
        {
          names += (names.empty() ? "" : "|") + name;
          documentation += "\n  " + name + ": " + entry.description;
        }
      prm.enter_subsection("Material");
      prm.declare_entry("Model",
                        "linear_elastic",
                        Patterns::Selection(names),
                        documentation);
      for (const auto &[name, entry] : entries())
        if (entry.declare)
          entry.declare(prm);
      prm.leave_subsection();
    }

    std::unique_ptr<MaterialModel>
    create(const ElasticityParameters &elasticity, ParameterHandler &prm)
    {
      prm.enter_subsection("Material");
      const std::string name = prm.get("Model");
      const auto        it   = entries().find(name);
      if (it == entries().end())
        {
          prm.leave_subsection();
          throw InputError("Material/Model: unknown model '" + name + "'");
        }
      auto model = it->second.create(elasticity, prm);
      prm.leave_subsection();
      return model;
    }
  } // namespace MaterialRegistry
} // namespace Rejuv
