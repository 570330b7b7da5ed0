"""The other refinement options and weighted load balancing, whole program.

Independent expectations (the 2D band example, coarse, a seed below the
mid-plane so the specimen is not symmetric about it):
 - partition weights (Plastic cell weight = 4, 2 ranks) move cells between
   the ranks (at some output the points per rank differ from the
   unweighted run's: not necessarily at the last, where nearly every cell
   may flow and the weights are uniform again) but not the physics: force, stresses, strains, free volume and
   cell counts agree with the unweighted run to 1e-6 relative (the results
   do not depend on the partition; the band angle and width are left out:
   their strip search picks between nearly equal strips and can move by a
   strip on round-off);
 - the Mohr-Coulomb utilisation and Kelly indicators with the fraction
   strategy adapt the mesh: after the first adaptation the cell count
   differs from the initial one, and the finest cells never go beyond
   Maximum level (h_min >= h_0 / 2^max, checked from the output points).
"""
import glob
import os

import numpy as np
import vtk
from vtk.util.numpy_support import vtk_to_numpy

import common

args = common.arguments()
prm = os.path.join(args.source_dir, "parameter_files", "uniaxial_compression_2d.prm")
check = common.Checker()
base = {"Geometry/Global refinements": "2",
        "Time stepping/End time": "400", "Time stepping/Number of steps": "16",
        "Initial free volume/Perturbation center": "-1e-3, 0.8e-3",
        "Mesh refinement/Refine every": "2",
        "Mesh refinement/Initial refinement cycles": "1",
        "Mesh refinement/Minimum level": "2",
        "Mesh refinement/Maximum level": "4",
        "Output/Output every": "2"}


def read_output(file):
    reader = vtk.vtkXMLPUnstructuredGridReader()
    reader.SetFileName(file)
    reader.Update()
    return reader.GetOutput()


def last_output(folder):
    return read_output(sorted(glob.glob(os.path.join(folder, "solution_*.pvtu")))[-1])


def points_per_rank(folder):
    """Points per rank at every output, in step order."""
    counts = []
    for file in sorted(glob.glob(os.path.join(folder, "solution_*.pvtu"))):
        ranks = vtk_to_numpy(read_output(file).GetPointData().GetArray("mpi_rank"))
        counts.append(list(np.bincount(ranks.astype(int))))
    return counts


runs = {}
for weight in ("1", "4"):
    folder = os.path.join(args.work_dir, f"weight{weight}")
    common.run(args, prm, dict(base, **{"Output/Directory": folder,
                                        "Mesh refinement/Plastic cell weight": weight}),
               ranks=2)
    runs[weight] = (common.read_statistics(folder), points_per_rank(folder))
(s1, n1), (s4, n4) = runs["1"], runs["4"]
check.true(f"{len(n1)} outputs in both runs", len(n1) == len(n4) and len(n1) > 1)
differ = [k for k, (a, b) in enumerate(zip(n1, n4)) if a != b]
check.true(f"weighted partition differs at outputs {differ} (points per rank "
           f"{[n4[k] for k in differ]} vs {[n1[k] for k in differ]})", len(differ) > 0)
for column in ("platen force", "engineering stress", "lateral strain",
               "mean free volume", "max plastic shear strain", "cells"):
    worst = max(abs(a - b) / max(abs(a), abs(b), 1e-300)
                for a, b in zip(s1[column], s4[column]))
    check.true(f"{column}: weighted vs unweighted, largest relative difference "
               f"{worst:.1e} <= 1e-6", worst <= 1e-6)

folder = os.path.join(args.work_dir, "mc_kelly")
common.run(args, prm, dict(base, **{"Output/Directory": folder,
                                    "Mesh refinement/Indicators":
                                        "Mohr-Coulomb utilisation, Kelly",
                                    "Mesh refinement/Strategy": "fraction",
                                    "Time stepping/Number of steps": "6",
                                    "Output/Output every": "6"}))
cells = common.read_statistics(folder)["cells"]
check.true(f"Mohr-Coulomb utilisation + Kelly, fraction: the mesh adapts "
           f"(cells {[int(c) for c in cells]})", len(set(cells)) > 1)
grid = last_output(folder)
points = vtk_to_numpy(grid.GetPoints().GetData())
cells_pts = vtk_to_numpy(grid.GetCells().GetData()).reshape(-1, 5)[:, 1:]
h = np.min(np.linalg.norm(points[cells_pts[:, 1]] - points[cells_pts[:, 0]], axis=1))
h_min = 1e-3 / 2**4  # coarse cells 1 mm (2 x 4 of them), level 4
check.true(f"finest output cell edge {h:.3e} m >= {h_min:.3e} m (Maximum level 4)",
           h >= h_min * (1 - 1e-6))
check.finish()
