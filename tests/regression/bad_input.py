"""Bad input is rejected clearly, and never overwrites earlier results.

Independent expectation, per case: a non-zero exit code below 128 (no
crash, no signal), a message on stderr that contains the named pieces
(entry, file/line or what was expected), no stack trace, and the result
folder of an earlier good run byte-for-byte unchanged. One case runs on 2
MPI ranks to show an error there ends every rank (no hang: a timeout
fails the test).
"""
import hashlib
import os
import subprocess

import common

args = common.arguments()
check = common.Checker()
good_prm = os.path.join(args.source_dir, "parameter_files", "elastic_compression_2d.prm")
results = os.path.join(args.work_dir, "earlier_results")
common.run(args, good_prm, {"Output/Directory": results,
                            "Geometry/Global refinements": "1",
                            "Time stepping/Number of steps": "2"})


def snapshot(folder):
    digest = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                digest[path] = (hashlib.sha256(f.read()).hexdigest(), os.path.getmtime(path))
    return digest


before = snapshot(results)
a_file = os.path.join(args.work_dir, "plain_file")
open(a_file, "w").write("not a folder\n")


def prm_file(name, body):
    path = os.path.join(args.work_dir, name + ".prm")
    with open(path, "w") as f:
        f.write("set Dimension = 2\nsubsection Output\n"
                f"  set Directory = {results}\nend\n" + body)
    return path


cloud_file = os.path.join(args.work_dir, "cloud.csv")
with open(cloud_file, "w") as f:
    f.write("x,y,free_volume\n0,1e-3,0.05\n5e-4,2e-3,0.05\n")
outside_file = os.path.join(args.work_dir, "outside.csv")
with open(outside_file, "w") as f:
    f.write("x,y,free_volume\n0,1e-3,0.05\n0,9e-3,0.05\n")
# generated from meshes/layered_specimen.geo by the build (tests/CMakeLists.txt)
mesh_file = os.path.normpath(os.path.join(args.work_dir, "..", "..", "meshes",
                                          "layered_specimen.msh"))
check.true(f"mesh {mesh_file} exists", os.path.exists(mesh_file))

