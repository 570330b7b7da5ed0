#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/diagonal_matrix.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/precondition.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>
#include <deal.II/matrix_free/operators.h>
#include <deal.II/matrix_free/tools.h>
#include <deal.II/multigrid/mg_coarse.h>
#include <deal.II/multigrid/mg_matrix.h>
#include <deal.II/multigrid/mg_smoother.h>
#include <deal.II/multigrid/mg_transfer_global_coarsening.h>
#include <deal.II/multigrid/multigrid.h>

#include <rejuv/mechanics/multigrid_solver.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

namespace Rejuv
{
  using namespace dealii;

  namespace
  {
    using VectorType = LinearAlgebra::distributed::Vector<double>;

    /**
     * The displacement operator of Mechanics::assemble without its matrix:
     * the sum over the quadrature points of B(v) : C : B(u) JxW, with the
     * cell-mean (B-bar) volumetric strain or the pointwise one, for an
     * isotropic C (plane strain in 2D: the 3D trace is the in-plane one).
     */
    template <int dim, int degree>
    class ElasticOperator : public MatrixFreeOperators::Base<dim, VectorType>
    {
    public:
      using Evaluation = FEEvaluation<dim, degree, degree + 1, dim, double>;
      using VA         = VectorizedArray<double>;

      /// C must be isotropic: C = lambda I x I + 2 mu I_sym.
      void
      set_material(const SymmetricTensor<4, 3> &C, const bool cell_mean_)
      {
        lambda    = C[0][0][1][1];
        mu        = C[0][1][0][1];
        cell_mean = cell_mean_;
        const SymmetricTensor<4, 3> isotropic =
          lambda * outer_product(unit_symmetric_tensor<3>(),
                                 unit_symmetric_tensor<3>()) +
          2 * mu * identity_tensor<3>();
        AssertThrow((C - isotropic).norm() <= 1e-12 * C.norm(),
                    ExcMessage("The geometric multigrid's operator needs an "
                               "isotropic elastic tangent."));
      }

      void
      compute_diagonal() override
      {
        this->inverse_diagonal_entries =
          std::make_shared<DiagonalMatrix<VectorType>>();
        VectorType &d = this->inverse_diagonal_entries->get_vector();
        this->data->initialize_dof_vector(d);
        MatrixFreeTools::compute_diagonal(*this->data,
                                          d,
                                          &ElasticOperator::cell_operation,
                                          this);
        this->set_constrained_entries_to_one(d);
        for (unsigned int i = 0; i < d.locally_owned_size(); ++i)
          d.local_element(i) =
            d.local_element(i) > 0 ? 1. / d.local_element(i) : 1.;
      }

