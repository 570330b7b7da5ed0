"""Sticking platens, linear elastic, whole program.

Independent expectations:
 - sticking platens restrain the lateral expansion at the specimen ends, so
   the compressive force exceeds the frictionless one, which equals the
   Hooke's-law value E A eps (3D) / E/(1-nu^2) W eps (2D) at every step
   (a lower bound that holds for any Poisson's ratio > 0);
 - the result does not depend on the partition: 1 and 2 MPI ranks agree to
   1e-8 relative in force and lateral strain.
"""
import os

import common

args = common.arguments()
prm = os.path.join(args.source_dir, "parameter_files", "elastic_compression_2d.prm")
check = common.Checker()
E, NU, H, W = 96e9, 0.36, 4e-3, 2e-3

for dim in (2, 3):
    base = {"Dimension": str(dim), "Geometry/Global refinements": "2" if dim == 2 else "1",
            "Linear solver/Relative tolerance": "1e-12",
            "Nonlinear solver/Relative tolerance": "1e-11",
            "Time stepping/Number of steps": "2", "Time stepping/End time": "100",
            "Boundary conditions/Platen condition": "sticking"}
    runs = {}
    for ranks in (1, 2):
        folder = os.path.join(args.work_dir, f"{dim}d_np{ranks}")
        common.run(args, prm, dict(base, **{"Output/Directory": folder}), ranks=ranks)
        runs[ranks] = common.read_statistics(folder)
    s1, s2 = runs[1], runs[2]
    modulus = E / (1 - NU**2) if dim == 2 else E
    area = W if dim == 2 else W * W
    for i in range(1, len(s1["step"])):
        eps = s1["engineering strain"][i]
        hooke = modulus * area * eps
        check.true(f"{dim}D step {i}: sticking force {-s1['platen force'][i]:.6e} "
                   f"> frictionless {hooke:.6e}", -s1["platen force"][i] > hooke * (1 + 1e-6))
        check.close(f"{dim}D step {i}: force 2 ranks vs 1", s2["platen force"][i],
                    s1["platen force"][i], 1e-8)
        check.close(f"{dim}D step {i}: lateral strain 2 ranks vs 1",
                    s2["lateral strain"][i], s1["lateral strain"][i], 1e-8)

check.finish()
