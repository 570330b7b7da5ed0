"""postprocess/band_bifurcation.py: the band-angle reference of issue 3.

Independent expectations (closed forms, not the script's own numbers):
  1. associated flow (P = Q) bifurcates at the Coulomb angle
     45 deg -+ atan(alpha)/2 (MODEL.md section 3), to 0.01 deg, for several
     alpha, both loadings and two Poisson's ratios;
  2. pressure-insensitive flow (alpha = 0) bifurcates at 45 deg;
  3. the model is odd in the stress: compression and tension angles add up
     to 90 deg;
  4. Rejuv's isochoric non-associated flow bifurcates near Arthur's angle
     45 deg -+ (phi + psi)/4 with dilatancy angle psi = 0 (Arthur et al.,
     Geotechnique 27 (1977) 53; Vardoulakis 1980), to 0.15 deg for
     alpha <= 0.3, and so between the Coulomb angle and 45 deg;
  5. the angle does not depend on Young's modulus (scale invariance);
  6. the critical hardening modulus at alpha = 0: 0 in plane strain and
     -(1 + nu)/6 x sqrt(3)/2 in uniaxial stress (Rudnicki & Rice, J. Mech.
     Phys. Solids 23 (1975) 371, for J2 flow, h_crit = -(1 + nu) N^2/2 G
     with N = 1/sqrt(3); sqrt(3)/2 is the ratio of the Tresca edge normal
     to the J2 normal), for two Poisson's ratios and both loadings; with
     friction, uniaxial compression needs more softening than uniaxial
     tension, which needs more than plane strain (the ordering of Rudnicki
     & Rice's term -(1 + nu)/2 (N + mu/3)^2: N = 0 in plane strain,
     +1/sqrt(3) in axisymmetric compression, -1/sqrt(3) in tension, for
     the small friction coefficients of metallic glasses).
  7. steepest_softening() (band_bifurcation.py --statistics) reads a
     synthetic uniaxial curve with a known plastic modulus H = d sigma /
     d eps_p (elastic to sigma_y, then sigma = sigma_y + H eps_p, written
     as a statistics.csv) back as h/G = (1 -+ sin phi)/(2 sqrt(3) cos phi)
     H/G: tau_eff = sigma (1 -+ sin phi)/(2 cos phi) on the Mohr-Coulomb
     edge, gamma_p = sqrt(3) eps_p for isochoric flow P = s/(2 tau_bar).
Rejuv itself is not run.
"""
import csv
import math
import os
import sys

import common

args = common.arguments()
sys.path.insert(0, os.path.join(args.source_dir, "postprocess"))
import band_bifurcation as bb  # noqa: E402

check = common.Checker()
for nu in [0.36, 0.25]:
    for loading in ["compression", "tension"]:
        for alpha in [0.05, 0.11, 0.3, 0.6]:
            theta = bb.band_angle(alpha, loading, nu=nu, associated=True)
            sign = -1 if loading == "compression" else 1
            coulomb = 45 + sign * math.degrees(math.atan(alpha)) / 2
            check.true(f"associated, {loading}, alpha {alpha}, nu {nu}: "
                       f"{theta:.4f} = Coulomb {coulomb:.4f} deg",
                       abs(theta - coulomb) < 0.01)

for loading in ["compression", "tension"]:
    theta = bb.band_angle(0.0, loading)
    check.true(f"alpha = 0, {loading}: {theta:.4f} = 45 deg",
               abs(theta - 45) < 0.01)

for alpha in [0.11, 0.2, 0.3]:
    c = bb.band_angle(alpha, "compression")
    t = bb.band_angle(alpha, "tension")
    check.true(f"alpha {alpha}: compression {c:.3f} + tension {t:.3f} = 90",
               abs(c + t - 90) < 0.01)
    phi = math.degrees(math.atan(alpha))
    check.true(f"alpha {alpha}: compression {c:.3f} deg near Arthur "
               f"{45 - phi / 4:.3f} deg", abs(c - (45 - phi / 4)) < 0.15)
    check.true(f"alpha {alpha}: between Coulomb {45 - phi / 2:.3f} and 45 deg",
               45 - phi / 2 < c < 45)
    c2 = bb.band_angle(alpha, "compression", E=50e9)
    check.true(f"alpha {alpha}: independent of E ({c2:.4f})",
               abs(c2 - c) < 1e-6)

for nu in [0.36, 0.25]:
    closed = -(1 + nu) / 6 * math.sqrt(3) / 2
    for loading in ["compression", "tension"]:
        h_ps = bb.critical_modulus(0.0, loading, nu=nu)
        h_u = bb.critical_modulus(0.0, loading, nu=nu, state="uniaxial")
        check.true(f"alpha = 0, nu {nu}, {loading}: plane-strain h_crit/G "
                   f"{h_ps:.2e} = 0", abs(h_ps) < 1e-8)
        check.true(f"alpha = 0, nu {nu}, {loading}: uniaxial h_crit/G "
                   f"{h_u:.6f} = {closed:.6f}", abs(h_u - closed) < 1e-6)

for alpha in [0.11, 0.3]:
    h_ps = bb.critical_modulus(alpha, "compression")
    h_uc = bb.critical_modulus(alpha, "compression", state="uniaxial")
    h_ut = bb.critical_modulus(alpha, "tension", state="uniaxial")
    check.true(f"alpha {alpha}: uniaxial compression {h_uc:.4f} < uniaxial "
               f"tension {h_ut:.4f} < 0 < plane strain {h_ps:.4f}",
               h_uc < h_ut < 0 < h_ps)

E, nu, sigma_y, H, alpha = 96e9, 0.36, 1.8e9, -20e9, 0.11
phi = math.atan(alpha)
G = E / (2 * (1 + nu))
for loading, sign in [("compression", -1), ("tension", 1)]:
    path = os.path.join(args.work_dir, f"synthetic_{loading}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["engineering strain [-]", "engineering stress [Pa]"])
        for i in range(41):
            eps = 1e-3 * i
            # plastic branch: sigma = sigma_y + H (eps - sigma / E)
            sigma = min(E * eps, (sigma_y + H * eps) / (1 + H / E))
            w.writerow([sign * eps, sign * sigma])
    h, _ = bb.steepest_softening(path, alpha, loading, E, nu)
    expected = (1 + sign * math.sin(phi)) / (2 * math.sqrt(3) * math.cos(phi)) * H / G
    check.true(f"synthetic {loading} curve: h/G {h:.6f} = {expected:.6f}",
               abs(h - expected) < 1e-6 * abs(expected))

check.finish()