      /**
       * The same diagonal in closed form, for meshes without hanging nodes
       * (whose condensed diagonal compute_diagonal() alone gets right):
       * for the shape function phi e_c with gradient g at a point,
       * B : C : B = lambda g_c^2 + mu (|g|^2 + g_c^2); with B-bar,
       * lambda tbar^2 + 2 mu (e:e + 2 (tbar - g_c) g_c / 3 + (tbar - g_c)^2
       * / 3), e:e = (|g|^2 + g_c^2) / 2, tbar the cell mean of g_c. One
       * FEValues pass instead of one cell evaluation per DoF.
       */
      void
      compute_diagonal_without_hanging_nodes(const Mapping<dim> &mapping)
      {
        this->inverse_diagonal_entries =
          std::make_shared<DiagonalMatrix<VectorType>>();
        VectorType &d = this->inverse_diagonal_entries->get_vector();
        this->data->initialize_dof_vector(d);
        const DoFHandler<dim>    &dof_handler = this->data->get_dof_handler();
        const FiniteElement<dim> &fe          = dof_handler.get_fe();
        FEValues<dim>             fe_values(mapping,
                                fe,
                                QGauss<dim>(degree + 1),
                                update_gradients | update_JxW_values);
        const unsigned int        n = fe.n_dofs_per_cell();
        std::vector<types::global_dof_index> indices(n);
        std::vector<double>                  mean(n), diagonal(n);
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              fe_values.reinit(cell);
              cell->get_dof_indices(indices);
              double volume = 0;
              std::fill(mean.begin(), mean.end(), 0.);
              std::fill(diagonal.begin(), diagonal.end(), 0.);
              if (cell_mean)
                for (const unsigned int q :
                     fe_values.quadrature_point_indices())
                  {
                    volume += fe_values.JxW(q);
                    for (unsigned int i = 0; i < n; ++i)
                      {
                        const unsigned int c =
                          fe.system_to_component_index(i).first;
                        mean[i] += fe_values.shape_grad_component(i, q, c)[c] *
                                   fe_values.JxW(q);
                      }
                  }
              for (unsigned int i = 0; i < n; ++i)
                {
                  const unsigned int c = fe.system_to_component_index(i).first;
                  const double       tbar = cell_mean ? mean[i] / volume : 0;
                  for (const unsigned int q :
                       fe_values.quadrature_point_indices())
                    {
                      const Tensor<1, dim> g =
                        fe_values.shape_grad_component(i, q, c);
                      const double ee = 0.5 * (g * g + g[c] * g[c]);
                      const double t  = tbar - g[c];
                      diagonal[i] +=
                        fe_values.JxW(q) *
                        (cell_mean ?
                           lambda * tbar * tbar +
                             2 * mu * (ee + 2 * t * g[c] / 3 + t * t / 3) :
                           lambda * g[c] * g[c] + 2 * mu * ee);
                    }
                  d(indices[i]) += diagonal[i];
                }
            }
        d.compress(VectorOperation::add);
        this->set_constrained_entries_to_one(d);
#ifdef DEBUG
        // The Debug build checks the closed form against deal.II's
        // cell-by-cell diagonal (the suite runs it on 2D and 3D, Q1 and Q2,
        // B-bar and pointwise, in regression.multigrid_solver).
        VectorType exact;
        this->data->initialize_dof_vector(exact);
        MatrixFreeTools::compute_diagonal(*this->data,
                                          exact,
                                          &ElasticOperator::cell_operation,
                                          this);
        this->set_constrained_entries_to_one(exact);
        exact -= d;
        AssertThrow(exact.linfty_norm() <= 1e-10 * d.linfty_norm(),
                    ExcMessage("closed-form multigrid diagonal differs from "
                               "MatrixFreeTools::compute_diagonal"));
#endif
        for (unsigned int i = 0; i < d.locally_owned_size(); ++i)
          d.local_element(i) =
            d.local_element(i) > 0 ? 1. / d.local_element(i) : 1.;
      }

      void
      cell_operation(Evaluation &phi) const
      {
        phi.evaluate(EvaluationFlags::gradients);
        isotropic_stress(phi);
        phi.integrate(EvaluationFlags::gradients);
      }

    private:
      /**
       * stress = lambda tr(e) I + 2 mu e. With B-bar, tr(e-bar) is the cell
       * mean of tr(e), so the mean stress is the same at every point and
       * the test side needs no projection: stress = lambda mean_tr I + 2 mu
       * (e + (mean_tr - tr e) / 3 I).
       */
      void
      isotropic_stress(Evaluation &phi) const
      {
        constexpr unsigned int n_q        = Evaluation::static_n_q_points;
        VA                     mean_trace = 0.;
        if (cell_mean)
          {
            VA volume = 0.;
            for (unsigned int q = 0; q < n_q; ++q)
              {
                volume += phi.JxW(q);
                mean_trace += phi.get_divergence(q) * phi.JxW(q);
              }
            mean_trace /=
              std::max(volume, VA(std::numeric_limits<double>::min()));
          }
        for (unsigned int q = 0; q < n_q; ++q)
          {
            SymmetricTensor<2, dim, VA> s  = phi.get_symmetric_gradient(q);
            const VA                    tr = trace(s);
            const VA                    diagonal =
              cell_mean ?
                                   lambda * mean_trace + (2. / 3.) * mu * (mean_trace - tr) :
                                   lambda * tr;
            s *= 2. * mu;
            for (unsigned int i = 0; i < dim; ++i)
              s[i][i] += diagonal;
            phi.submit_symmetric_gradient(s, q);
          }
      }

      void
      apply_add(VectorType &dst, const VectorType &src) const override
      {
        this->data->cell_loop(&ElasticOperator::local_apply, this, dst, src);
      }