cases = [
    ("unknown entry", "subsection Elasticity\n  set Youngs modulus = 1e9\nend\n",
     {}, ["Youngs modulus", "Line <6>"]),
    ("wrong type", "subsection Elasticity\n  set Young's modulus = stiff\nend\n",
     {}, ["Young's modulus", "stiff", "Line <6>"]),
    ("negative E", "subsection Elasticity\n  set Young's modulus = -5\nend\n",
     {}, ["Young's modulus", "-5"]),
    ("zero E", "subsection Elasticity\n  set Young's modulus = 0\nend\n",
     {}, ["Elasticity/Young's modulus", "> 0", "line 6"]),
    ("nu = 0.5", "subsection Elasticity\n  set Poisson's ratio = 0.5\nend\n",
     {}, ["Elasticity/Poisson's ratio", "between -1 and 0.5", "line 6"]),
    ("nu < -1", "subsection Elasticity\n  set Poisson's ratio = -1.5\nend\n",
     {}, ["Poisson's ratio", "-1.5"]),
    ("negative end time", "subsection Time stepping\n  set End time = -1\nend\n",
     {}, ["End time", "-1"]),
    ("zero end time", "", {"Time stepping/End time": "0"},
     ["Time stepping/End time", "> 0", "command line"]),
    ("negative strain rate", "subsection Boundary conditions\n  set Strain rate = -1e-4\nend\n",
     {}, ["Strain rate", "-1e-4"]),
    ("refinement levels crossed",
     "subsection Mesh refinement\n  set Refine every = 2\n  set Minimum level = 5\n"
     "  set Maximum level = 3\nend\n",
     {}, ["Mesh refinement/Minimum level", "must not exceed Maximum level (3)"]),
    ("unknown refinement indicator",
     "subsection Mesh refinement\n  set Refine every = 2\n  set Indicators = strain\nend\n",
     {}, ["Indicators", "strain"]),
    ("thresholds crossed",
     "subsection Mesh refinement\n  set Refine every = 2\n  set Refine threshold = 0.1\n"
     "  set Coarsen threshold = 0.2\nend\n",
     {}, ["Mesh refinement/Coarsen threshold", "below Refine threshold"]),
    ("bad resume value", "subsection Checkpointing\n  set Resume = maybe\nend\n",
     {}, ["Resume", "maybe"]),
    ("refinement above pattern", "subsection Geometry\n  set Global refinements = 13\nend\n",
     {}, ["Global refinements", "13"]),
    ("3D refinement too high", "subsection Geometry\n  set Global refinements = 9\nend\n",
     {"Dimension": "3"}, ["Geometry/Global refinements", "at most 8"]),
    ("cylinder in 2D", "subsection Geometry\n  set Specimen = cylinder\nend\n",
     {}, ["Geometry/Specimen", "Dimension = 3"]),
    ("missing mesh", "subsection Geometry\n  set Specimen = gmsh\n"
     "  set Mesh file = no_such_mesh.msh\nend\n", {}, ["Geometry/Mesh file", "does not exist"]),
    ("uncreatable output folder", "", {"Output/Directory": a_file + "/sub"},
     ["Output/Directory", "cannot be created"]),
    ("unbalanced subsection", "subsection Geometry\n", {}, ["subsection"]),
    ("unknown option", None, {}, ["unknown option"]),
    ("missing parameter file", "MISSING", {}, ["does not exist"]),
    ("friction expression", "subsection Material\n  set Model = free_volume\n"
     "  subsection Free volume model\n    set Friction law = expression\n"
     "    set Friction expression = 0.1 + foo*xi\n  end\nend\n", {},
     ["Material/Free volume model/Friction expression", "0.1 + foo*xi"]),
    ("minimum time step above the step", "", {"Time stepping/Minimum time step": "50"},
     ["Time stepping/Minimum time step", "nominal step"]),
    ("negative initial free volume", "subsection Initial free volume\n"
     "  set Perturbation amplitude = -0.06\nend\n", {},
     ["Initial free volume/Perturbation amplitude", "> 0"]),
    ("notched cylinder in 2D", "subsection Geometry\n  set Specimen = notched_cylinder\nend\n",
     {}, ["Geometry/Specimen", "Dimension = 3"]),
    ("V notch opening below 10 deg", "subsection Geometry\n  set Specimen = notched_plate\n"
     "  subsection Notch\n    set Opening angle = 5\n  end\nend\n", {},
     ["Geometry/Notch/Opening angle", "[10, 170]"]),
    ("notch wider than the specimen", "subsection Geometry\n  set Specimen = notched_plate\n"
     "  subsection Notch\n    set Relative position = 0.02\n  end\nend\n", {},
     ["Geometry/Notch/Relative position", "inside the specimen"]),
    ("missing free-volume file", "subsection Initial free volume\n"
     "  set File = no_such_cloud.csv\nend\n", {},
     ["Initial free volume/File", "does not exist"]),
    ("free-volume file without the column", "subsection Initial free volume\n"
     f"  set File = {cloud_file}\n  set File array = xi\nend\n", {},
     ["xi", "free_volume", "cloud.csv"]),
    ("free-volume points outside the specimen", "subsection Initial free volume\n"
     f"  set File = {outside_file}\nend\n", {},
     ["Initial free volume/File", "outside the specimen", "1 of 2"]),
    ("free-volume expression", "subsection Initial free volume\n"
     "  set Expression = 0.01*zz\nend\n", {},
     ["Initial free volume/Expression", "0.01*zz"]),
    ("free volume driven below zero", "subsection Initial free volume\n"
     "  set Gradient = 100, 0\nend\n", {},
     ["Initial free volume", "(0, 1)"]),
    ("shell profile on a gmsh mesh", "subsection Geometry\n  set Specimen = gmsh\n"
     f"  set Mesh file = {mesh_file}\nend\nsubsection Initial free volume\n"
     "  set Shell profile = linear\nend\n", {},
     ["Initial free volume/Shell profile", "analytical"]),
    ("cg with a non-symmetric tangent", "subsection Material\n  set Model = free_volume\n"
     "end\nsubsection Linear solver\n  set Solver = cg\nend\n", {},
     ["Linear solver/Solver", "non-symmetric"]),
    ("AMG rebuild factor between 0 and 1", "",
     {"Linear solver/AMG rebuild factor": "0.5"},
     ["Linear solver/AMG rebuild factor", ">= 1"]),
]

for i, (label, body, overrides, needles) in enumerate(cases):
    if body is None:
        prm = prm_file(f"case{i}", "")
        proc = subprocess.run([args.rejuv, "--frobnicate", prm], capture_output=True,
                              text=True, timeout=120)
    elif body == "MISSING":
        proc = subprocess.run([args.rejuv, os.path.join(args.work_dir, "nothing.prm")],
                              capture_output=True, text=True, timeout=120)
    else:
        prm = prm_file(f"case{i}", body)
        proc = common.run(args, prm, overrides, expect_success=False, timeout=120)
    err = proc.stderr
    check.true(f"{label}: exit code {proc.returncode} in 1..127",
               0 < proc.returncode < 128)
    missing = [n for n in needles if n not in err]
    check.true(f"{label}: message names {needles}" + (f" (missing {missing}; got: {err.strip()})"
                                                      if missing else ""), not missing)
    check.true(f"{label}: no stack trace", "Stacktrace" not in err and "signal" not in err)

# an error on 2 ranks ends both (timeout would raise)
prm = prm_file("parallel", "subsection Elasticity\n  set Young's modulus = 0\nend\n")
proc = common.run(args, prm, {}, ranks=2, expect_success=False, timeout=120)
check.true(f"2 ranks: exit code {proc.returncode} non-zero", proc.returncode != 0)
check.true("2 ranks: message printed once",
           proc.stderr.count("Elasticity/Young's modulus") == 1)

check.true("earlier results untouched", snapshot(results) == before)
check.finish()
