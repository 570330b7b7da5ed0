#!/usr/bin/python3
"""Writes the VTU fixtures read by tests/unit/point_cloud.cc with VTK's own
writer, in several encodings, into the current folder (the build runs it in
its tests folder, see tests/CMakeLists.txt); needs python3-vtk9.

Grid: 4 x 3 x 3 points, x = 0.1 i, y = 0.2 j, z = 0.3 k, 12 hexahedra.
Point data: "f" (Float64) and "f32" (Float32) = 1 + 2x - 3y + 0.5z,
"index" (Int32) = point id, "velocity" (3 components)."""
import vtk

nx, ny, nz = 4, 3, 3
points = vtk.vtkPoints()
points.SetDataTypeToDouble()
f = vtk.vtkDoubleArray()
f.SetName("f")
f32 = vtk.vtkFloatArray()
f32.SetName("f32")
index = vtk.vtkIntArray()
index.SetName("index")
velocity = vtk.vtkDoubleArray()
velocity.SetName("velocity")
velocity.SetNumberOfComponents(3)
for k in range(nz):
    for j in range(ny):
        for i in range(nx):
            x, y, z = 0.1 * i, 0.2 * j, 0.3 * k
            points.InsertNextPoint(x, y, z)
            value = 1 + 2 * x - 3 * y + 0.5 * z
            f.InsertNextValue(value)
            f32.InsertNextValue(value)
            index.InsertNextValue(points.GetNumberOfPoints() - 1)
            velocity.InsertNextTuple3(x, y, z)

grid = vtk.vtkUnstructuredGrid()
grid.SetPoints(points)
pid = lambda i, j, k: i + nx * (j + ny * k)
for k in range(nz - 1):
    for j in range(ny - 1):
        for i in range(nx - 1):
            hexa = vtk.vtkHexahedron()
            corners = [pid(i, j, k), pid(i + 1, j, k), pid(i + 1, j + 1, k),
                       pid(i, j + 1, k), pid(i, j, k + 1), pid(i + 1, j, k + 1),
                       pid(i + 1, j + 1, k + 1), pid(i, j + 1, k + 1)]
            for n, c in enumerate(corners):
                hexa.GetPointIds().SetId(n, c)
            grid.InsertNextCell(hexa.GetCellType(), hexa.GetPointIds())
for a in (f, f32, index, velocity):
    grid.GetPointData().AddArray(a)


def write(name, mode, encode=False, zlib=False, header64=False,
          big_endian=False, block_size=None):
    w = vtk.vtkXMLUnstructuredGridWriter()
    w.SetFileName(name)
    w.SetInputData(grid)
    {"ascii": w.SetDataModeToAscii, "binary": w.SetDataModeToBinary,
     "appended": w.SetDataModeToAppended}[mode]()
    w.SetEncodeAppendedData(encode)
    if zlib:
        w.SetCompressorTypeToZLib()
    else:
        w.SetCompressorTypeToNone()
    if block_size:
        w.SetBlockSize(block_size)
    if header64:
        w.SetHeaderTypeToUInt64()
    else:
        w.SetHeaderTypeToUInt32()
    if big_endian:
        w.SetByteOrderToBigEndian()
    else:
        w.SetByteOrderToLittleEndian()
    assert w.Write() == 1


write("point_cloud_ascii.vtu", "ascii")
write("point_cloud_appended_raw_zlib.vtu", "appended", zlib=True,
      block_size=128)
write("point_cloud_appended_base64_zlib_uint64.vtu", "appended",
      encode=True, zlib=True, header64=True, block_size=96)
write("point_cloud_binary_bigendian_uint64.vtu", "binary", header64=True,
      big_endian=True)
