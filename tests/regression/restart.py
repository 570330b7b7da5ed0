"""Checkpoint/restart of an adaptive shear-band run, whole program.

Independent expectations (the reference is the same run without a stop):
 - N steps in one run vs. stopped by SIGTERM part way (finish the step,
   write a checkpoint, exit 0) and resumed: every statistics column (wall
   time aside) agrees to 1e-10 relative on the same number of ranks, the
   mesh adapting every 2 steps (so the checkpoint holds an adapted mesh);
 - stopped on 2 ranks (SIGUSR1 to mpirun, which forwards it) and resumed
   on 1: the physical columns agree to 1e-6 (solver iteration counts may
   differ with the partition);
 - killed with SIGKILL at an arbitrary moment (checkpoint every 2 steps),
   with a half-written newer checkpoint folder left behind: the resumed run
   still reproduces the uninterrupted run with the same checkpoints to
   1e-10 (the pointer only ever names a complete checkpoint), and the
   physical columns of the run without checkpoints to 1e-6 (writing a
   checkpoint rebuilds the preconditioners, as a resumed run must; with
   inexact Newton solves the results then differ within the Newton
   tolerance);
 - with every linear solve to the linear solver's tolerance (Linear
   tolerance factor = 0), checkpoints change the linear iteration counts
   only: physical columns with and without checkpoints agree to 1e-10;
 - statistics.csv and solution.pvd of a resumed run have each step / output
   time exactly once, in order;
 - a resume with a changed material parameter stops with an error naming it
   and leaves the results untouched; Resume = true without a checkpoint is
   an error; Resume = false starts over.
"""
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import common

args = common.arguments()
prm = os.path.join(args.source_dir, "parameter_files", "uniaxial_compression_2d.prm")
check = common.Checker()
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")

N = 16
base = {"Geometry/Global refinements": "2",
        "Time stepping/End time": "400", "Time stepping/Number of steps": str(N),
        "Mesh refinement/Refine every": "2",
        "Mesh refinement/Initial refinement cycles": "1",
        "Mesh refinement/Maximum level": "3",
        "Mesh refinement/Minimum level": "2",
        "Output/Output every": "3"}


def folder(name):
    return os.path.join(args.work_dir, name)


def command(name, ranks, extra=None):
    cmd = [args.rejuv, prm]
    for k, v in dict(base, **{"Output/Directory": folder(name)}, **(extra or {})).items():
        cmd += ["--set", f"{k}={v}"]
    if ranks > 1:
        cmd = [args.mpiexec, "-np", str(ranks)] + cmd
    return cmd


def rows_written(name):
    try:
        with open(os.path.join(folder(name), "statistics.csv")) as f:
            return sum(1 for _ in f) - 1
    except FileNotFoundError:
        return 0


def run_until(name, ranks, rows, sig, extra=None):
    """Start a run, send @p sig once @p rows statistics rows exist."""
    proc = subprocess.Popen(command(name, ranks, extra), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env,
                            start_new_session=True)
    while proc.poll() is None and rows_written(name) < rows:
        time.sleep(0.05)
    if proc.poll() is None:
        if sig == signal.SIGKILL:
            os.killpg(proc.pid, sig)  # mpirun and the ranks alike
        else:
            proc.send_signal(sig)
    out, _ = proc.communicate(timeout=600)
    return proc.returncode, out


def resume(name, ranks, extra=None, expect_success=True):
    proc = subprocess.run(command(name, ranks, extra), capture_output=True, text=True,
                          env=env, timeout=900)
    if expect_success and proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        sys.exit(f"FAILED: resuming {name} exited with {proc.returncode}")
    return proc


def compare(what, name, reference, rel_tol, skip=("wall time",)):
    a = common.read_statistics(folder(reference))
    b = common.read_statistics(folder(name))
    check.true(f"{what}: {len(b['step'])} rows, steps 0..{N} once each",
               b["step"] == list(range(N + 1)))
    worst, where = 0.0, ""
    for column in a:
        if column in skip:
            continue
        for i, (x, y) in enumerate(zip(a[column], b[column])):
            if x != x and y != y:  # both NaN (no band yet)
                continue
            err = abs(x - y) / max(abs(x), abs(y), 1e-300)
            if err > worst:
                worst, where = err, f"{column}, step {i}"
    check.true(f"{what}: largest relative difference {worst:.2e} ({where or '-'}) "
               f"<= {rel_tol:.0e}", worst <= rel_tol)


def pvd_times(name):
    root = ET.parse(os.path.join(folder(name), "solution.pvd")).getroot()
    return [float(d.get("timestep")) for d in root.iter("DataSet")]


# References: uninterrupted on 1 and 2 ranks.
for ranks in (1, 2):
    common.run(args, prm, dict(base, **{"Output/Directory": folder(f"reference_np{ranks}")}),
               ranks=ranks)
