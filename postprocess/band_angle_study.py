#!/usr/bin/env python3
"""Shear-band angle vs friction coefficient, compression and tension (2D).

    band_angle_study.py --rejuv build/release/rejuv [--np 2] [--refinements 4]
                        [-o doc/figures/band_angles.png] [--csv band_angles.csv]

Runs plane-strain compression and tension of a relaxed glass (xi_0 = 0.035)
seeded with a free-volume bump on the left edge, for a constant friction
coefficient alpha (Friction slope = 0) of 0 (pressure sensitivity none and
mohr_coulomb) and 0.11, 0.2, 0.3 (mohr_coulomb), reads the band angle the
program measured (last row of statistics.csv), and plots it against the
Mohr-Coulomb angle 45 deg -+ atan(alpha)/2 (MODEL.md section 3) and the
pressure-insensitive 45 deg.
"""
import argparse
import csv
import math
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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
    set Reference free volume = 0.035
  end
end
subsection Free volume
  # D = l^2/t_D with t_D the duration of the test: the band is ~l wide
  set Internal length = {length}
  set Diffusion time = 1000
end
subsection Initial free volume
  set Value = 0.035
  set Perturbation amplitude = 0.005
  set Perturbation radius = 1e-4
  set Perturbation center = -1e-3, {seed_y}
end
subsection Boundary conditions
  set Platen condition = frictionless
  set Loading = {loading}
  set Strain rate = 1e-4
end
subsection Time stepping
  set End time = 1000
  set Number of steps = 200
end
subsection Output
  set Directory = {directory}
  set Output every = 200
end
"""


def run_case(a, pressure, alpha, loading):
    name = f"{loading}_{pressure}_{alpha:g}"
    folder = os.path.join(a.work_dir, name)
    h = 2e-3 / (2 * 2 ** a.refinements)
    prm = os.path.join(a.work_dir, name + ".prm")
    with open(prm, "w") as f:
        f.write(PRM.format(refinements=a.refinements, pressure=pressure,
                           alpha=alpha, length=2 * h, loading=loading,
                           seed_y=3e-3, directory=folder))
    cmd = [a.rejuv, prm]
    if a.np > 1:
        cmd = [a.mpiexec, "-np", str(a.np)] + cmd
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"band_angle_study.py: {name} failed:\n{proc.stdout[-2000:]}"
                 f"{proc.stderr[-2000:]}")
    with open(os.path.join(folder, "statistics.csv")) as f:
        rows = list(csv.DictReader(f))
    angle = float(rows[-1]["band angle [deg]"])
    return name, angle


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rejuv", required=True)
    p.add_argument("--mpiexec", default="mpirun")
    p.add_argument("--np", type=int, default=2)
    p.add_argument("--refinements", type=int, default=4)
    p.add_argument("--work-dir", default="output/band_angle_study")
    p.add_argument("-o", "--output", default="band_angles.png")
    p.add_argument("--csv", default=None)
    a = p.parse_args()
    os.makedirs(a.work_dir, exist_ok=True)

    results = []
    for loading in ["compression", "tension"]:
        for pressure, alpha in [("none", 0.0), ("mohr_coulomb", 0.0),
                                ("mohr_coulomb", 0.11), ("mohr_coulomb", 0.2),
                                ("mohr_coulomb", 0.3)]:
            name, angle = run_case(a, pressure, alpha, loading)
            sign = -1 if loading == "compression" else 1
            predicted = 45 + sign * math.degrees(math.atan(alpha)) / 2
            results.append((loading, pressure, alpha, angle, predicted))
            print(f"{name:30s} measured {angle:6.2f} deg, Mohr-Coulomb "
                  f"{predicted:6.2f} deg", flush=True)

    if a.csv:
        with open(a.csv, "w") as f:
            f.write("loading,pressure sensitivity,alpha,measured angle [deg],"
                    "Mohr-Coulomb angle [deg]\n")
            for r in results:
                f.write(f"{r[0]},{r[1]},{r[2]:g},{r[3]:.2f},{r[4]:.2f}\n")

    fig, ax = plt.subplots(figsize=(5, 3.6))
    alphas = [i * 0.01 for i in range(0, 36)]
    for loading, sign, colour in [("compression", -1, "C0"), ("tension", 1, "C3")]:
        ax.plot(alphas, [45 + sign * math.degrees(math.atan(x)) / 2 for x in alphas],
                color=colour, label=f"Mohr-Coulomb, {loading}")
        pts = [r for r in results if r[0] == loading and r[1] == "mohr_coulomb"]
        ax.plot([r[2] for r in pts], [r[3] for r in pts], "o", color=colour,
                label=f"measured, {loading}")
        none = [r for r in results if r[0] == loading and r[1] == "none"]
        ax.plot([r[2] for r in none], [r[3] for r in none], "s", color=colour,
                mfc="none", label=f"pressure-insensitive, {loading}")
    ax.axhline(45, color="gray", lw=0.8, ls=":")
    ax.set_xlabel("friction coefficient alpha [-]")
    ax.set_ylabel("band angle to the loading axis [deg]")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.output, dpi=130)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
