#ifndef REJUV_MECHANICS_COMPRESSION_LOADING_H
#define REJUV_MECHANICS_COMPRESSION_LOADING_H

#include <deal.II/base/parameter_handler.h>

#include <rejuv/mechanics/mechanics.h>

#include <string>
#include <vector>

namespace Rejuv
{
  /**
   * Subsection "Boundary conditions": displacement-controlled uniaxial
   * loading between two rigid platens normal to the last coordinate.
   */
  struct LoadingParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    /// frictionless | sticking
    std::string platen_condition;
    /// compression | tension
    std::string loading;
    /// Engineering strain rate, magnitude [1/s].
    double strain_rate;

    /// Top-platen displacement along the axis at time @p t [m].
    double
    platen_displacement(const double t, const double height) const;
  };

  /**
   * The Dirichlet increments and rigid-body pins for a platen displacement
   * increment @p delta over one step. Frictionless platens leave the
   * lateral motion free except at a vertex on the bottom axis (and, in 3D,
   * one more bottom vertex against rotation about the axis); sticking platens
   * hold every component.
   */
  template <int dim>
  void
  make_platen_conditions(const LoadingParameters               &parameters,
                         const double                           delta,
                         const std::vector<dealii::Point<dim>> &pins,
                         std::vector<DirichletCondition<dim>>  &dirichlet,
                         std::vector<PointConstraint<dim>>     &points);

  /**
   * Bottom-platen vertices that pin the lateral rigid-body motion under
   * frictionless platens: the one on the axis (x = 0 [, y = 0]) and, in 3D,
   * the one with x = 0 and the largest y. The same on every process. Throws
   * InputError if the mesh has no vertex on the axis.
   */
  template <int dim>
  std::vector<dealii::Point<dim>>
  find_rigid_body_pins(const dealii::Triangulation<dim> &triangulation);
} // namespace Rejuv

#endif