reference_times = pvd_times("reference_np1")
cells = common.read_statistics(folder("reference_np1"))["cells"]
check.true(f"the mesh adapts during the run (cells {cells[1]:.0f} -> {cells[-1]:.0f})",
           len(set(cells[1:])) > 2)

# SIGTERM on 1 rank, resumed on 1 rank.
code, out = run_until("term_np1", 1, N // 2, signal.SIGTERM)
check.true("SIGTERM: the run stops after finishing a step, exit code 0",
           code == 0 and "Stopped by a signal" in out)
stopped_at = rows_written("term_np1") - 1
check.true(f"SIGTERM: stopped part way (step {stopped_at} of {N})", 0 < stopped_at < N)
out = resume("term_np1", 1).stdout
check.true("resumed from the checkpoint", f"Resuming from" in out)
compare("SIGTERM 1 -> 1 rank", "term_np1", "reference_np1", 1e-10)
check.true("resumed .pvd lists every output time once, in order",
           pvd_times("term_np1") == reference_times)

# SIGUSR1 to mpirun on 2 ranks, resumed on 1 rank.
code, out = run_until("usr1_np2", 2, N // 2, signal.SIGUSR1)
check.true("SIGUSR1 via mpirun: the run stops with a checkpoint",
           code == 0 and "Stopped by a signal" in out)
resume("usr1_np2", 1)
compare("2 -> 1 ranks", "usr1_np2", "reference_np2", 1e-6,
        skip=("wall time", "linear iterations"))

# SIGKILL at an arbitrary moment; a half-written newer checkpoint left over.
code, _ = run_until("kill_np1", 1, N // 2 + 1, signal.SIGKILL,
                    {"Checkpointing/Checkpoint every": "2"})
check.true("SIGKILL: the run died", code != 0)
half = os.path.join(folder("kill_np1"), "checkpoint", "step-999999")
os.makedirs(half, exist_ok=True)
with open(os.path.join(half, "mesh"), "w") as f:
    f.write("garbage")
resume("kill_np1", 1, {"Checkpointing/Checkpoint every": "2"})
common.run(args, prm, dict(base, **{"Output/Directory": folder("reference_every2"),
                                    "Checkpointing/Checkpoint every": "2"}))
compare("SIGKILL + leftover folder, resumed", "kill_np1", "reference_every2", 1e-10)
# Writing a checkpoint rebuilds the preconditioners (as a resumed run
# must). With every linear solve to the linear solver's own tolerance this
# changes the linear iteration counts only; with the default inexact Newton
# solves (Nonlinear solver/Linear tolerance factor) the results differ
# within the Newton tolerance.
exact = {"Nonlinear solver/Linear tolerance factor": "0"}
for name, extra in (("exact_every2", {"Checkpointing/Checkpoint every": "2"}),
                    ("exact_no_checkpoints", {})):
    common.run(args, prm, dict(base, **{"Output/Directory": folder(name)}, **exact,
                               **extra))
compare("checkpoints every 2 steps against none, linear solves to their own "
        "tolerance", "exact_every2", "exact_no_checkpoints", 1e-10,
        skip=("wall time", "linear iterations"))
compare("SIGKILL + leftover folder, resumed, against no checkpoints (inexact "
        "linear solves)", "kill_np1", "reference_np1", 1e-6,
        skip=("wall time", "linear iterations"))

# A changed material parameter: clear error, results untouched.
code, _ = run_until("changed", 1, N // 2, signal.SIGTERM)
before = open(os.path.join(folder("changed"), "statistics.csv")).read()
proc = resume("changed", 1, {"Elasticity/Young's modulus": "90e9"}, expect_success=False)
message = proc.stdout + proc.stderr
check.true("changed Young's modulus on resume: non-zero exit naming the entry",
           proc.returncode != 0 and "Elasticity/Young's modulus" in message)
check.true("... and statistics.csv untouched",
           open(os.path.join(folder("changed"), "statistics.csv")).read() == before)
# a larger number of steps at the same step size may go on
proc = resume("changed", 1, {"Time stepping/End time": "500",
                             "Time stepping/Number of steps": str(N + 4)})
check.true("more steps at the same step size: resumed and extended",
           common.read_statistics(folder("changed"))["step"][-1] == N + 4)

proc = resume("fresh", 1, {"Checkpointing/Resume": "true"}, expect_success=False)
check.true("Resume = true without a checkpoint: non-zero exit with a message",
           proc.returncode != 0 and "no complete checkpoint" in proc.stdout + proc.stderr)
proc = resume("changed", 1, {"Checkpointing/Resume": "false", "Time stepping/Number of steps": "2",
                             "Time stepping/End time": "50"})
check.true("Resume = false starts over (2 steps) and removes the checkpoint",
           common.read_statistics(folder("changed"))["step"] == [0, 1, 2]
           and not os.path.exists(os.path.join(folder("changed"), "checkpoint")))

check.finish()
