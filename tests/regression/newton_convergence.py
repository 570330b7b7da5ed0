"""Global Newton convergence with the consistent tangent, whole program.

Independent expectation (Newton's method with the exact Jacobian converges
quadratically near the solution): in 2D plane-strain compression of a
free-volume glass with sticking platens, strain-driven free volume and
Mohr-Coulomb pressure sensitivity (a non-symmetric tangent), past yield,
the logged residuals r_k of each solve show the order
p = ln(r_{k+1}/r_k)/ln(r_k/r_{k-1}) >= 1.7 (median over all solves with
three residuals above the round-off floor). A wrong tangent gives p ~ 1.
"""
import math
import os
import re
import statistics

import common

args = common.arguments()
check = common.Checker()
prm = os.path.join(args.work_dir, "newton.prm")
with open(prm, "w") as f:
    f.write("""set Dimension = 2
subsection Geometry
  set Specimen = rectangle
  set Width = 2e-3
  set Height = 4e-3
  set Global refinements = 2
end
subsection Material
  set Model = free_volume
end
subsection Initial free volume
  set Perturbation amplitude = 0.003
  set Perturbation radius = 3e-4
  set Perturbation center = -1e-3, 2e-3
end
subsection Boundary conditions
  set Platen condition = sticking
  set Strain rate = 1e-4
end
subsection Time stepping
  set End time = 300
  set Number of steps = 12
end
subsection Free volume
  # every pass to the tolerance: long residual sequences to measure
  set Staggered pass reduction = 0
end
subsection Nonlinear solver
  set Verbose = true
  set Relative tolerance = 1e-12
  set Predictor = none
end
subsection Linear solver
  set Solver = direct
end
subsection Output
  set Output every = 0
end
""")
folder = os.path.join(args.work_dir, "out")
proc = common.run(args, prm, {"Output/Directory": folder})

orders, sequence = [], []


def close_sequence():
    # only the part above the round-off floor (1e-9 of the first residual)
    r = [x for x in sequence if x > 1e-9 * sequence[0]] if sequence else []
    for k in range(1, len(r) - 1):
        if r[k] < r[k - 1] and r[k + 1] < r[k]:
            orders.append(math.log(r[k + 1] / r[k]) / math.log(r[k] / r[k - 1]))


# A solve's residuals are numbered from 0 when it starts from an iterate
# (extrapolated start, later staggered pass) and from 1 after a lifting
# solve; any number not one above the last starts a new solve.
last = None
for line in proc.stdout.splitlines():
    m = re.match(r"\s*Newton (\d+): \|R\| = (\S+)", line)
    if m:
        k = int(m.group(1))
        if sequence and (last is None or k != last + 1):
            close_sequence()
            sequence = []
        sequence.append(float(m.group(2)))
        last = k
    elif line.startswith("Step") or "did not converge" in line:
        last = None
close_sequence()
s = common.read_statistics(folder)
check.true("the run flows plastically (max plastic shear strain "
           f"{max(s['max plastic shear strain']):.2e} > 1e-3)",
           max(s["max plastic shear strain"]) > 1e-3)
check.true(f"{len(orders)} solves with measurable convergence order",
           len(orders) >= 3)
if orders:
    median = statistics.median(orders)
    print("orders:", " ".join(f"{p:.2f}" for p in orders))
    check.true(f"median convergence order {median:.2f} >= 1.7", median >= 1.7)
check.finish()
