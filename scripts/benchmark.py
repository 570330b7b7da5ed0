#!/usr/bin/env python3
"""Benchmark of one elastic solve: 3D cylinder, Q1, sticking platens.

Prints DoFs, assembly time, preconditioner set-up time, solve time, CG
iterations, peak memory (summed over ranks) and total time per case, at
about 1e5 and 1e6 DoFs on 1 and 2 MPI ranks, for each linear solver (cg:
assembled matrix with algebraic multigrid; gmg: matrix-free geometric
multigrid), so that figures can be compared run to run.
Uses the Release build (scripts/setup.sh release). Not a test: it asserts
nothing; doc/performance.md records its figures and the targets.

    /usr/bin/python3 scripts/benchmark.py [--refinements 3 4] [--ranks 1 2]
        [--solvers cg gmg]
"""
import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
p.add_argument("--rejuv", default=os.path.join(root, "build", "release", "rejuv"))
p.add_argument("--refinements", type=int, nargs="+", default=[3, 4])
p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
p.add_argument("--solvers", nargs="+", default=["cg", "gmg"], choices=["cg", "gmg"])
p.add_argument("--prm", default=os.path.join(root, "parameter_files",
                                             "elastic_compression_3d.prm"))
a = p.parse_args()
if not os.path.exists(a.rejuv):
    sys.exit(f"{a.rejuv} not found: build it with scripts/setup.sh release")

env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMP_NUM_THREADS="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")
columns = ["dofs", "processes", "assembly_s", "amg_setup_s", "solve_s", "linear_iterations",
           "setup_s", "total_s", "peak_memory_mb"]
print(f"{'solver':>6} " + " ".join(f"{c:>17}" for c in columns + ["MB per 1e6 DoFs"]))
for r, solver, n in itertools.product(a.refinements, a.solvers, a.ranks):
    with tempfile.TemporaryDirectory() as out:
        cmd = ["mpirun", "-np", str(n), "--oversubscribe", a.rejuv, a.prm,
               "--set", f"Geometry/Global refinements={r}",
               "--set", "Time stepping/Number of steps=1",
               "--set", "Output/Output every=0",
               "--set", f"Output/Directory={out}",
               "--set", f"Linear solver/Solver={solver}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            sys.exit(proc.stdout + proc.stderr)
        line = [l for l in proc.stdout.splitlines() if l.startswith("Performance:")][-1]
        values = dict(re.findall(r"(\w+)=([\d.eE+-]+)", line))
        mb_per_m = float(values["peak_memory_mb"]) / (float(values["dofs"]) / 1e6)
        print(f"{solver:>6} " + " ".join(f"{values[c]:>17}" for c in columns)
              + f" {mb_per_m:17.0f}",
              flush=True)
