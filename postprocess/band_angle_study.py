#!/usr/bin/env python3
"""Shear-band angle vs friction coefficient, compression and tension (2D).

    band_angle_study.py --rejuv build/release/rejuv [--jobs 2] [--np 1]
                        [--refinements 5] [-o band_angles.png]
                        [--csv band_angles.csv]

Runs plane-strain compression and tension of a relaxed glass seeded with a
free-volume bump on the left edge, for a constant friction coefficient alpha
(Friction slope = 0) of 0 (pressure sensitivity none and mohr_coulomb) and
0.11, 0.2, 0.3 (mohr_coulomb). It reads the band angle the program
measured when the band first appears (the first row of statistics.csv with
an angle: later the band widens and the specimen's corners pull it) and at
the end, and plots both against two references:
  - the bifurcation angle of Rejuv's own flow rule (isochoric,
    non-associated; postprocess/band_bifurcation.py, Rudnicki & Rice 1975),
    about 45 deg -+ atan(alpha)/4;
  - the Coulomb angle 45 deg -+ atan(alpha)/2 of MODEL.md section 3, the
    bifurcation angle of an associated material.

Equal softening: free volume is created in proportion to tau_eff, which is
smaller with friction, so at one xi_0 the Mohr-Coulomb glasses soften
less and localise later (or not at all). Each case therefore starts from
the xi_0 for which the softening drive 1/xi_0 - 1/xi_ss(tau_y) equals that
of the pressure-insensitive glass at xi_0 = 0.035, with xi_ss the steady
state of MODEL.md section 8 at the calibrated yield point tau_y.

The element is Q1 with the B-bar volumetric strain (the default): standard
Q1 locks under isochoric flow and pins bands to the cell diagonals (45 deg
on this square mesh).
"""
import argparse
import csv
import math
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import band_bifurcation  # noqa: E402
from calibrate_activation_energy import (BOLTZMANN,  # noqa: E402
                                         uniaxial_tau_eff)

# Rejuv's defaults (MODEL.md section 6) that set the steady state.
E, NU, T, V_ATOM, N_D, SIGMA_Y, ROUNDING = (96e9, 0.36, 300.0, 2e-29, 3.0,
                                            1.85e9, 29.0)
XI_REFERENCE = 0.035  # pressure-insensitive glass


def steady_state_free_volume(tau):
    """xi_ss = n_D chi_c (cosh x_c - 1), MODEL.md section 8."""
    kT = BOLTZMANN * T
    S = E / (3 * (1 - NU))
    x = tau * V_ATOM / (2 * kT)
    return N_D * 2 * kT / (V_ATOM * S) * (math.cosh(x) - 1)


def equal_softening_xi0(pressure, alpha):
    def drive_ss(p, a):
        return 1 / steady_state_free_volume(
            uniaxial_tau_eff(SIGMA_Y, a, p, ROUNDING))
    target = 1 / XI_REFERENCE - drive_ss("none", 0.0)
    return 1 / (target + drive_ss(pressure, alpha))


PRM = """set Dimension = 2
subsection Geometry
  set Specimen = rectangle
  set Width = 2e-3
  set Height = 6e-3
  set Global refinements = {refinements}
end
subsection Material
  set Model = free_volume
  subsection Free volume model
    set Pressure sensitivity = {pressure}
    set Friction law = default
    set Reference friction coefficient = {alpha}
    set Friction slope = 0
    set Reference free volume = {xi0}
  end
end
subsection Free volume
  # D = l^2/t_D with t_D the duration of the test: the band is ~l wide
  set Internal length = {length}
  set Diffusion time = 1000
end
subsection Initial free volume
  set Value = {xi0}
  set Perturbation amplitude = {amplitude}
  set Perturbation radius = 1e-4
  set Perturbation center = -1e-3, {seed_y}
end
subsection Boundary conditions
  set Platen condition = frictionless
  set Loading = {loading}
  set Strain rate = 1e-4
end
subsection Time stepping
  # 3 % strain: the band forms after the stress peak near 2 %
  set End time = 300
  set Number of steps = 60
end
subsection Output
  set Directory = {directory}
  set Output every = 10
end
"""


def band_found(statistics):
    """Whether statistics.csv has a row with a band angle."""
    try:
        with open(statistics) as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return False
    return any(not math.isnan(float(r["band angle [deg]"])) for r in rows
               if r.get("band angle [deg]"))


