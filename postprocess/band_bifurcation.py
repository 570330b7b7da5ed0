#!/usr/bin/env python3
"""Shear-band angle of Rejuv's flow rule from bifurcation theory.

    band_bifurcation.py [--alpha 0 0.11 0.2 0.3] [--nu 0.36] [--associated]
        [--statistics RESULT/statistics.csv]

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

Whether a band can form at all: the largest h_crit over all orientations
is the hardening modulus the material has to soften to (h in tau-gamma
terms, over the shear modulus G). critical_modulus() gives it for the
plane-strain state and for uniaxial stress (sigma_yy only: a cylinder or
prism between frictionless platens). Uniaxial stress sits on an edge of the
Mohr-Coulomb surface (two equal principal stresses); there Q is taken as
the mean of the two facets' normals, the symmetric gradient of Rejuv's
rounded edge. For alpha = 0 the closed forms of Rudnicki & Rice (J2 flow,
h = d tau_bar/d gamma) are h_crit/G = 0 (plane strain) and -(1 + nu)/6
(uniaxial stress); Rejuv's tau_eff is then Tresca's, whose edge normal is
sqrt(3)/2 of the J2 one, which scales h_crit by sqrt(3)/2.

--statistics reads a run's statistics.csv (a specimen in uniaxial stress:
frictionless platens, no notch, isochoric flow) and prints its steepest
softening h/G, h = d tau_eff/d gamma_p = (1 -+ sin phi)/(2 sqrt(3) cos phi)
d sigma/d eps_p (compression / tension) along the (homogeneous) curve,
against the critical value of that loading: a 3D specimen whose softening
stays above it does not localise. The glass's friction coefficient must
be given (--alpha, one value).
"""
import csv
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
    phi = math.atan(alpha)

    def facet(e1, e3):
        return ((np.outer(e1, e1) - np.outer(e3, e3)) / 2
                + (np.outer(e1, e1) + np.outer(e3, e3)) * math.sin(phi) / 2) \
            / math.cos(phi)

    tol = 1e-12 * abs(w).max()
    if w[2] - w[1] < tol:  # sigma_1 = sigma_2: the edge, mean of two facets
        Q = (facet(v[:, 2], v[:, 0]) + facet(v[:, 1], v[:, 0])) / 2
    elif w[1] - w[0] < tol:  # sigma_2 = sigma_3
        Q = (facet(v[:, 2], v[:, 0]) + facet(v[:, 2], v[:, 1])) / 2
    else:
        Q = facet(v[:, 2], v[:, 0])
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


def most_critical_band(alpha, loading="compression", E=96e9, nu=0.36,
                       associated=False, dilatancy=0.0, state="plane_strain"):
    """(angle of the band to the loading axis [deg], its h_crit / G) for
    friction coefficient alpha; with @p dilatancy beta the flow direction
    is s/(2 tau_bar) + beta/3 I (Rejuv's Dilatancy option, MODEL.md
    section 4). @p state: plane_strain or uniaxial (stress)."""
    sign = -1.0 if loading == "compression" else 1.0
    sigma = np.diag([0.0, sign * 1e9,
                     sign * 0.5e9 if state == "plane_strain" else 0.0])
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
    angle = 0.5 * (lo + hi)
    return angle, h_of(angle)[0] / (E / (2 * (1 + nu)))


def band_angle(alpha, loading="compression", E=96e9, nu=0.36,
               associated=False, dilatancy=0.0, state="plane_strain"):
    """Band angle to the loading axis [deg] (most_critical_band)."""
    return most_critical_band(alpha, loading, E, nu, associated, dilatancy,
                              state)[0]


def critical_modulus(alpha, loading="compression", E=96e9, nu=0.36,
                     dilatancy=0.0, state="plane_strain"):
    """Hardening modulus over G below which a band can form (the largest
    h_crit over all band orientations)."""
    return most_critical_band(alpha, loading, E, nu, False, dilatancy,
                              state)[1]


def coulomb_angle(alpha, loading="compression"):
    sign = -1.0 if loading == "compression" else 1.0
    return 45.0 + sign * math.degrees(math.atan(alpha)) / 2


