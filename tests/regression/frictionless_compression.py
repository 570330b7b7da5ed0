"""Frictionless uniaxial compression, linear elastic, whole program.

Independent expectation (Hooke's law for a homogeneous state):
 - 3D: axial stress sigma = E eps, lateral strain = -nu eps (signed axial
   strain eps), platen force F = E A eps with A the area of the meshed
   cross-section (Q1: straight edges between vertices on the circle). The
   output mesh is read to count the N rim vertices and to confirm they are
   equally spaced in angle; then A = N/2 R^2 sin(2 pi / N), the area of the
   regular N-gon, exact (the VTU coordinates are only single precision).
 - 2D plane strain: sigma = E/(1-nu^2) eps, lateral strain
   = -nu/(1-nu) eps, F = sigma W per unit thickness.
All to 1e-8 relative, on 1 and 2 MPI ranks, Q1 and Q2 (2D).
"""
import math
import os

import numpy as np

import common

E, NU = 96e9, 0.36
args = common.arguments()
prm = os.path.join(args.source_dir, "parameter_files", "elastic_compression_2d.prm")
check = common.Checker()


def tight(folder, extra):
    o = {"Linear solver/Relative tolerance": "1e-12",
         "Nonlinear solver/Relative tolerance": "1e-11",
         "Output/Directory": folder,
         "Time stepping/Number of steps": "3",
         "Time stepping/End time": "100"}
    o.update(extra)
    return o


def check_homogeneous(folder, modulus, lateral_ratio, area, label):
    s = common.read_statistics(folder)
    for i in range(1, len(s["step"])):
        eps_axial = s["platen displacement"][i] / H  # signed axial strain
        check.close(f"{label} step {i}: platen force",
                    s["platen force"][i], modulus * area * eps_axial, 1e-8)
        check.close(f"{label} step {i}: lateral strain",
                    s["lateral strain"][i], -lateral_ratio * eps_axial, 1e-8)


# 2D plane strain, Q1 and Q2, 1 and 2 ranks
H, W = 4e-3, 2e-3
for degree in (1, 2):
    for ranks in (1, 2):
        folder = os.path.join(args.work_dir, f"2d_q{degree}_np{ranks}")
        common.run(args, prm, tight(folder, {
            "Finite element/Polynomial degree": str(degree),
            "Geometry/Global refinements": "2"}), ranks=ranks)
        check_homogeneous(folder, E / (1 - NU**2), NU / (1 - NU), W,
                          f"2D Q{degree} np{ranks}")

# 3D cylinder, Q1, 1 and 2 ranks
H, R = 4e-3, 1e-3
for ranks in (1, 2):
    folder = os.path.join(args.work_dir, f"3d_cylinder_np{ranks}")
    common.run(args, prm, tight(folder, {
        "Dimension": "3", "Geometry/Specimen": "cylinder",
        "Geometry/Radius": str(R), "Geometry/Height": str(H),
        "Geometry/Global refinements": "1"}), ranks=ranks)
    # cross-section area from the output mesh of step 0 (undeformed)
    angles = common.cylinder_rim_angles(folder, R)
    spacing = np.diff(np.concatenate([angles, [angles[0] + 2 * math.pi]]))
    n_rim = len(angles)
    check.true(f"3D np{ranks}: {n_rim} rim vertices equally spaced",
               np.all(np.abs(spacing - 2 * math.pi / n_rim) < 1e-5))
    area = 0.5 * n_rim * R * R * math.sin(2 * math.pi / n_rim)
    check.true(f"3D np{ranks}: meshed area {area:.6e} within 5% of pi R^2",
               abs(area / (math.pi * R * R) - 1) < 0.05)
    check_homogeneous(folder, E, NU, area, f"3D cylinder np{ranks}")

check.finish()