def run_case(a, pressure, alpha, loading):
    name = f"{loading}_{pressure}_{alpha:g}"
    folder = os.path.join(a.work_dir, name)
    h = 2e-3 / (2 * 2 ** a.refinements)
    xi0 = equal_softening_xi0(pressure, alpha)
    prm = os.path.join(a.work_dir, name + ".prm")
    with open(prm, "w") as f:
        f.write(PRM.format(refinements=a.refinements, pressure=pressure,
                           alpha=alpha, length=2 * h, loading=loading,
                           xi0=f"{xi0:.5g}", amplitude=f"{0.1 * xi0:.5g}",
                           seed_y=3e-3, directory=folder))
    cmd = [a.rejuv, prm]
    if a.np > 1:
        cmd = [a.mpiexec, "-np", str(a.np)] + cmd
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    statistics = os.path.join(folder, "statistics.csv")
    if a.onset_only and not a.no_run:
        # Stop the run once a band is measured: past the onset the band
        # sharpens and fine meshes need many cut steps.
        if os.path.exists(statistics):
            os.remove(statistics)
        with open(os.path.join(a.work_dir, name + ".log"), "w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                    env=env)
            while proc.poll() is None:
                time.sleep(2)
                if band_found(statistics):
                    proc.kill()
                    proc.wait()
                    break
            if proc.returncode not in (0, -9) and not band_found(statistics):
                sys.exit(f"band_angle_study.py: {name} failed, see {log.name}")
    elif not a.no_run:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            sys.exit(f"band_angle_study.py: {name} failed:\n"
                     f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    with open(statistics) as f:
        rows = list(csv.DictReader(f))
    # the angle is nan until a band is there (Analysis/Band threshold)
    angles = [(float(r["engineering strain [-]"]), float(r["band angle [deg]"]))
              for r in rows]
    angles = [x for x in angles if not math.isnan(x[1])]
    onset = angles[0] if angles else (math.nan, math.nan)
    final = angles[-1][1] if angles else math.nan
    sign = -1 if loading == "compression" else 1
    result = dict(loading=loading, pressure=pressure, alpha=alpha, xi0=xi0,
                  onset_strain=abs(onset[0]), onset=onset[1], final=final,
                  bifurcation=band_bifurcation.band_angle(alpha, loading,
                                                          E=E, nu=NU),
                  coulomb=45 + sign * math.degrees(math.atan(alpha)) / 2)
    print(f"{name:30s} xi0 {xi0:.4f}: onset {result['onset']:6.2f} deg at "
          f"strain {result['onset_strain']:.4f}, final {final:6.2f} deg; "
          f"bifurcation {result['bifurcation']:6.2f}, Coulomb "
          f"{result['coulomb']:6.2f}", flush=True)
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rejuv", required=True)
    p.add_argument("--mpiexec", default="mpirun")
    p.add_argument("--np", type=int, default=1, help="ranks per run")
    p.add_argument("--jobs", type=int, default=2, help="runs at once")
    p.add_argument("--refinements", type=int, default=5)
    p.add_argument("--alpha", type=float, nargs="+", default=[0.11, 0.2, 0.3])
    p.add_argument("--loading", nargs="+", default=["compression", "tension"])
    p.add_argument("--work-dir", default="output/band_angle_study")
    p.add_argument("-o", "--output", default="band_angles.png")
    p.add_argument("--csv", default=None)
    p.add_argument("--cases", nargs="+", default=None,
                   metavar="LOADING:PRESSURE:ALPHA",
                   help="run only these, e.g. compression:mohr_coulomb:0.3 "
                        "tension:none:0 (instead of --alpha, --loading)")
    p.add_argument("--onset-only", action="store_true",
                   help="stop each run at the first step with a band (the "
                        "final angle is then the onset angle)")
    p.add_argument("--no-run", action="store_true",
                   help="only read the results of an earlier study in "
                        "--work-dir and plot them")
    a = p.parse_args()
    os.makedirs(a.work_dir, exist_ok=True)

    cases = [(pressure, alpha, loading) for loading in a.loading
             for pressure, alpha in ([("none", 0.0), ("mohr_coulomb", 0.0)]
                                     + [("mohr_coulomb", x) for x in a.alpha])]
    if a.cases:
        cases = []
        for c in a.cases:
            loading, pressure, alpha = c.split(":")
            cases.append((pressure, float(alpha), loading))
    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        results = list(pool.map(lambda c: run_case(a, *c), cases))

    if a.csv:
        with open(a.csv, "w") as f:
            f.write("loading,pressure sensitivity,alpha,xi_0,onset strain,"
                    "onset angle [deg],final angle [deg],"
                    "bifurcation angle [deg],Coulomb angle [deg]\n")
            for r in results:
                f.write(f"{r['loading']},{r['pressure']},{r['alpha']:g},"
                        f"{r['xi0']:.4f},{r['onset_strain']:.4f},"
                        f"{r['onset']:.2f},{r['final']:.2f},"
                        f"{r['bifurcation']:.2f},{r['coulomb']:.2f}\n")

    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    alphas = [i * 0.01 for i in range(0, 36)]
    for loading, sign, colour in [("compression", -1, "C0"),
                                  ("tension", 1, "C3")]:
        if not any(r["loading"] == loading for r in results):
            continue
        ax.plot(alphas, [band_bifurcation.band_angle(x, loading, E=E, nu=NU)
                         for x in alphas], color=colour,
                label=f"bifurcation (Rejuv's flow rule), {loading}")
        ax.plot(alphas, [45 + sign * math.degrees(math.atan(x)) / 2
                         for x in alphas], color=colour, ls="--", lw=0.8,
                label=f"Coulomb 45{'-' if sign < 0 else '+'}phi/2, {loading}")
        pts = [r for r in results if r["loading"] == loading
               and r["pressure"] == "mohr_coulomb"]
        ax.plot([r["alpha"] for r in pts], [r["onset"] for r in pts], "o",
                color=colour, label=f"measured at onset, {loading}")
        none = [r for r in results if r["loading"] == loading
                and r["pressure"] == "none"]
        ax.plot([r["alpha"] for r in none], [r["onset"] for r in none], "s",
                color=colour, mfc="none",
                label=f"pressure-insensitive, {loading}")
    ax.axhline(45, color="gray", lw=0.6, ls=":")
    ax.set_xlabel("friction coefficient alpha [-]")
    ax.set_ylabel("band angle to the loading axis [deg]")
    ax.set_title(f"plane strain, Q1 B-bar, refinement {a.refinements}",
                 fontsize=9)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    fig.savefig(a.output, dpi=130)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