      void
      local_apply(const MatrixFree<dim, double>               &data,
                  VectorType                                  &dst,
                  const VectorType                            &src,
                  const std::pair<unsigned int, unsigned int> &cells) const
      {
        Evaluation phi(data);
        for (unsigned int cell = cells.first; cell < cells.second; ++cell)
          {
            phi.reinit(cell);
            phi.read_dof_values(src);
            cell_operation(phi);
            phi.distribute_local_to_global(dst);
          }
      }

      double lambda = 0, mu = 0;
      bool   cell_mean = false;
    };

    /// The levels of one mesh and polynomial degree, and the V-cycle on them.
    template <int dim>
    class HierarchyBase
    {
    public:
      virtual ~HierarchyBase() = default;
      virtual void
      solve(VectorType &x, const VectorType &b, SolverControl &control) = 0;
      virtual void
      initialize_dof_vector(VectorType &v) const = 0;
    };

    template <int dim, int degree>
    class Hierarchy : public HierarchyBase<dim>
    {
    public:
      using Operator = ElasticOperator<dim, degree>;
      using Transfer = MGTransferGlobalCoarsening<dim, VectorType>;
      using Smoother = PreconditionChebyshev<Operator, VectorType>;

      Hierarchy(const Mapping<dim>              &mapping,
                const DoFHandler<dim>           &dof_handler,
                const AffineConstraints<double> &constraints,
                const typename MultigridSolver<dim>::LevelConstraints &make,
                const typename MultigridSolver<dim>::CoarseMesh &coarse_mesh,
                const SymmetricTensor<4, 3>                     &tangent,
                const bool                                       cell_mean)
      {
        const Triangulation<dim> &fine       = dof_handler.get_triangulation();
        const unsigned int        fine_level = fine.n_global_levels() - 1;
        const bool                uniform =
          fine.n_global_active_cells() ==
          fine.n_global_coarse_cells() *
            Utilities::pow(GeometryInfo<dim>::max_children_per_cell,
                           fine_level);
        if (coarse_mesh && uniform)
          {
            for (unsigned int l = 0; l < fine_level; ++l)
              {
                auto t =
                  std::make_shared<parallel::distributed::Triangulation<dim>>(
                    fine.get_communicator(),
                    fine.get_mesh_smoothing());
                coarse_mesh(*t);
                t->refine_global(l);
                triangulations.push_back(t);
              }
            triangulations.emplace_back(&fine, [](const auto *) {});
          }
        else
          triangulations = MGTransferGlobalCoarseningTools::
            create_geometric_coarsening_sequence(fine);
        const unsigned int max = triangulations.size() - 1;
        level_dofs.resize(0, max);
        level_constraints.resize(0, max);
        operators.resize(0, max);
        transfers.resize(0, max);

        typename MatrixFree<dim, double>::AdditionalData data;
        data.tasks_parallel_scheme =
          MatrixFree<dim, double>::AdditionalData::none;
        data.mapping_update_flags = update_gradients | update_JxW_values;
        const QGauss<1> quadrature(degree + 1);

        std::vector<const DoFHandler<dim> *>           dofs(max + 1);
        std::vector<const AffineConstraints<double> *> cons(max + 1);
        for (unsigned int l = 0; l <= max; ++l)
          {
            if (l == max)
              {
                dofs[l] = &dof_handler;
                cons[l] = &constraints;
              }
            else
              {
                level_dofs[l] =
                  std::make_unique<DoFHandler<dim>>(*triangulations[l]);
                level_dofs[l]->distribute_dofs(dof_handler.get_fe());
                make(*level_dofs[l], level_constraints[l]);
                dofs[l] = level_dofs[l].get();
                cons[l] = &level_constraints[l];
              }
            auto matrix_free = std::make_shared<MatrixFree<dim, double>>();
            matrix_free->reinit(mapping, *dofs[l], *cons[l], quadrature, data);
            operators[l].initialize(matrix_free);
            operators[l].set_material(tangent, cell_mean);
            if (coarse_mesh && uniform)
              operators[l].compute_diagonal_without_hanging_nodes(mapping);
            else
              operators[l].compute_diagonal();
          }
        for (unsigned int l = 1; l <= max; ++l)
          transfers[l].reinit_geometric_transfer(*dofs[l],
                                                 *dofs[l - 1],
                                                 *cons[l],
                                                 *cons[l - 1]);
        transfer =
          std::make_unique<Transfer>(transfers,
                                     [this](const unsigned int l,
                                            VectorType        &v) {
                                       operators[l].initialize_dof_vector(v);
                                     });

        // Chebyshev of degree 3 before and after the coarse-grid
        // correction, over [lambda_max / 20, 1.2 lambda_max] of the
        // Jacobi-preconditioned operator (lambda_max from 10 CG
        // iterations). Degrees 2, 3 and 4 need 13, 9 and 7 CG iterations
        // on the 1.2e6-DoF benchmark; 3 solves fastest
        // (doc/performance.md).
        MGLevelObject<typename Smoother::AdditionalData> smoother_data(0, max);
        for (unsigned int l = 0; l <= max; ++l)
          {
            smoother_data[l].preconditioner =
              operators[l].get_matrix_diagonal_inverse();
            smoother_data[l].smoothing_range     = 20.;
            smoother_data[l].degree              = 3;
            smoother_data[l].eig_cg_n_iterations = 10;
          }
        smoother.initialize(operators, smoother_data);

        // The coarse mesh: CG with point Jacobi to four digits.
        coarse_control =
          std::make_unique<ReductionControl>(2000,
                                             std::numeric_limits<double>::min(),
                                             1e-4,
                                             false,
                                             false);
        coarse_cg = std::make_unique<SolverCG<VectorType>>(*coarse_control);
        coarse    = std::make_unique<
          MGCoarseGridIterativeSolver<VectorType,
                                      SolverCG<VectorType>,
                                      Operator,
                                      DiagonalMatrix<VectorType>>>(
          *coarse_cg,
          operators[0],
          *operators[0].get_matrix_diagonal_inverse());

        mg_matrix = std::make_unique<mg::Matrix<VectorType>>(operators);
        multigrid = std::make_unique<Multigrid<VectorType>>(*mg_matrix,
                                                            *coarse,
                                                            *transfer,
                                                            smoother,
                                                            smoother);
        preconditioner =
          std::make_unique<PreconditionMG<dim, VectorType, Transfer>>(
            dof_handler,
            *multigrid,
            *transfer);
      }

