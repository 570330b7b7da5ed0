// Layered plane-strain plate for Rejuv (2D, Geometry/Specimen = gmsh).
//
// A plate Width x Height (x in [-W/2, W/2], y in [0, H]; y is the loading
// axis) made of three layers parallel to the loading axis: a shell of
// thickness T on either side of a core, e.g. a soft shell / hard core
// laminate. Structured quadrilaterals (transfinite + recombined), as Rejuv's
// distributed meshes (p4est) need.
//
// Physical groups (deal.II reads them as ids):
//   curves    1 = bottom platen (y = 0), 2 = top platen (y = H);
//             untagged boundary curves become free surface (0);
//   surfaces  1 = left shell, 2 = core, 3 = right shell (material ids).
//
// Modelled in mm, written in m (Mesh.ScalingFactor).
//   gmsh -2 meshes/layered_specimen.geo -format msh4 -o layered.msh
// Change a parameter on the command line with e.g. -setnumber h 0.05.

SetFactory("Built-in");

DefineConstant[
  W = {2.0, Min 0, Name "Parameters/Width [mm]"},
  H = {4.0, Min 0, Name "Parameters/Height [mm]"},
  T = {0.5, Min 0, Name "Parameters/Shell thickness [mm]"},
  h = {0.1, Min 0, Name "Parameters/Cell size [mm]"}
];

If (2 * T >= W)
  Error("Shell thickness T = %g mm leaves no core in a plate W = %g mm wide", T, W);
  Abort;
EndIf

// Layer interfaces across the plate, left to right.
xs[] = {-W / 2, -W / 2 + T, W / 2 - T, W / 2};
ny = Ceil(H / h - 1e-9);

For i In {0 : 3}
  pb[i] = newp; Point(pb[i]) = {xs[i], 0, 0};
  pt[i] = newp; Point(pt[i]) = {xs[i], H, 0};
  lv[i] = newl; Line(lv[i]) = {pb[i], pt[i]};
EndFor
For i In {0 : 2}
  lb[i] = newl; Line(lb[i]) = {pb[i], pb[i + 1]};
  lt[i] = newl; Line(lt[i]) = {pt[i], pt[i + 1]};
  nx = Ceil((xs[i + 1] - xs[i]) / h - 1e-9);
  Transfinite Curve {lb[i], lt[i]} = nx + 1;
  cl = newll; Curve Loop(cl) = {lb[i], lv[i + 1], -lt[i], -lv[i]};
  layer[i] = news; Plane Surface(layer[i]) = {cl};
EndFor
Transfinite Curve {lv[]} = ny + 1;
Transfinite Surface {layer[]};
Recombine Surface {layer[]};

Physical Curve("bottom", 1) = {lb[]};
Physical Curve("top", 2) = {lt[]};
Physical Surface("shell_left", 1) = {layer[0]};
Physical Surface("core", 2) = {layer[1]};
Physical Surface("shell_right", 3) = {layer[2]};

Mesh.ScalingFactor = 1e-3;
Mesh.MshFileVersion = 4.1;
Mesh.Binary = 0;
