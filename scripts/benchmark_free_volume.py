#!/usr/bin/env python3
"""Benchmark of the free-volume model against elasticity on the same mesh.

Runs parameter_files/uniaxial_compression_2d.prm (plane strain, Q1,
free-volume model with Mohr-Coulomb friction, staggered coupling) for the
given steps and, on the same mesh, one elastic step. Prints DoFs, steps,
global Newton iterations, the cost of one Newton iteration (assembly with
the local updates + AMG set-up + solve, divided by the linear solves), the
cost of one elastic solve (assembly + AMG + solve), their ratio, the time
in the free-volume field, total wall time and peak memory. Release build;
not a test. doc/performance.md records the figures and the targets
(ratio <= 1.5; 200 steps at ~1e5 DoFs in under 3 minutes on 2 ranks).

    /usr/bin/python3 scripts/benchmark_free_volume.py [--refinement 6]
        [--steps 200] [--ranks 2] [--set PATH=VALUE ...]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawTextHelpFormatter)
p.add_argument("--rejuv", default=os.path.join(root, "build", "release", "rejuv"))
p.add_argument("--refinement", type=int, default=6)
p.add_argument("--steps", type=int, default=200)
p.add_argument("--ranks", type=int, default=2)
p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
               help="further parameter overrides for both runs, e.g. "
                    "--set Geometry/Height=6e-3 (about 1e5 DoFs at "
                    "refinement 6)")
p.add_argument("--prm", default=os.path.join(root, "parameter_files",
                                             "uniaxial_compression_2d.prm"))
a = p.parse_args()
if not os.path.exists(a.rejuv):
    sys.exit(f"{a.rejuv} not found: build it with scripts/setup.sh release")
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMP_NUM_THREADS="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")


def run(extra):
    with tempfile.TemporaryDirectory() as out:
        cmd = ["mpirun", "-np", str(a.ranks), "--oversubscribe", a.rejuv, a.prm,
               "--set", f"Geometry/Global refinements={a.refinement}",
               "--set", "Output/Output every=0",
               "--set", f"Output/Directory={out}"]
        for e in a.set + extra:
            cmd += ["--set", e]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            sys.exit(proc.stdout[-3000:] + proc.stderr[-3000:])
        line = [l for l in proc.stdout.splitlines() if l.startswith("Performance:")][-1]
        return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.eE+-]+)", line)}


fv = run([f"Time stepping/Number of steps={a.steps}"])
el = run(["Material/Model=linear_elastic", "Time stepping/Number of steps=1"])
# A Newton iteration is one linear solve (lifting solves included) with its
# share of everything the mechanics spends: the assemblies (also those that
# only confirm convergence or serve the line search) and the AMG set-ups.
mechanics = fv["assembly_s"] + fv["amg_setup_s"] + fv["solve_s"]
per_newton = mechanics / fv["linear_solves"]
elastic = el["assembly_s"] + el["amg_setup_s"] + el["solve_s"]
per_assembly = fv["assembly_s"] / fv["assemblies"]
elastic_assembly = el["assembly_s"] / el["assemblies"]
print(f"DoFs                       {fv['dofs']:.0f} (ranks {a.ranks})")
print(f"steps                      {a.steps}")
print(f"Newton iterations          {fv['newton_iterations']:.0f} "
      f"({fv['newton_iterations'] / a.steps:.2f} per step)")
print(f"linear solves              {fv['linear_solves']:.0f} "
      f"({fv['linear_solves'] / a.steps:.2f} per step; lifting solves included)")
print(f"assemblies                 {fv['assemblies']:.0f} "
      f"({fv['assemblies'] / fv['linear_solves']:.2f} per linear solve)")
print(f"linear iterations          {fv['linear_iterations']:.0f} "
      f"({fv['linear_iterations'] / fv['linear_solves']:.1f} per solve)")
print(f"time per assembly          {per_assembly:.4f} s "
      f"(elastic {elastic_assembly:.4f} s, {per_assembly / elastic_assembly:.2f}x)")
print(f"time per Newton iteration  {per_newton:.4f} s")
print(f"elastic solve              {elastic:.4f} s")
print(f"ratio                      {per_newton / elastic:.2f} (target <= 1.5)")
print(f"free-volume field          {fv['free_volume_s']:.2f} s")
print(f"total wall time            {fv['total_s']:.1f} s")
print(f"peak memory                {fv['peak_memory_mb']:.0f} MB")
