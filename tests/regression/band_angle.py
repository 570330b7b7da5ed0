"""Mohr-Coulomb friction tilts the shear band as bifurcation theory says.

Plane-strain compression and tension of the band_angle_study specimen
(postprocess/band_angle_study.py: 2 mm x 6 mm, seed on the left edge,
alpha = 0.3, equal-softening xi_0) at refinement 3 (16 x 48 cells), Q1
with the default B-bar strain, 1 rank, to 2.2 % strain. Independent
expectations, from postprocess/band_bifurcation.py (the acoustic tensor of
the model's flow rule, checked against closed forms by
regression.band_bifurcation), not from Rejuv's output:
  - a band forms (an angle is reported) in both loadings;
  - compression: steeper than 45 deg by at least 1 deg (the bifurcation
    angle is 40.87 deg), tension: shallower by at least 1 deg (49.13 deg);
    a locking element pins both at 45 deg and fails here;
  - each onset angle is nearer the bifurcation angle than the Coulomb
    angle 45 -+ atan(alpha)/2 (36.65 / 53.35 deg) of an associated flow
    rule.
At this coarse mesh the lattice pulls the bands towards 45 deg by a
fraction of a cell (doc/shear_bands.md), hence the 1 deg bound and not a
closer one; the study measures it at finer meshes.
"""
import math
import os
import sys

import common

args = common.arguments()
sys.path.insert(0, os.path.join(args.source_dir, "postprocess"))
import band_angle_study as study  # noqa: E402
import band_bifurcation  # noqa: E402

check = common.Checker()
alpha, refinements = 0.3, 3
h = 2e-3 / (2 * 2 ** refinements)
xi0 = study.equal_softening_xi0("mohr_coulomb", alpha)
for loading, sign in [("compression", -1), ("tension", 1)]:
    folder = os.path.join(args.work_dir, loading)
    prm = os.path.join(args.work_dir, loading + ".prm")
    with open(prm, "w") as f:
        f.write(study.PRM.format(refinements=refinements,
                                 pressure="mohr_coulomb", alpha=alpha,
                                 length=2 * h, loading=loading,
                                 xi0=f"{xi0:.5g}",
                                 amplitude=f"{0.1 * xi0:.5g}", seed_y=3e-3,
                                 directory=folder))
    common.run(args, prm, {"Time stepping/End time": "220",
                           "Time stepping/Number of steps": "44",
                           "Output/Output every": "44"})
    angles = [a for a in common.read_statistics(folder)["band angle"]
              if not math.isnan(a)]
    check.true(f"{loading}: a band forms", len(angles) > 0)
    if not angles:
        continue
    onset = angles[0]
    bifurcation = band_bifurcation.band_angle(alpha, loading)
    coulomb = 45 + sign * math.degrees(math.atan(alpha)) / 2
    check.true(f"{loading}: onset {onset:.2f} deg tilted from 45 deg by "
               f"{sign * (onset - 45):.2f} >= 1 deg towards the "
               f"bifurcation angle {bifurcation:.2f}",
               sign * (onset - 45) >= 1)
    check.true(f"{loading}: nearer the bifurcation angle {bifurcation:.2f} "
               f"than the Coulomb angle {coulomb:.2f}",
               abs(onset - bifurcation) < abs(onset - coulomb))
check.finish()