def steepest_softening(statistics, alpha, loading="compression", E=96e9,
                       nu=0.36):
    """Most negative h/G, h = d tau_eff/d gamma_p, of a uniaxial-stress
    stress-strain curve (statistics.csv of a run), and the strain there."""
    with open(statistics) as f:
        rows = list(csv.DictReader(f))
    sigma = np.array([abs(float(r["engineering stress [Pa]"])) for r in rows])
    eps = np.array([abs(float(r["engineering strain [-]"])) for r in rows])
    eps_p = eps - sigma / E
    d_eps_p = np.diff(eps_p)
    # flowing steps only: near yield, tiny plastic increments make the
    # difference quotient meaningless
    ok = d_eps_p > 1e-2 * np.diff(eps).max()
    if not ok.any():
        raise SystemExit(f"{statistics}: no plastic flow")
    phi = math.atan(alpha)
    sign = -1 if loading == "compression" else 1
    factor = (1 + sign * math.sin(phi)) / (2 * math.sqrt(3) * math.cos(phi))
    h = np.full(len(d_eps_p), np.inf)
    h[ok] = factor * np.diff(sigma)[ok] / d_eps_p[ok] / (E / (2 * (1 + nu)))
    k = int(np.argmin(h))
    return h[k], eps[k + 1]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--alpha", type=float, nargs="+")
    p.add_argument("--E", type=float, default=96e9)
    p.add_argument("--nu", type=float, default=0.36)
    p.add_argument("--associated", action="store_true",
                   help="associated flow (P = Q): the Coulomb angle")
    p.add_argument("--dilatancy", type=float, default=0.0,
                   help="Rejuv's Dilatancy beta (tr eps_p rate = beta "
                        "gamma_dot); beta = alpha, the volumetric part of "
                        "the Mohr-Coulomb normal, gives nearly the Coulomb "
                        "angle")
    p.add_argument("--statistics", metavar="CSV",
                   help="statistics.csv of a uniaxial-stress run: its "
                        "steepest softening against the critical modulus "
                        "(needs one --alpha)")
    p.add_argument("--loading", choices=["compression", "tension"],
                   default="compression", help="of the --statistics run")
    a = p.parse_args()
    if a.statistics:
        if a.alpha is None or len(a.alpha) != 1:
            p.error("--statistics needs the glass's friction coefficient: "
                    "one --alpha")
        if a.dilatancy != 0:
            p.error("--statistics assumes isochoric flow (no --dilatancy)")
        alpha = a.alpha[0]
        h, eps = steepest_softening(a.statistics, alpha, a.loading, a.E,
                                    a.nu)
        print(f"steepest softening h/G = {h:.4f} at strain {eps:.4f} "
              f"({a.loading}, alpha {alpha})")
        hc = critical_modulus(alpha, a.loading, a.E, a.nu, 0.0, "uniaxial")
        hp = critical_modulus(alpha, a.loading, a.E, a.nu)
        print(f"critical h/G in uniaxial {a.loading} {hc:.4f}: "
              + ("a band can form" if h < hc else "no band can form")
              + f" (plane strain: {hp:.4f})")
        return
    if a.alpha is None:
        a.alpha = [0.0, 0.11, 0.2, 0.3]
    print("loading      alpha  bifurcation [deg]  Coulomb 45-+atan(alpha)/2 "
          "[deg]  critical h/G: plane strain, uniaxial stress")
    for loading in ["compression", "tension"]:
        for alpha in a.alpha:
            theta = band_angle(alpha, loading, a.E, a.nu, a.associated,
                               a.dilatancy)
            h_ps = critical_modulus(alpha, loading, a.E, a.nu, a.dilatancy)
            h_u = critical_modulus(alpha, loading, a.E, a.nu, a.dilatancy,
                                   "uniaxial")
            print(f"{loading:12s} {alpha:5.3f}  {theta:17.2f}  "
                  f"{coulomb_angle(alpha, loading):17.2f}  "
                  f"{h_ps:25.4f}  {h_u:8.4f}")
            # the acoustic-tensor computation must give Coulomb's angle for
            # associated flow, whatever the elastic constants
            check = band_angle(alpha, loading, a.E, a.nu, associated=True)
            if abs(check - coulomb_angle(alpha, loading)) > 0.01:
                raise SystemExit(
                    f"self-check failed: associated flow gives {check:.3f} "
                    f"deg, Coulomb {coulomb_angle(alpha, loading):.3f} deg")


if __name__ == "__main__":
    main()
