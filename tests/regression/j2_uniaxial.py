"""J2 plasticity (von_mises) in homogeneous uniaxial compression, whole program.

Independent expectation (closed form for uniaxial stress with linear
isotropic hardening h): the axial stress is sigma = E eps up to the yield
stress sigma_y, then sigma = (sigma_y + h eps)/(1 + h/E) (from sigma =
sigma_y + h eps_p and eps = sigma/E + eps_p); the lateral strain is
-nu sigma/E - eps_p/2 (isochoric plastic flow). Both to 1e-8 relative at
every step, on 1 and 2 MPI ranks, with and without hardening; the
stress-strain plateau of perfect plasticity sits at sigma_y.
"""
import os

import common

E, NU, SIGMA_Y = 96e9, 0.36, 1.85e9
args = common.arguments()
check = common.Checker()
prm = os.path.join(args.work_dir, "j2.prm")
with open(prm, "w") as f:
    f.write("""set Dimension = 3
subsection Geometry
  set Specimen = rectangle
  set Width = 1e-3
  set Height = 2e-3
  set Global refinements = 0
end
subsection Material
  set Model = von_mises
end
subsection Boundary conditions
  set Platen condition = frictionless
  set Strain rate = 1e-4
end
subsection Time stepping
  set End time = 400
  set Number of steps = 16
end
subsection Linear solver
  set Relative tolerance = 1e-12
end
subsection Nonlinear solver
  set Relative tolerance = 1e-12
end
subsection Output
  set Output every = 0
end
""")

for h, ranks in [(0.0, 1), (5e9, 1), (5e9, 2)]:
    folder = os.path.join(args.work_dir, f"h{h:g}_np{ranks}")
    common.run(args, prm, {"Material/Von Mises/Hardening modulus": str(h),
                           "Output/Directory": folder}, ranks=ranks)
    s = common.read_statistics(folder)
    label = f"h = {h:g} Pa, {ranks} rank(s)"
    plastic_steps = 0
    for eps, sigma, lateral in zip(s["engineering strain"][1:],
                                   s["engineering stress"][1:],
                                   s["lateral strain"][1:]):
        expected = min(E * eps, (SIGMA_Y + h * eps) / (1 + h / E))
        eps_p = eps - expected / E
        plastic_steps += eps_p > 0
        check.close(f"{label}: stress at strain {eps:.4f}", sigma, expected, 1e-8)
        check.close(f"{label}: lateral strain at strain {eps:.4f}", lateral,
                    NU * expected / E + eps_p / 2, 1e-8)
    check.true(f"{label}: the run reaches the plastic range ({plastic_steps} "
               "plastic steps)", plastic_steps >= 8)
check.finish()
