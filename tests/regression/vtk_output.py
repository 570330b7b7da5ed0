"""The ParaView output read back through VTK.

Independent expectations:
 - solution.pvd lists one .pvtu per output step (steps 0, every N, and the
   last) with the physical times step x End time / Number of steps;
 - each .pvtu holds the arrays displacement (3 components), strain_* and
   stress_* (xx yy zz xy xz yz), von_mises_stress, pressure, mpi_rank;
 - the number of points is (cells) x (p+1)^dim, cells = 2 x round(2H/W)
   coarse cells x 2^(dim r) for the rectangle refined r times (DataOut
   writes each cell as its own patch with p subdivisions);
 - on the top platen the axial displacement equals -rate t H (float32
   precision), and for a homogeneous frictionless state the von Mises
   stress is |sigma_axial| = E/(1-nu^2) eps sqrt(1 - nu + nu^2) in plane
   strain (sigma_zz = nu sigma_yy) and pressure = (1+nu)/3 sigma.
 - with 2 ranks, grouped into 1 file: mpi_rank takes the values 0 and 1.
"""
import math
import os
import xml.etree.ElementTree as ET

import numpy as np
import vtk
from vtk.util.numpy_support import vtk_to_numpy

import common

args = common.arguments()
prm = os.path.join(args.source_dir, "parameter_files", "elastic_compression_2d.prm")
check = common.Checker()
E, NU, H, W, RATE = 96e9, 0.36, 4e-3, 2e-3, 1e-4
END, STEPS, EVERY, REF = 100.0, 4, 3, 2

for degree in (1, 2):
    folder = os.path.join(args.work_dir, f"q{degree}")
    common.run(args, prm, {"Output/Directory": folder, "Output/Output every": str(EVERY),
                           "Finite element/Polynomial degree": str(degree),
                           "Geometry/Global refinements": str(REF),
                           "Time stepping/End time": str(END),
                           "Time stepping/Number of steps": str(STEPS)}, ranks=2)
    pvd = ET.parse(os.path.join(folder, "solution.pvd")).getroot()
    datasets = pvd.findall(".//DataSet")
    expected_steps = [0, 3, 4]
    check.true(f"Q{degree}: pvd has {len(datasets)} entries, expected 3",
               len(datasets) == len(expected_steps))
    cells = 2 * round(2 * H / W) * 4**REF
    for ds, step in zip(datasets, expected_steps):
        t = float(ds.get("timestep"))
        check.true(f"Q{degree} step {step}: pvd time {t} = {step * END / STEPS}",
                   abs(t - step * END / STEPS) <= 1e-12 * END)
        reader = vtk.vtkXMLPUnstructuredGridReader()
        reader.SetFileName(os.path.join(folder, ds.get("file")))
        reader.Update()
        grid = reader.GetOutput()
        check.true(f"Q{degree} step {step}: {grid.GetNumberOfPoints()} points, "
                   f"expected {cells * (degree + 1)**2}",
                   grid.GetNumberOfPoints() == cells * (degree + 1)**2)
        pd = grid.GetPointData()
        names = {pd.GetArrayName(i) for i in range(pd.GetNumberOfArrays())}
        names |= {grid.GetCellData().GetArrayName(i)
                  for i in range(grid.GetCellData().GetNumberOfArrays())}
        wanted = {"displacement", "von_mises_stress", "pressure", "mpi_rank"}
        wanted |= {f"{f}_{c}" for f in ("strain", "stress")
                   for c in ("xx", "yy", "zz", "xy", "xz", "yz")}
        check.true(f"Q{degree} step {step}: arrays present (missing: {wanted - names})",
                   wanted <= names)
        if step == 0 or not wanted <= names:
            continue
        x = vtk_to_numpy(grid.GetPoints().GetData())
        u = vtk_to_numpy(pd.GetArray("displacement"))
        top = np.abs(x[:, 1] - H) < 1e-9
        eps = RATE * t
        check.close(f"Q{degree} step {step}: top axial displacement",
                    float(np.mean(u[top, 1])), -eps * H, 1e-5)
        sigma = E / (1 - NU**2) * eps
        check.close(f"Q{degree} step {step}: von Mises",
                    float(np.mean(vtk_to_numpy(pd.GetArray("von_mises_stress")))),
                    sigma * math.sqrt(1 - NU + NU**2), 1e-5)
        check.close(f"Q{degree} step {step}: pressure",
                    float(np.mean(vtk_to_numpy(pd.GetArray("pressure")))),
                    (1 + NU) / 3 * sigma, 1e-5)
        # deal.II writes cell-wise data as (patch-constant) point data
        ranks = set(np.unique(vtk_to_numpy(pd.GetArray("mpi_rank"))))
        check.true(f"Q{degree} step {step}: mpi_rank values {ranks}", ranks == {0, 1})

check.finish()
