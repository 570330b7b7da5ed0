#!/usr/bin/env python3
"""Colour map of one field of a 2D Rejuv result, for a quick look and docs.

    plot_field.py RESULT_DIR [--field plastic_shear_strain] [--step N] [--mesh] -o band.png

Reads solution.pvd (the last step unless --step), the .pvtu it names and
its .vtu pieces through VTK, splits each quadrilateral into two triangles
and draws the field with matplotlib on the undeformed mesh; --mesh draws
the cell edges over it (an adaptive mesh).
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.tri as mtri  # noqa: E402
import numpy as np  # noqa: E402
import vtk  # noqa: E402
from vtk.util.numpy_support import vtk_to_numpy  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rejuv_results import pvtu_of  # noqa: E402


def read(pvtu, field):
    reader = vtk.vtkXMLPUnstructuredGridReader()
    reader.SetFileName(pvtu)
    reader.Update()
    grid = reader.GetOutput()
    array = grid.GetPointData().GetArray(field)
    if array is None:
        names = [grid.GetPointData().GetArrayName(i)
                 for i in range(grid.GetPointData().GetNumberOfArrays())]
        sys.exit(f"plot_field.py: no field '{field}' in {pvtu}; available: "
                 + ", ".join(names))
    points = vtk_to_numpy(grid.GetPoints().GetData())[:, :2]
    values = vtk_to_numpy(array)
    cells = vtk_to_numpy(grid.GetCells().GetData()).reshape(-1, 5)[:, 1:]
    triangles = np.vstack([cells[:, [0, 1, 2]], cells[:, [0, 2, 3]]])
    return points, values, triangles, cells


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("result_dir")
    p.add_argument("--field", default="plastic_shear_strain")
    p.add_argument("--step", type=int, default=None)
    p.add_argument("--title", default=None)
    p.add_argument("--mesh", action="store_true", help="draw the cell edges")
    p.add_argument("-o", "--output", default="field.png")
    a = p.parse_args()
    pvtu, time = pvtu_of(a.result_dir, a.step, "plot_field.py")
    points, values, triangles, cells = read(pvtu, a.field)
    if values.ndim > 1:
        values = np.linalg.norm(values, axis=1)
    tri = mtri.Triangulation(points[:, 0] * 1e3, points[:, 1] * 1e3, triangles)
    fig, ax = plt.subplots(figsize=(3.2, 5))
    m = ax.tripcolor(tri, values, shading="gouraud", cmap="inferno")
    fig.colorbar(m, ax=ax, label=a.field)
    if a.mesh:
        from matplotlib.collections import PolyCollection
        quads = points[cells] * 1e3  # (cells, 4 corners, 2)
        ax.add_collection(PolyCollection(quads, facecolors="none", edgecolors="white",
                                         linewidths=0.15, alpha=0.5))
    ax.set_aspect("equal")
    ax.set_xlabel("x [mm]")
    ax.set_ylabel("y [mm]")
    ax.set_title(a.title or f"t = {time:g} s")
    fig.tight_layout()
    fig.savefig(a.output, dpi=130)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