      void
      solve(VectorType &x, const VectorType &b, SolverControl &control) override
      {
        SolverCG<VectorType> cg(control);
        cg.solve(operators[operators.max_level()], x, b, *preconditioner);
      }

      void
      initialize_dof_vector(VectorType &v) const override
      {
        operators[operators.max_level()].initialize_dof_vector(v);
      }


    private:
      // Declared in the order of construction: each refers to those above.
      std::vector<std::shared_ptr<const Triangulation<dim>>> triangulations;
      MGLevelObject<std::unique_ptr<DoFHandler<dim>>>        level_dofs;
      MGLevelObject<AffineConstraints<double>>               level_constraints;
      MGLevelObject<Operator>                                operators;
      MGLevelObject<MGTwoLevelTransfer<dim, VectorType>>     transfers;
      std::unique_ptr<Transfer>                              transfer;
      mg::SmootherRelaxation<Smoother, VectorType>           smoother;
      std::unique_ptr<ReductionControl>                      coarse_control;
      std::unique_ptr<SolverCG<VectorType>>                  coarse_cg;
      std::unique_ptr<MGCoarseGridBase<VectorType>>          coarse;
      std::unique_ptr<mg::Matrix<VectorType>>                mg_matrix;
      std::unique_ptr<Multigrid<VectorType>>                 multigrid;
      std::unique_ptr<PreconditionMG<dim, VectorType, Transfer>> preconditioner;
    };

    /// Owned entries of a global vector to one with the same partition.
    void
    copy_owned(const LA::MPI::Vector &src, VectorType &dst)
    {
#ifdef REJUV_WITH_PETSC
      // owned entries are contiguous (checked in initialize())
      const IndexSet owned = src.locally_owned_elements();
      if (owned.n_elements() > 0)
        {
          const types::global_dof_index first = *owned.begin();
          for (unsigned int k = 0; k < dst.locally_owned_size(); ++k)
            dst.local_element(k) = src(first + k);
        }
#else
      const double *values = src.trilinos_vector()[0];
      for (unsigned int k = 0; k < dst.locally_owned_size(); ++k)
        dst.local_element(k) = values[k];
#endif
    }

