#!/usr/bin/env python3
"""Shear-band angle of Rejuv's flow rule from bifurcation theory.

    band_bifurcation.py [--alpha 0 0.11 0.2 0.3] [--nu 0.36] [--associated]

The reference for the band angle measured by the program
(`analysis/shear_band`, `postprocess/band_angle_study.py`). It uses the
constitutive equations of MODEL.md only, not the program.

A rate-independent elastic-plastic solid with yield-surface normal Q =
d tau_eff / d sigma, flow direction P and hardening modulus h has the
tangent C_ep = C - (C:P) (x) (Q:C) / (Q:C:P + h). A band with unit normal
n can form when the acoustic tensor A = n.C_ep.n is singular (Rudnicki &
Rice, J. Mech. Phys. Solids 23 (1975) 371). With a = n.(C:P),
b = (Q:C).n and A_e = n.C.n this happens at the hardening modulus

    h_crit(n) = b . A_e^-1 . a - Q:C:P,

and the band that forms first is the one with the largest h_crit
(softening from h > 0 down: the first orientation reached).

Rejuv's flow is isochoric and non-associated (MODEL.md section 4):
P = s / (2 tau_bar), while the Mohr-Coulomb tau_eff of section 3 gives
Q = [(e1 e1 - e3 e3)/2 + (e1 e1 + e3 e3) sin(phi)/2] / cos(phi) with e1,
e3 the directions of the largest and smallest principal stress. The band
angle then lies near 45 deg -+ phi/4 (Arthur's angle), not at the Coulomb
angle 45 deg -+ phi/2 that MODEL.md section 3 derives from the yield
criterion alone. The Coulomb angle is the bifurcation angle of the
*associated* rule (P = Q): `--associated` computes it this way, and the
script checks that it reproduces 45 deg -+ phi/2, which verifies the
acoustic-tensor computation itself.

State: plane strain along z, loading along y, x free: sigma_yy = -+sigma,
sigma_xx = 0, and sigma_zz = sigma_yy / 2 (s_zz = 0: isochoric plastic flow
with eps_zz = 0 makes the out-of-plane deviator vanish in the flowing
state). The angle is between the band and the loading axis y.
"""
import argparse
import math

import numpy as np


def elasticity(E, nu):
    """Isotropic stiffness as a 3x3x3x3 array."""
    lam = E * nu / ((1 + nu) * (1 - 2 * nu))
    mu = E / (2 * (1 + nu))
    d = np.eye(3)
    return (lam * np.einsum("ij,kl->ijkl", d, d)
            + mu * (np.einsum("ik,jl->ijkl", d, d)
                    + np.einsum("il,jk->ijkl", d, d)))


def directions(sigma, alpha):
    """Yield-surface normal Q (Mohr-Coulomb tau_eff) and flow direction P
    (s / (2 tau_bar)) at the stress sigma."""
    w, v = np.linalg.eigh(sigma)  # ascending
    e1, e3 = v[:, 2], v[:, 0]
    phi = math.atan(alpha)
    Q = ((np.outer(e1, e1) - np.outer(e3, e3)) / 2
         + (np.outer(e1, e1) + np.outer(e3, e3)) * math.sin(phi) / 2) \
        / math.cos(phi)
    s = sigma - np.trace(sigma) / 3 * np.eye(3)
    tau_bar = math.sqrt(np.tensordot(s, s) / 2)
    P = s / (2 * tau_bar)
    return Q, P


def critical_hardening(C, Q, P, n):
    """h at which n.C_ep.n becomes singular, for band normals n (m x 3)."""
    CP = np.einsum("ijkl,kl->ij", C, P)
    QC = np.einsum("ij,ijkl->kl", Q, C)
    QCP = np.tensordot(QC, P)
    h = np.empty(len(n))
    for m, nm in enumerate(n):
        Ae = np.einsum("j,ijkl,l->ik", nm, C, nm)
        a = CP @ nm
        b = QC @ nm
        h[m] = b @ np.linalg.solve(Ae, a) - QCP
    return h


def band_angle(alpha, loading="compression", E=96e9, nu=0.36,
               associated=False, dilatancy=0.0):
    """Band angle to the loading axis [deg] for friction coefficient alpha;
    with @p dilatancy beta the flow direction is s/(2 tau_bar) + beta/3 I
    (Rejuv's Dilatancy option, MODEL.md section 4)."""
    sign = -1.0 if loading == "compression" else 1.0
    sigma = np.diag([0.0, sign * 1e9, sign * 0.5e9])
    Q, P = directions(sigma, alpha)
    P = P + dilatancy / 3 * np.eye(3)
    if associated:
        P = Q
    C = elasticity(E, nu)

    def h_of(psi_deg):
        psi = np.radians(np.atleast_1d(psi_deg))
        # band direction (sin psi, cos psi): psi from the y axis
        n = np.stack([np.cos(psi), -np.sin(psi), 0 * psi], axis=1)
        return critical_hardening(C, Q, P, n)

    # coarse scan over (0, 90] (the conjugate band is its mirror image),
    # then golden-section search around the maximum
    psi = np.linspace(0.25, 89.75, 359)
    k = int(np.argmax(h_of(psi)))
    lo, hi = psi[max(k - 1, 0)], psi[min(k + 1, len(psi) - 1)]
    g = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
        if h_of(x1)[0] > h_of(x2)[0]:
            hi = x2
        else:
            lo = x1
    return 0.5 * (lo + hi)


def coulomb_angle(alpha, loading="compression"):
    sign = -1.0 if loading == "compression" else 1.0
    return 45.0 + sign * math.degrees(math.atan(alpha)) / 2


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--alpha", type=float, nargs="+",
                   default=[0.0, 0.11, 0.2, 0.3])
    p.add_argument("--E", type=float, default=96e9)
    p.add_argument("--nu", type=float, default=0.36)
    p.add_argument("--associated", action="store_true",
                   help="associated flow (P = Q): the Coulomb angle")
    p.add_argument("--dilatancy", type=float, default=0.0,
                   help="Rejuv's Dilatancy beta (tr eps_p rate = beta "
                        "gamma_dot); beta = alpha, the volumetric part of "
                        "the Mohr-Coulomb normal, gives nearly the Coulomb "
                        "angle")
    a = p.parse_args()
    print("loading      alpha  bifurcation [deg]  Coulomb 45-+atan(alpha)/2 "
          "[deg]")
    for loading in ["compression", "tension"]:
        for alpha in a.alpha:
            theta = band_angle(alpha, loading, a.E, a.nu, a.associated,
                               a.dilatancy)
            print(f"{loading:12s} {alpha:5.3f}  {theta:17.2f}  "
                  f"{coulomb_angle(alpha, loading):17.2f}")
            # the acoustic-tensor computation must give Coulomb's angle for
            # associated flow, whatever the elastic constants
            check = band_angle(alpha, loading, a.E, a.nu, associated=True)
            if abs(check - coulomb_angle(alpha, loading)) > 0.01:
                raise SystemExit(
                    f"self-check failed: associated flow gives {check:.3f} "
                    f"deg, Coulomb {coulomb_angle(alpha, loading):.3f} deg")


if __name__ == "__main__":
    main()
