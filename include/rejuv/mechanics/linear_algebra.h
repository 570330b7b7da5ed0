#ifndef REJUV_MECHANICS_LINEAR_ALGEBRA_H
#define REJUV_MECHANICS_LINEAR_ALGEBRA_H

#include <deal.II/lac/generic_linear_algebra.h>

namespace Rejuv
{
  /**
   * The one place that picks the global linear-algebra backend
   * (ARCHITECTURE.md decision 6): Trilinos by default, PETSc with the CMake
   * option REJUV_WITH_PETSC.
   */
  namespace LA
  {
#ifdef REJUV_WITH_PETSC
    using namespace dealii::LinearAlgebraPETSc;
#else
    using namespace dealii::LinearAlgebraTrilinos;
#endif
  } // namespace LA
} // namespace Rejuv

#endif
