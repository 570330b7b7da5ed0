"""Every example in parameter_files/ is valid and runs (smoke test).

Independent expectation: `rejuv --validate` accepts each file (exit 0),
and each runs at reduced size (coarse mesh, 10 steps over its full loading,
so the free-volume examples go through yield and softening) on 2 ranks to
the end, its statistics.csv having one row per step plus the initial state.
"""
import glob
import os
import subprocess

import common

args = common.arguments()
check = common.Checker()
files = sorted(glob.glob(os.path.join(args.source_dir, "parameter_files", "*.prm")))
check.true(f"{len(files)} parameter files found", len(files) >= 2)
for prm in files:
    name = os.path.splitext(os.path.basename(prm))[0]
    proc = subprocess.run([args.rejuv, "--validate", prm], capture_output=True, text=True,
                          cwd=args.work_dir, timeout=120)
    check.true(f"{name}: --validate exit code {proc.returncode}", proc.returncode == 0)
    folder = os.path.join(args.work_dir, name)
    # Adaptive examples are capped at two levels above the coarse mesh: at
    # their own maximum they refine into the band and run for minutes.
    common.run(args, prm, {"Output/Directory": folder, "Geometry/Global refinements": "0",
                           "Mesh refinement/Minimum level": "0",
                           "Mesh refinement/Maximum level": "2",
                           "Time stepping/Number of steps": "10"}, ranks=2)
    rows = common.read_statistics(folder)["step"]
    check.true(f"{name}: {len(rows)} statistics rows, expected 11", len(rows) == 11)
check.finish()
