#!/usr/bin/env python3
"""Shear-band angle on each side of a free-volume interface, and its deflection (2D).

    band_deflection.py RESULT_DIR [--field plastic_shear_strain] [--interface-x 0]
                       [--step N] [-o band_deflection.png] [--csv out.csv]

Plane strain: x across, y the loading axis, lengths in m; a band crosses an
interface at x = interface_x. Reads solution.pvd (the last step unless
--step) and the .pvtu it names, then on each side of the interface:
1. the point field (a vector: its magnitude) is probed on a regular grid
   (vtkProbeFilter; --spacing, default the mean cell size); left out are a
   strip 0.1 W wide (--gap) centred on the interface, 0.05 W at the lateral
   edges and 0.1 H at the platens; the weight is the excess over the
   background, f - median - 2 MAD where positive (MAD: scaled median
   absolute deviation), so the noise counts little;
2. Hough-type search, theta = -80..80 deg in 0.25 deg steps from the y axis,
   positive when x grows with y: the points are projected on the normal
   n = (cos theta, -sin theta); the score is the largest weight sum in a
   strip 2 grid spacings wide (slid in half-spacing steps); the best theta
   is refined by a parabola through its neighbours' scores;
3. the strip score favours angles whose strips are longest in the region
   (1-2 deg for a band a few cells wide, more for wider ones), so the line
   is then mean-shifted onto the ridge: in a window one band FWHM either
   side, the weighted mean normal position in 2-spacing bins along the band
   (dropping bins the region boundary cuts) is fitted by a line, onto which
   the trial line is turned and moved, until it stops.
The ridge is x cos(theta) - y sin(theta) = offset; score = the fraction of
the side's weight in the best Hough strip (near 1: one sharp band). If the
ridges' y at x = interface_x differ by more than 0.1 H, the dominant bands on
the two sides are different bands (a warning). The figure: the field on the
undeformed mesh (mm) with both ridges.
"""
import argparse
import csv
import math
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

PROG = "band_deflection.py"
ANGLES = np.arange(-80.0, 80.0 + 1e-9, 0.25)


