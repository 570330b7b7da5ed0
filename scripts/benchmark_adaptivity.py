#!/usr/bin/env python3
"""Benchmark: shear-band runs on an adaptive vs a uniformly fine mesh.

For 2D (parameter_files/uniaxial_compression_2d.prm) and 3D
(parameter_files/uniaxial_compression_3d.prm) runs the same loading twice
with the same finest cell size: once uniformly refined to that level, once
from a coarse mesh that adapts every few steps (Mesh refinement: plastic
shear rate + free-volume gradient indicators, the initial seed refined
before loading) with that level as Maximum level. Prints per run: cells and
DoFs (at the end; the adaptive mesh also at its largest), steps, Newton
iterations, time per step, total time, the band angle (2D), and the speed-up
of the adaptive run. Release build; not a test. doc/performance.md records
the figures and the targets (>= 5x in 2D, >= 10x in 3D).

    /usr/bin/python3 scripts/benchmark_adaptivity.py [--dims 2 3] [--ranks 2]
        [--level2d 7] [--level3d 3] [--steps2d 50] [--steps3d 20]
        [--coarse2d 3] [--coarse3d 1] [--prm2d FILE] [--prm3d FILE]
        [--repeat 1] [--skip-uniform]
        [--set "Free volume/Diffusion time=20" ...]
        [--adaptive-set "Mesh refinement/Refine threshold=0.03"
         --adaptive-set "Mesh refinement/Coarsen threshold=0.01" ...]

The adaptive band comes out wider than the uniform one where the band width
is set by the mesh (the example's Diffusion time = 500 s): it starts to form
on cells coarser than the finest. --coarse2d (the coarsest level allowed) and
--adaptive-set "Mesh refinement/Refine threshold=..." trade speed for that
width (doc/adaptivity.md, "Speed against band width").
"""
import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawTextHelpFormatter)
p.add_argument("--rejuv", default=os.path.join(root, "build", "release", "rejuv"))
p.add_argument("--dims", type=int, nargs="+", default=[2, 3])
p.add_argument("--ranks", type=int, default=2)
p.add_argument("--level2d", type=int, default=7, help="finest level in 2D")
p.add_argument("--level3d", type=int, default=3, help="finest level in 3D")
p.add_argument("--coarse2d", type=int, default=3, help="start level of the adaptive 2D run")
p.add_argument("--coarse3d", type=int, default=1, help="start level of the adaptive 3D run")
p.add_argument("--steps2d", type=int, default=50)
p.add_argument("--steps3d", type=int, default=20)
p.add_argument("--prm2d", default=os.path.join(root, "parameter_files",
                                               "uniaxial_compression_2d.prm"))
p.add_argument("--prm3d", default=os.path.join(root, "parameter_files",
                                               "uniaxial_compression_3d.prm"))
p.add_argument("--repeat", type=int, default=1,
               help="runs of each mesh, alternating; the speed-up is of the median times")
p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
               help="extra parameter of all runs (repeatable; overrides the "
                    "script's own settings)")
p.add_argument("--adaptive-set", action="append", default=[], metavar="KEY=VALUE",
               help="extra parameter of the adaptive runs (repeatable; "
                    "overrides everything else)")
p.add_argument("--skip-uniform", action="store_true",
               help="adaptive runs only (the uniform 3D run is long)")
a = p.parse_args()
if not os.path.exists(a.rejuv):
    sys.exit(f"{a.rejuv} not found: build it with scripts/setup.sh release")
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMP_NUM_THREADS="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")


def parse_settings(pairs):
    """["Section/Key=value", ...] -> {"Section/Key": "value"}"""
    settings = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            p.error(f"'{pair}': expected Section/Key=value")
        settings[key.strip()] = value.strip()
    return settings


def run(prm, settings):
    with tempfile.TemporaryDirectory() as out:
        cmd = ["mpirun", "-np", str(a.ranks), "--oversubscribe", a.rejuv, prm,
               "--set", "Output/Output every=0", "--set", f"Output/Directory={out}"]
        for k, v in settings.items():
            cmd += ["--set", f"{k}={v}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            sys.exit(proc.stdout[-3000:] + proc.stderr[-3000:])
        line = [l for l in proc.stdout.splitlines() if l.startswith("Performance:")][-1]
        perf = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.eE+-]+)", line)}
        with open(os.path.join(out, "statistics.csv")) as f:
            rows = list(csv.DictReader(f))
        perf["cells"] = float(rows[-1]["cells"])
        perf["max_cells"] = max(float(r["cells"]) for r in rows)
        perf["max_dofs"] = max(float(r["dofs"]) for r in rows)
        perf["angle"] = float(rows[-1]["band angle [deg]"])
        perf["width"] = float(rows[-1]["band width [m]"])
        perf["peak_stress"] = max(float(r["engineering stress [Pa]"]) for r in rows)
        perf["final_stress"] = float(rows[-1]["engineering stress [Pa]"])
        return perf


def report(name, r):
    print(f"  {name:9s} cells {r['cells']:8.0f} (max {r['max_cells']:8.0f})  "
          f"DoFs max {r['max_dofs']:9.0f}  Newton {r['newton_iterations']:5.0f}  "
          f"{r['total_s'] / r['steps']:7.2f} s/step  total {r['total_s']:8.1f} s  "
          f"stress peak {r['peak_stress'] / 1e6:7.1f} end {r['final_stress'] / 1e6:7.1f} MPa  band {r['angle']:.2f} deg "
          f"width {r['width'] * 1e6:.0f} um  memory {r['peak_memory_mb']:.0f} MB", flush=True)


for dim in a.dims:
    prm = a.prm2d if dim == 2 else a.prm3d
    level = a.level2d if dim == 2 else a.level3d
    coarse = a.coarse2d if dim == 2 else a.coarse3d
    steps = a.steps2d if dim == 2 else a.steps3d
    common = {"Time stepping/Number of steps": steps}
    overrides = parse_settings(a.set)
    print(f"{dim}D, finest level {level}, {steps} steps, {a.ranks} ranks", flush=True)
    adaptive_settings = dict(common, **{
        "Geometry/Global refinements": coarse,
        "Mesh refinement/Refine every": 2,
        "Mesh refinement/Initial refinement cycles": level - coarse,
        "Mesh refinement/Minimum level": coarse,
        "Mesh refinement/Maximum level": level})
    adaptive_settings.update(overrides)
    adaptive_settings.update(parse_settings(a.adaptive_set))
    uniform_settings = {**common,
                        "Geometry/Global refinements": level,
                        "Mesh refinement/Refine every": 0,
                        "Mesh refinement/Initial refinement cycles": 0,
                        **overrides}
    # Alternating runs, so that a slow spell of the machine hits both.
    adaptive, uniform = [], []
    for _ in range(a.repeat):
        adaptive.append(run(prm, adaptive_settings))
        report("adaptive", adaptive[-1])
        if not a.skip_uniform:
            uniform.append(run(prm, uniform_settings))
            report("uniform", uniform[-1])
    if a.skip_uniform:
        continue
    t_adaptive = statistics.median(r["total_s"] for r in adaptive)
    t_uniform = statistics.median(r["total_s"] for r in uniform)
    print(f"  speed-up {t_uniform / t_adaptive:.1f}x (median of {a.repeat} run(s) each: "
          f"adaptive {t_adaptive:.1f} s, uniform {t_uniform:.1f} s), band angle difference "
          f"{abs(uniform[-1]['angle'] - adaptive[-1]['angle']):.2f} deg, band width "
          f"{adaptive[-1]['width'] / uniform[-1]['width'] - 1:+.0%}", flush=True)
