#ifndef REJUV_MATERIAL_MATERIAL_MODEL_H
#define REJUV_MATERIAL_MATERIAL_MODEL_H

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/symmetric_tensor.h>

#include <rejuv/material/elasticity.h>

#include <functional>
#include <memory>
#include <stdexcept>
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
    /// Length of the step [s]; 0 evaluates the elastic response only.
    double time_step = 0;
    /**
     * Plastic shear rate gamma_dot of the last evaluation at each point
     * [1/s] (0: none known). Models with an iterative local update start
     * from it; it changes the number of local iterations, not the result.
     */
    std::vector<double> plastic_shear_rate_guess;
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
    /// gamma_dot of MODEL.md section 4 [1/s]
    std::vector<double> plastic_shear_rate;
    /// tau_eff of MODEL.md section 3 at the end of the step [Pa]
    std::vector<double> effective_shear_stress;
  };

  /**
   * A local update that has no admissible solution (free volume not
   * positive, stress at the apex of the yield surface); the global step is
   * cut.
   */
  class MaterialUpdateFailure : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
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

    /// Output names of the history variables, n_history_variables() of them.
    virtual std::vector<std::string>
    history_names() const;

    /**
     * Put the history of one point back into its admissible set after it
     * was interpolated to a new mesh (e.g. gamma_p >= 0); the default does
     * nothing.
     */
    virtual void
    enforce_history_bounds(double *history) const;

    /// Whether the consistent tangent has the major symmetry (CG applies).
    virtual bool
    has_symmetric_tangent() const;

    /**
     * Whether the model drives the free-volume field (MODEL.md section 5);
     * if so, free_volume_source() is its local source term.
     */
    virtual bool
    evolves_free_volume() const;

    /**
     * Source S of dxi/dt = div(D grad xi) + S at free volume @p xi,
     * effective shear stress @p tau_eff and plastic shear rate
     * @p plastic_rate [1/s], and dS/dxi at fixed stress and rate.
     */
    virtual double
    free_volume_source(const double xi,
                       const double tau_eff,
                       const double plastic_rate,
                       double      &d_source_d_xi) const;

    /// Friction coefficient alpha(xi) of MODEL.md section 3 (0 if none).
    virtual double
    friction_coefficient(const double xi) const;

    /**
     * tau_0: the effective shear stress at which the material flows at its
     * reference rate with free volume @p xi [Pa], the denominator of the
     * Mohr-Coulomb utilisation tau_eff/tau_0 (infinite for elasticity).
     */
    virtual double
    flow_resistance(const double xi) const;

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
