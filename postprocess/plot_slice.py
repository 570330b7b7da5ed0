#!/usr/bin/env python3
"""Colour map of one field of a 3D Rejuv result on a plane cut (loading axis z).

    plot_slice.py RESULT_DIR [--field plastic_shear_strain] [--step N] [--normal y]
                  [--origin 0] [--component I] [-o slice.png] [--deformed]

Reads solution.pvd (the last step unless --step), the .pvtu it names and its
.vtu pieces through VTK, cuts the mesh with the plane normal to the axis
--normal at that coordinate = --origin [m] (vtkCutter; default the
meridional plane y = 0), triangulates the cut (vtkTriangleFilter) and draws
the field with matplotlib: axes in mm, horizontal/vertical = x/z for normal
y, y/z for normal x, x/y for normal z (a cross-section, e.g. --normal z
--origin 0.002). A vector or tensor field is drawn as its magnitude (the
Frobenius norm of all components), or its component --component I (0-based,
in the order stored). Point fields are interpolated on the cut (Gouraud
shading), cell fields (mpi_rank) drawn flat. --deformed moves the points by
the point field `displacement` (times --scale) before cutting
(vtkWarpVector). Prints the range of the plotted values on the cut.
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
from vtk.util.numpy_support import numpy_to_vtk, vtk_to_numpy  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rejuv_results import pvtu_of  # noqa: E402

PROG = "plot_slice.py"
AXES = {"x": (1, 2), "y": (0, 2), "z": (0, 1)}  # in-plane axes per normal
NAMES = "xyz"


def read(pvtu):
    reader = vtk.vtkXMLPUnstructuredGridReader()
    reader.SetFileName(pvtu)
    reader.Update()
    grid = reader.GetOutput()
    if grid.GetNumberOfCells() == 0:
        sys.exit(f"{PROG}: '{pvtu}' holds no cells (missing .vtu pieces?)")
    return grid


def array_names(data):
    return [data.GetArrayName(i) for i in range(data.GetNumberOfArrays())]


def add_plotted(grid, pvtu, field, component):
    """Store the plotted scalar (magnitude or component) as '_plotted'.

    Returns (point_data: bool, colourbar label)."""
    for data, point_data in ((grid.GetPointData(), True), (grid.GetCellData(), False)):
        if data.GetArray(field) is not None:
            break
    else:
        sys.exit(f"{PROG}: no field '{field}' in {pvtu}; point fields: "
                 + ", ".join(array_names(grid.GetPointData())) + "; cell fields: "
                 + (", ".join(array_names(grid.GetCellData())) or "none"))
    values = vtk_to_numpy(data.GetArray(field)).astype(float)
    label = field
    if values.ndim > 1:
        if component is None:
            values = np.linalg.norm(values, axis=1)
            label = f"|{field}|"
        elif not 0 <= component < values.shape[1]:
            sys.exit(f"{PROG}: --component {component} out of range: '{field}' in "
                     f"{pvtu} has {values.shape[1]} components")
        else:
            values = values[:, component]
            label = f"{field}[{component}]"
    elif component not in (None, 0):
        sys.exit(f"{PROG}: --component {component}: '{field}' in {pvtu} is a scalar")
    array = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
    array.SetName("_plotted")
    data.AddArray(array)
    return point_data, label


def cut(grid, pvtu, normal, origin, deformed, scale):
    """Triangulated plane cut: points (n, 3), triangles (m, 3), the vtkPolyData."""
    source = grid
    if deformed:
        u = grid.GetPointData().GetArray("displacement")
        if u is None or u.GetNumberOfComponents() != 3:
            sys.exit(f"{PROG}: --deformed needs a 3-component point field "
                     f"'displacement' in {pvtu}; point fields: "
                     + ", ".join(n for n in array_names(grid.GetPointData())
                               if n != "_plotted"))
        warp = vtk.vtkWarpVector()
        warp.SetInputData(grid)
        warp.SetInputArrayToProcess(0, 0, 0, vtk.vtkDataObject.FIELD_ASSOCIATION_POINTS,
                                    "displacement")
        warp.SetScaleFactor(scale)
        warp.Update()
        source = warp.GetOutput()
    plane = vtk.vtkPlane()
    n = np.zeros(3)
    n[NAMES.index(normal)] = 1.0
    plane.SetNormal(*n)
    plane.SetOrigin(*(origin * n))
    cutter = vtk.vtkCutter()
    cutter.SetCutFunction(plane)
    cutter.SetInputData(source)
    triangles = vtk.vtkTriangleFilter()
    triangles.SetInputConnection(cutter.GetOutputPort())
    triangles.PassLinesOff()
    triangles.PassVertsOff()
    triangles.Update()
    poly = triangles.GetOutput()
    if poly.GetNumberOfPolys() == 0:
        lo, hi = source.GetBounds()[2 * NAMES.index(normal):2 * NAMES.index(normal) + 2]
        sys.exit(f"{PROG}: the plane {normal} = {origin:g} m misses the mesh of "
                 f"{pvtu} ({normal} in [{lo:g}, {hi:g}] m)")
    points = vtk_to_numpy(poly.GetPoints().GetData())
    tris = vtk_to_numpy(poly.GetPolys().GetConnectivityArray()).reshape(-1, 3)
    return points, tris, poly


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("result_dir")
    p.add_argument("--field", default="plastic_shear_strain")
    p.add_argument("--step", type=int, default=None)
    p.add_argument("--normal", choices=list(NAMES), default="y",
                   help="axis normal to the cutting plane (default y)")
    p.add_argument("--origin", type=float, default=0.0,
                   help="coordinate of the plane along the normal [m] (default 0)")
    p.add_argument("--component", type=int, default=None,
                   help="component of a vector/tensor field (default: magnitude)")
    p.add_argument("--deformed", action="store_true",
                   help="cut the mesh moved by the point field 'displacement'")
    p.add_argument("--scale", type=float, default=1.0,
                   help="displacement magnification with --deformed (default 1)")
    p.add_argument("--cmap", default="inferno")
    p.add_argument("--range", type=float, nargs=2, default=None, metavar=("MIN", "MAX"),
                   help="colour range (default: the values on the cut)")
    p.add_argument("-o", "--output", default="slice.png")
    a = p.parse_args()

    pvtu, time = pvtu_of(a.result_dir, a.step, PROG)
    grid = read(pvtu)
    bounds = grid.GetBounds()
    if bounds[4] == bounds[5]:
        sys.exit(f"{PROG}: '{pvtu}' is a 2D result (flat in z); use plot_field.py")
    point_data, label = add_plotted(grid, pvtu, a.field, a.component)
    points, tris, poly = cut(grid, pvtu, a.normal, a.origin, a.deformed, a.scale)
    data = poly.GetPointData() if point_data else poly.GetCellData()
    values = vtk_to_numpy(data.GetArray("_plotted"))

    h, v = AXES[a.normal]
    xy = points[:, [h, v]] * 1e3
    area = np.cross(xy[tris[:, 1]] - xy[tris[:, 0]], xy[tris[:, 2]] - xy[tris[:, 0]])
    keep = np.abs(area) > 1e-12 * np.ptp(xy, axis=0).prod()  # drop slivers
    tri = mtri.Triangulation(xy[:, 0], xy[:, 1], tris[keep])
    print(f"{pvtu}, t = {time:g} s: plane {a.normal} = {a.origin:g} m, "
          f"{keep.sum()} triangles, {label} on the cut in "
          f"[{values.min():.6g}, {values.max():.6g}]")

    width, height = np.ptp(xy, axis=0)
    aspect = np.clip(height / width, 0.2, 5) if width > 0 else 1.0
    size = (max(5 / aspect, 1.5) + 1.6, 5.6) if aspect >= 1 else (6.6, 5 * aspect + 0.9)
    fig, ax = plt.subplots(figsize=size)
    if point_data:
        m = ax.tripcolor(tri, values, shading="gouraud", cmap=a.cmap,
                         **({"vmin": a.range[0], "vmax": a.range[1]} if a.range else {}))
    else:
        m = ax.tripcolor(tri, facecolors=values[keep], cmap=a.cmap,
                         **({"vmin": a.range[0], "vmax": a.range[1]} if a.range else {}))
    fig.colorbar(m, ax=ax, label=label, shrink=0.9)
    ax.set_aspect("equal")
    ax.set_xlabel(f"{NAMES[h]} [mm]")
    ax.set_ylabel(f"{NAMES[v]} [mm]")
    ax.set_title(f"t = {time:g} s, {a.normal} = {a.origin * 1e3:g} mm"
                 + (" (deformed)" if a.deformed else ""), fontsize=10)
    fig.tight_layout()
    fig.savefig(a.output, dpi=130)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