def read(pvtu, field):
    reader = vtk.vtkXMLPUnstructuredGridReader()
    reader.SetFileName(pvtu)
    reader.Update()
    grid = reader.GetOutput()
    if grid.GetNumberOfCells() == 0:
        sys.exit(f"{PROG}: '{pvtu}' holds no cells (missing .vtu pieces?)")
    pd = grid.GetPointData()
    if pd.GetArray(field) is None:
        names = [pd.GetArrayName(i) for i in range(pd.GetNumberOfArrays())]
        sys.exit(f"{PROG}: no point field '{field}' in {pvtu}; available: "
                 + ", ".join(names))
    values = vtk_to_numpy(pd.GetArray(field)).astype(float)
    if values.ndim > 1:
        values = np.linalg.norm(values, axis=1)
    conn = vtk_to_numpy(grid.GetCells().GetConnectivityArray())
    offsets = vtk_to_numpy(grid.GetCells().GetOffsetsArray())
    sizes = np.diff(offsets)
    if not np.all((sizes == 3) | (sizes == 4)):
        sys.exit(f"{PROG}: '{pvtu}' has cells that are neither triangles nor "
                 "quadrilaterals (a 3D result? use plot_slice.py)")
    quads = conn[offsets[:-1][sizes == 4][:, None] + np.arange(4)]
    triangles = np.vstack([conn[offsets[:-1][sizes == 3][:, None] + np.arange(3)],
                           quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    return grid, vtk_to_numpy(grid.GetPoints().GetData())[:, :2], values, triangles


def probe(grid, field, xmin, xmax, ymin, ymax, spacing):
    """Field on a regular grid: X, Y, values (ny, nx), nan outside the mesh."""
    nx = int(round((xmax - xmin) / spacing)) + 1
    ny = int(round((ymax - ymin) / spacing)) + 1
    image = vtk.vtkImageData()
    image.SetOrigin(xmin, ymin, 0.0)
    image.SetDimensions(nx, ny, 1)
    image.SetSpacing((xmax - xmin) / (nx - 1), (ymax - ymin) / (ny - 1), 1.0)
    pf = vtk.vtkProbeFilter()
    pf.SetInputData(image)
    pf.SetSourceData(grid)
    pf.Update()
    out = pf.GetOutput().GetPointData()
    values = vtk_to_numpy(out.GetArray(field)).astype(float)
    if values.ndim > 1:
        values = np.linalg.norm(values, axis=1)
    values[vtk_to_numpy(out.GetArray(pf.GetValidPointMaskArrayName())) == 0] = np.nan
    X, Y = np.meshgrid(np.linspace(xmin, xmax, nx), np.linspace(ymin, ymax, ny))
    return X, Y, values.reshape(ny, nx)


def rotate(x, y, angle):
    """Normal (s) and along-band (t) coordinates for a band at angle [deg]."""
    c, sn = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return x * c - y * sn, x * sn + y * c


def strip(s, w, width):
    """Largest sum of w in a strip of the given width along s: (sum, centre)."""
    lo = s.min()
    hist = np.bincount(((s - lo) / (width / 4)).astype(int), weights=w)
    sums = np.convolve(hist, np.ones(4))[3:]
    j = int(np.argmax(sums))
    return sums[j], lo + (j + 2) * width / 4


def hough(x, y, w, width, angles=ANGLES):
    """Dominant straight ridge of the weights w: (angle, offset, score)."""
    scores = np.array([strip(rotate(x, y, a)[0], w, width)[0] for a in angles])
    k = int(np.argmax(scores))
    angle = angles[k]
    if 0 < k < angles.size - 1:
        s0, s1, s2 = scores[k - 1:k + 2]
        if s0 - 2 * s1 + s2 < 0:
            angle += 0.5 * (s0 - s2) / (s0 - 2 * s1 + s2) * (angles[1] - angles[0])
    score, offset = strip(rotate(x, y, angle)[0], w, width)
    return angle, offset, score / w.sum()


def fwhm(x, y, w, angle, offset, spacing):
    """Full width at half maximum of the excess across the ridge."""
    s = rotate(x, y, angle)[0] - offset + 20 * spacing
    near = (s > 0) & (s < 40 * spacing)
    hist = np.bincount((s[near] / (spacing / 2)).astype(int), weights=w[near])
    above = np.nonzero(hist >= 0.5 * hist.max())[0]
    return (above.max() - above.min() + 1) * spacing / 2


def refine(x, y, w, angle, offset, half, box, spacing):
    """Mean-shift the line onto the ridge centre (step 3 of the docstring)."""
    for _ in range(100):
        s, t = rotate(x, y, angle)
        win = np.abs(s - offset) <= half
        s, t, ww = s[win], t[win], w[win]
        bins = ((t - t.min()) / (2 * spacing)).astype(int)
        ends = t.min() + 2 * spacing * np.arange(bins.max() + 2)
        inside = np.ones(bins.max() + 1, bool)
        for ds in (-half, half):
            for te in (ends[:-1], ends[1:]):
                cx, cy = rotate(offset + ds, te, -angle)  # back to x, y
                inside &= (cx >= box[0]) & (cx <= box[1]) & (cy >= box[2]) & (cy <= box[3])
        weight = np.bincount(bins, weights=ww)
        full = inside & (weight > 0)
        if full.sum() < 3:
            break
        sc = np.bincount(bins, weights=ww * s)[full] / weight[full]
        tc = np.bincount(bins, weights=ww * t)[full] / weight[full]
        slope, intercept = np.polyfit(tc, sc, 1, w=np.sqrt(weight[full]))
        tm = np.average(tc, weights=weight[full])
        px, py = rotate(intercept + slope * tm, tm, -angle)
        step = math.degrees(math.atan(slope))
        angle += step
        moved = rotate(px, py, angle)[0] - offset
        offset += moved
        if abs(step) < 1e-3 and abs(moved) < 1e-3 * spacing:
            break
    return angle, offset


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("result_dir")
    p.add_argument("--field", default="plastic_shear_strain")
    p.add_argument("--interface-x", type=float, default=0.0,
                   help="x of the interface [m] (default 0)")
    p.add_argument("--step", type=int, default=None)
    p.add_argument("--spacing", type=float, default=None,
                   help="grid spacing [m] (default: the mean cell size)")
    p.add_argument("--gap", type=float, default=0.1,
                   help="width of the strip left out around the interface, / W")
    p.add_argument("--sign", choices=["any", "positive", "negative"], default="any",
                   help="only bands rising to the right (positive) or to the "
                   "left (negative): picks the band of interest where two cross")
    p.add_argument("-o", "--output", default="band_deflection.png")
    p.add_argument("--csv", default=None, help="write side,angle_deg,offset_m,score")
    a = p.parse_args()

    pvtu, time = pvtu_of(a.result_dir, a.step, PROG)
    grid, points, values, triangles = read(pvtu, a.field)
    xmin, ymin = points.min(axis=0)
    xmax, ymax = points.max(axis=0)
    W, H = xmax - xmin, ymax - ymin
    xi = a.interface_x
    if not xmin + 0.05 * W + a.gap * W / 2 < xi < xmax - 0.05 * W - a.gap * W / 2:
        sys.exit(f"{PROG}: interface x = {xi:g} m leaves no room on one side of "
                 f"the specimen in {pvtu} (x in [{xmin:g}, {xmax:g}] m)")
    spacing = a.spacing or math.sqrt(W * H / grid.GetNumberOfCells())
    X, Y, gv = probe(grid, a.field, xmin, xmax, ymin, ymax, spacing)
    ya, yb = ymin + 0.1 * H, ymax - 0.1 * H
    boxes = {"left": (xmin + 0.05 * W, xi - a.gap * W / 2, ya, yb),
             "right": (xi + a.gap * W / 2, xmax - 0.05 * W, ya, yb)}
    results = {}
    for side, box in boxes.items():
        mask = (np.isfinite(gv) & (X > box[0]) & (X < box[1])
                & (Y > box[2]) & (Y < box[3]))
        x, y, f = X[mask], Y[mask], gv[mask]
        if f.size < 10:
            sys.exit(f"{PROG}: too few grid points on the {side} side in {pvtu}")
        median = np.median(f)
        w = np.clip(f - median - 2 * 1.4826 * np.median(np.abs(f - median)), 0, None)
        if not np.any(w > 0):
            sys.exit(f"{PROG}: '{a.field}' in {pvtu} is uniform on the {side} "
                     "side: no band to measure")
        on = w > 0  # the Hough search needs only the weighted points
        angles = {"any": ANGLES, "positive": ANGLES[ANGLES > 0],
                  "negative": ANGLES[ANGLES < 0]}[a.sign]
        h_angle, h_offset, score = hough(x[on], y[on], w[on], 2 * spacing, angles)
        half = max(3 * spacing, fwhm(x, y, w, h_angle, h_offset, spacing))
        angle, offset = refine(x, y, w, h_angle, h_offset, half, box, spacing)
        if abs(angle - h_angle) > 10 or abs(angle) > 80:
            print(f"WARNING: {side} side: the ridge is poorly defined (Hough "
                  f"{h_angle:.1f} deg, refined {angle:.1f} deg)", file=sys.stderr)
        sn = math.sin(math.radians(angle))  # the ridge's y at x = xi:
        y_i = math.inf if abs(sn) < 1e-6 else (rotate(xi, 0, angle)[0] - offset) / sn
        results[side] = (angle, offset, score, h_angle, y_i)

    print(f"{pvtu}, t = {time:g} s, field {a.field}, grid spacing {spacing:.3g} m")
    print(f"{'side':<6} {'angle [deg]':>12} {'|angle| [deg]':>14} {'offset [m]':>12} "
          f"{'score':>7} {'Hough [deg]':>12}")
    for side in ("left", "right"):
        angle, offset, score, h_angle, _ = results[side]
        print(f"{side:<6} {angle:12.2f} {abs(angle):14.2f} {offset:12.4e} {score:7.3f} "
              f"{h_angle:12.2f}")
    deflection = abs(results["right"][0]) - abs(results["left"][0])
    print(f"deflection = |angle_right| - |angle_left| = {deflection:.2f} deg")
    ys = {side: r[4] for side, r in results.items()}
    gap = abs(ys["right"] - ys["left"]) / H
    print(f"ridges at x = {xi:g} m: y_left = {ys['left']:.4g} m, "
          f"y_right = {ys['right']:.4g} m, gap = {gap:.3f} H")
    if not gap <= 0.1:
        print(f"WARNING: the ridges miss each other by {gap:.2f} H > 0.1 H at the "
              "interface: the dominant bands on the two sides are different "
              "bands; the deflection is not meaningful", file=sys.stderr)

    if a.csv:
        with open(a.csv, "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(["side", "angle_deg", "offset_m", "score"])
            for side in ("left", "right"):
                angle, offset, score = results[side][:3]
                out.writerow([side, f"{angle:.4f}", f"{offset:.6e}", f"{score:.4f}"])
        print(f"wrote {a.csv}")

    tri = mtri.Triangulation(points[:, 0] * 1e3, points[:, 1] * 1e3, triangles)
    fig, ax = plt.subplots(figsize=(3.6, 5.4))
    m = ax.tripcolor(tri, values, shading="gouraud", cmap="inferno")
    fig.colorbar(m, ax=ax, label=a.field)
    ax.axvline(xi * 1e3, color="white", lw=0.6)
    yy = np.linspace(ymin, ymax, 400)
    for side, colour in (("left", "cyan"), ("right", "lime")):
        angle, offset = results[side][:2]
        xx = (offset + yy * math.sin(math.radians(angle))) / math.cos(math.radians(angle))
        on = ((xx <= xi) if side == "left" else (xx >= xi)) & (xx >= xmin) & (xx <= xmax)
        ax.plot(xx[on] * 1e3, yy[on] * 1e3, "--", color=colour, lw=1.2,
                label=f"{side}: {angle:.1f}°")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8,
              title=f"deflection {deflection:+.1f}°", title_fontsize=8)
    ax.set(xlim=(xmin * 1e3, xmax * 1e3), ylim=(ymin * 1e3, ymax * 1e3), aspect="equal",
           xlabel="x [mm]", ylabel="y [mm]", title=f"t = {time:g} s")
    fig.tight_layout()
    fig.savefig(a.output, dpi=130)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
