"""The matrix-free geometric multigrid (Linear solver/Solver = gmg), whole
program.

Independent expectations:
 - Hooke's law for the homogeneous state of frictionless compression (see
   frictionless_compression.py): platen force E A eps (3D, A the meshed
   N-gon) and E/(1-nu^2) W eps (2D plane strain), lateral strain -nu eps
   and -nu/(1-nu) eps, to 1e-8 relative; 2D Q1 (B-bar) and Q2 (pointwise
   volumetric strain), 3D cylinder Q1 (its coarser meshes pin the
   rigid-body motion at the vertices nearest the pins); 1 and 2 ranks.
 - the same discrete system as the assembled matrix: on a mesh with hanging
   nodes (refined around a free-volume seed before loading, so the mesh
   does not depend on the solver) with sticking platens, the force and the
   lateral strain agree with the sparse direct solver's to 1e-9 relative
   (2D Q1 and Q2, 3D Q1; 2 ranks);
 - multigrid convergence does not degrade with the mesh size: CG
   iterations to 1e-8 on 2D meshes of refinement 3 to 6 (64 times the
   DoFs) grow by at most 3;
 - a model without a constant tangent is refused with a message naming
   Linear solver/Solver and a non-zero exit, before the result folder
   exists.
"""
import math
import os
import shutil

import common

args = common.arguments()
prm = os.path.join(args.source_dir, "parameter_files", "elastic_compression_2d.prm")
check = common.Checker()
E, NU, H, W, R = 96e9, 0.36, 4e-3, 2e-3, 1e-3
tight = {"Linear solver/Solver": "gmg",
         "Linear solver/Relative tolerance": "1e-12",
         "Nonlinear solver/Relative tolerance": "1e-11",
         "Time stepping/Number of steps": "2",
         "Time stepping/End time": "100"}


def meshed_area(folder):
    """Area of the regular N-gon of the cylinder's rim vertices (step 0)."""
    n_rim = len(common.cylinder_rim_angles(folder, R))
    return 0.5 * n_rim * R * R * math.sin(2 * math.pi / n_rim)


# Hooke's law, frictionless
cases = [(2, d, ranks) for d in (1, 2) for ranks in (1, 2)] + [(3, 1, 1), (3, 1, 2)]
for dim, degree, ranks in cases:
    label = f"{dim}D Q{degree} np{ranks}"
    folder = os.path.join(args.work_dir, f"hooke_{dim}d_q{degree}_np{ranks}")
    overrides = dict(tight, **{"Output/Directory": folder,
                               "Finite element/Polynomial degree": str(degree),
                               "Geometry/Global refinements": "2"})
    if dim == 3:
        overrides.update({"Dimension": "3", "Geometry/Specimen": "cylinder",
                          "Geometry/Radius": str(R), "Geometry/Height": str(H),
                          "Geometry/Global refinements": "1"})
    common.run(args, prm, overrides, ranks=ranks)
    s = common.read_statistics(folder)
    if dim == 2:
        modulus, ratio, area = E / (1 - NU**2), NU / (1 - NU), W
    else:
        modulus, ratio, area = E, NU, meshed_area(folder)
    for i in range(1, len(s["step"])):
        eps = s["platen displacement"][i] / H
        check.close(f"{label} step {i}: platen force", s["platen force"][i],
                    modulus * area * eps, 1e-8)
        check.close(f"{label} step {i}: lateral strain", s["lateral strain"][i],
                    -ratio * eps, 1e-8)
    check.true(f"{label}: CG iterations reported ({s['linear iterations'][1]:.0f})",
               s["linear iterations"][1] > 0)

# The assembled system on a mesh with hanging nodes, sticking platens
adapted = {"Boundary conditions/Platen condition": "sticking",
           "Mesh refinement/Indicators": "free volume gradient",
           "Mesh refinement/Initial refinement cycles": "2",
           "Initial free volume/Perturbation amplitude": "0.01",
           "Initial free volume/Perturbation radius": "3e-4"}
for dim, degree in ((2, 1), (2, 2), (3, 1)):
    label = f"{dim}D Q{degree} adapted"
    extra = dict(adapted, **{"Finite element/Polynomial degree": str(degree)})
    if dim == 2:
        extra.update({"Geometry/Global refinements": "3",
                      "Mesh refinement/Maximum level": "5",
                      "Initial free volume/Perturbation center": "-5e-4, 1e-3"})
    else:
        extra.update({"Dimension": "3", "Geometry/Specimen": "cylinder",
                      "Geometry/Radius": str(R), "Geometry/Height": str(H),
                      "Geometry/Global refinements": "1",
                      "Mesh refinement/Maximum level": "3",
                      "Initial free volume/Perturbation center": "5e-4, 0, 1e-3"})
    runs = {}
    for solver in ("gmg", "direct"):
        folder = os.path.join(args.work_dir, f"adapted_{dim}d_q{degree}_{solver}")
        common.run(args, prm, dict(tight, **extra, **{"Linear solver/Solver": solver,
                                                      "Output/Directory": folder}),
                   ranks=2)
        runs[solver] = common.read_statistics(folder)
    g, d = runs["gmg"], runs["direct"]
    # uniform meshes have 8 (2D) or 96 (3D) coarse cells times 2^(dim L)
    level = 3 if dim == 2 else 1
    uniform = (8 if dim == 2 else 96) * 2**(dim * level)
    check.true(f"{label}: partly refined ({g['cells'][1]:.0f} cells, between "
               f"{uniform} and {uniform * 2**dim} of refinements {level} and "
               f"{level + 1}: hanging nodes), the same for both solvers",
               uniform < g["cells"][1] < uniform * 2**dim
               and g["cells"][1] == d["cells"][1])
    for i in range(1, len(g["step"])):
        check.close(f"{label} step {i}: force gmg vs direct", g["platen force"][i],
                    d["platen force"][i], 1e-9)
        check.close(f"{label} step {i}: lateral strain gmg vs direct",
                    g["lateral strain"][i], d["lateral strain"][i], 1e-9)

# Iterations independent of the mesh size
iterations = {}
for level in (3, 4, 5, 6):
    folder = os.path.join(args.work_dir, f"levels_{level}")
    common.run(args, prm, dict(tight, **{
        "Output/Directory": folder, "Output/Output every": "0",
        "Linear solver/Relative tolerance": "1e-8",
        "Boundary conditions/Platen condition": "sticking",
        "Time stepping/Number of steps": "1",
        "Geometry/Global refinements": str(level)}), ranks=2)
    iterations[level] = common.read_statistics(folder)["linear iterations"][1]
check.true(f"CG iterations by refinement {iterations}: grow by <= 3 from 3 to 6",
           max(iterations.values()) - iterations[3] <= 3)

# Refused before anything is written
folder = os.path.join(args.work_dir, "refused")
shutil.rmtree(folder, ignore_errors=True)
p = common.run(args, prm, dict(tight, **{"Material/Model": "free_volume",
                                         "Output/Directory": folder}),
               expect_success=False)
check.true("free_volume model with gmg: non-zero exit, 'Linear solver/Solver' in the "
           "message, no result folder",
           p.returncode != 0 and "Linear solver/Solver" in p.stdout + p.stderr
           and not os.path.exists(folder))

check.finish()
