#ifndef REJUV_MATERIAL_MATERIAL_MODEL_H
#define REJUV_MATERIAL_MATERIAL_MODEL_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/symmetric_tensor.h>

#include <rejuv/material/elasticity.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace Rejuv
{
  /**
   * What a material model reads at the quadrature points of one cell.
   * Tensors are 3D: a 2D plane-strain run embeds its strain with
   * eps_zz = eps_xz = eps_yz = 0, so that pressure, Mohr-Coulomb and every
   * other invariant see the out-of-plane stress.
   */
  struct MaterialInputs
  {
    explicit MaterialInputs(const unsigned int n_points  = 0,
                            const unsigned int n_history = 0);
    void
    resize(const unsigned int n_points, const unsigned int n_history);

    unsigned int
    n_points() const
    {
      return strain.size();
    }

    /// Total strain at the end of the step [-].
    std::vector<dealii::SymmetricTensor<2, 3>> strain;
    /// Free volume xi [-] (MODEL.md section 1).
    std::vector<double> free_volume;
    /// Committed history, n_history values per point, point-major.
    std::vector<double> committed_history;
    double              temperature = 300;
    double              time_step   = 0;
  };

  /**
   * What a material model returns: stress, consistent tangent d sigma/d eps,
   * trial history (committed only after the global step converged) and the
   * plastic shear rate.
   */
  struct MaterialOutputs
  {
    explicit MaterialOutputs(const unsigned int n_points  = 0,
                             const unsigned int n_history = 0);
    void
    resize(const unsigned int n_points, const unsigned int n_history);

    std::vector<dealii::SymmetricTensor<2, 3>> stress;
    std::vector<dealii::SymmetricTensor<4, 3>> tangent;
    std::vector<double>                        trial_history;
    std::vector<double>                        plastic_shear_rate;
  };

  /**
   * Interface of constitutive models (MODEL.md; ARCHITECTURE.md decision 3):
   * no FE objects, all points of a cell per call.
   */
  class MaterialModel
  {
  public:
    virtual ~MaterialModel() = default;

    /// Scalars of history per point (0 for elasticity).
    virtual unsigned int
    n_history_variables() const;

    /// True when stress is linear in strain with a constant tangent, so that
    /// the global matrix and its preconditioner can be reused across steps.
    virtual bool
    is_linear() const;

    virtual void
    evaluate(const MaterialInputs &in, MaterialOutputs &out) const = 0;
  };

  /**
   * Models by name: builds the Patterns::Selection of "Material/Model",
   * declares each model's own subsection and creates the chosen one
   * (ASPECT's PluginList, reduced to what we need).
   */
  namespace MaterialRegistry
  {
    using Factory =
      std::function<std::unique_ptr<MaterialModel>(const ElasticityParameters &,
                                                   dealii::ParameterHandler &)>;

    /// Called once per model from a static object in its .cc file.
    bool
    register_model(
      const std::string                                     &name,
      const std::string                                     &description,
      const std::function<void(dealii::ParameterHandler &)> &declare,
      const Factory                                         &create);

    /// Declares "Material/Model" and every model's subsection.
    void
    declare_parameters(dealii::ParameterHandler &prm);

    /// The model named in "Material/Model", its parameters parsed.
    std::unique_ptr<MaterialModel>
    create(const ElasticityParameters &elasticity,
           dealii::ParameterHandler   &prm);
  } // namespace MaterialRegistry
} // namespace Rejuv

#endif