    void
    copy_owned(const VectorType &src, LA::MPI::Vector &dst)
    {
#ifdef REJUV_WITH_PETSC
      const IndexSet                       owned = dst.locally_owned_elements();
      std::vector<types::global_dof_index> indices(owned.begin(), owned.end());
      std::vector<double>                  values(indices.size());
      for (unsigned int k = 0; k < values.size(); ++k)
        values[k] = src.local_element(k);
      dst.set(indices, values);
      dst.compress(VectorOperation::insert);
#else
      double *values = dst.trilinos_vector()[0];
      for (unsigned int k = 0; k < src.locally_owned_size(); ++k)
        values[k] = src.local_element(k);
#endif
    }
  } // namespace

  template <int dim>
  struct MultigridSolver<dim>::Implementation
  {
    std::unique_ptr<HierarchyBase<dim>> hierarchy;
  };

  template <int dim>
  MultigridSolver<dim>::MultigridSolver(
    const LinearSolverParameters &parameters)
    : parameters(parameters)
    , implementation(std::make_unique<Implementation>())
  {}

  template <int dim>
  MultigridSolver<dim>::~MultigridSolver() = default;

  template <int dim>
  void
  MultigridSolver<dim>::initialize(const Mapping<dim>              &mapping,
                                   const DoFHandler<dim>           &dof_handler,
                                   const AffineConstraints<double> &constraints,
                                   const LevelConstraints &level_constraints,
                                   const CoarseMesh       &coarse_mesh,
                                   const SymmetricTensor<4, 3> &tangent,
                                   const bool cell_mean_volumetric)
  {
    implementation->hierarchy.reset();
    const auto &owned = dof_handler.locally_owned_dofs();
    AssertThrow(owned.is_contiguous() || owned.n_elements() == 0,
                ExcMessage("The geometric multigrid needs each process's "
                           "DoFs numbered contiguously."));
    const auto build = [&](auto degree) {
      implementation->hierarchy =
        std::make_unique<Hierarchy<dim, decltype(degree)::value>>(
          mapping,
          dof_handler,
          constraints,
          level_constraints,
          coarse_mesh,
          tangent,
          cell_mean_volumetric);
    };
    // Finite element/Polynomial degree allows 1 and 2 only.
    AssertThrow(dof_handler.get_fe().degree <= 2, ExcNotImplemented());
    if (dof_handler.get_fe().degree == 1)
      build(std::integral_constant<int, 1>());
    else
      build(std::integral_constant<int, 2>());
  }

  template <int dim>
  unsigned int
  MultigridSolver<dim>::solve(LA::MPI::Vector       &solution,
                              const LA::MPI::Vector &rhs,
                              const double           absolute_tolerance)
  {
    AssertThrow(is_initialized(),
                ExcMessage("MultigridSolver::solve() before initialize()"));
    VectorType x, b;
    implementation->hierarchy->initialize_dof_vector(x);
    implementation->hierarchy->initialize_dof_vector(b);
    copy_owned(rhs, b);
    copy_owned(solution, x);
    SolverControl control(parameters.max_iterations,
                          std::max(parameters.relative_tolerance * b.l2_norm(),
                                   absolute_tolerance));
    try
      {
        implementation->hierarchy->solve(x, b, control);
      }
    catch (const SolverControl::NoConvergence &e)
      {
        throw LinearSolverFailure(
          "geometric multigrid CG did not converge: residual " +
          std::to_string(e.last_residual) + " after " +
          std::to_string(e.last_step) + " iterations (tolerance " +
          std::to_string(control.tolerance()) + ")");
      }
    copy_owned(x, solution);
    return control.last_step();
  }

  template <int dim>
  bool
  MultigridSolver<dim>::is_initialized() const
  {
    return implementation->hierarchy != nullptr;
  }

  template <int dim>
  void
  MultigridSolver<dim>::invalidate()
  {
    implementation->hierarchy.reset();
  }


  template class MultigridSolver<2>;
  template class MultigridSolver<3>;
} // namespace Rejuv
