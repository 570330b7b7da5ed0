"""Shared helpers of the regression tests: run rejuv, read its CSV and VTU."""
import argparse
import csv
import os
import shutil
import subprocess
import sys


def arguments():
    p = argparse.ArgumentParser()
    p.add_argument("--rejuv", required=True)
    p.add_argument("--mpiexec", default="mpiexec")
    p.add_argument("--source-dir", required=True)
    p.add_argument("--work-dir", required=True)
    a = p.parse_args()
    shutil.rmtree(a.work_dir, ignore_errors=True)
    os.makedirs(a.work_dir)
    return a


def run(args, prm, overrides, ranks=1, expect_success=True, timeout=600):
    """Run rejuv on @p prm with --set overrides; return CompletedProcess."""
    cmd = [args.rejuv, prm]
    for key, value in overrides.items():
        cmd += ["--set", f"{key}={value}"]
    if ranks > 1:
        cmd = [args.mpiexec, "-np", str(ranks)] + cmd
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                          timeout=timeout)
    if expect_success and proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        sys.exit(f"FAILED: {' '.join(cmd)} exited with {proc.returncode}")
    return proc


def read_statistics(folder):
    """Columns of statistics.csv by name without the unit: name -> list."""
    with open(os.path.join(folder, "statistics.csv")) as f:
        rows = list(csv.reader(f))
    names = [h.split(" [")[0] for h in rows[0]]
    return {n: [float(r[i]) for r in rows[1:]] for i, n in enumerate(names)}


def cylinder_rim_angles(folder, radius):
    """Sorted angles of the distinct bottom-rim vertices (z = 0, r = R) of the
    undeformed output mesh (solution_00000.pvtu) of a cylinder run."""
    import numpy as np
    import vtk
    from vtk.util.numpy_support import vtk_to_numpy
    reader = vtk.vtkXMLPUnstructuredGridReader()
    reader.SetFileName(os.path.join(folder, "solution_00000.pvtu"))
    reader.Update()
    pts = vtk_to_numpy(reader.GetOutput().GetPoints().GetData()).astype(float)
    bottom = pts[np.abs(pts[:, 2]) < 1e-9]
    r = np.hypot(bottom[:, 0], bottom[:, 1])
    angle = np.arctan2(bottom[:, 1], bottom[:, 0])[np.abs(r - radius) < 1e-6 * radius]
    return np.sort(np.unique(np.round(angle, 9)))


class Checker:
    """Collects failures so one run reports every broken expectation."""

    def __init__(self):
        self.n_checks = 0
        self.failures = []

    def close(self, what, value, expected, rel_tol):
        self.n_checks += 1
        err = abs(value - expected) / max(abs(expected), 1e-300)
        status = "ok" if err <= rel_tol else "FAIL"
        print(f"  [{status}] {what}: {value:.12g} vs {expected:.12g} "
              f"(rel. error {err:.2e}, tolerance {rel_tol:.0e})")
        if err > rel_tol:
            self.failures.append(what)

    def true(self, what, condition):
        self.n_checks += 1
        print(f"  [{'ok' if condition else 'FAIL'}] {what}")
        if not condition:
            self.failures.append(what)

    def finish(self):
        passed = self.n_checks - len(self.failures)
        print(f"{passed} passed, {len(self.failures)} failed")
        sys.exit(1 if self.failures else 0)
