// Circumferentially notched cylinder for Rejuv (3D, Geometry/Specimen = gmsh).
//
// A cylinder of radius R and height H (z in [0, H] is the loading axis) with
// a notch around it at mid-height, z0 = H/2: depth d, a root circle of
// radius rho centred at (r, z) = (R - d + rho, z0), and
//  - profile 0 (V): straight flanks tangent to it at half the opening angle
//    alpha to the radial direction, up to the mouth at r = R: the profile of
//    Rejuv's notched_cylinder specimen with Notch/Profile = V;
//  - profile 1 (U): a semicircular root and flanks parallel to the notch
//    plane, the planes z = z0 -/+ rho from r = R - d + rho out to R (alpha is
//    not used); for d < rho only the arc of the root circle inside r < R,
//    for d = rho a semicircular groove.
//
// All hexahedral (p4est needs it) and structured: an O-grid in the cross
// section (a square core and four ring blocks) stacked in six axial blocks
// (U with d <= rho: four) whose boundaries follow the breaks of the profile
// (mouth, flank/root tangent points, notch plane); every block a transfinite
// volume. Cells are graded towards the notch axially and towards the surface
// radially. In U a flank lies in the plane of its mouth and tangent levels:
// the flank block between them is a thin curved layer with the flank as its
// outer side, the spokes of both levels parabolic arcs (quadratic Bezier)
// leaving the core horizontally and meeting the surface at slope u_s.
//
// Physical groups (deal.II reads them as ids):
//   surfaces 1 = bottom platen (z = 0), 2 = top platen (z = H),
//            3 = notch surface (flanks and root, traction free);
//            the untagged lateral surface becomes free surface (0);
//   volume   1 (material id).
//
// Modelled in mm, written in m (Mesh.ScalingFactor).
//   gmsh -3 meshes/notched_cylinder.geo -format msh4 -o notched.msh
// Change a parameter on the command line with e.g. -setnumber d 0.3.

SetFactory("Built-in");

DefineConstant[
  R = {1.0, Min 0, Name "Parameters/Radius [mm]"},
  H = {4.0, Min 0, Name "Parameters/Height [mm]"},
  d = {0.25, Min 0, Name "Parameters/Notch depth [mm]"},
  rho = {0.1, Min 0, Name "Parameters/Notch root radius [mm]"},
  profile = {0, Choices{0 = "V", 1 = "U"}, Name "Parameters/Notch profile"},
  alpha = {60, Min 1, Max 170, Name "Parameters/Notch opening angle [deg]"},
  c = {0.35, Min 0, Name "Parameters/Half width of the core square [mm]"},
  // Cells: along a quarter of the circumference, radially in the ring,
  // axially in the straight part (each half), on a flank, on half the root.
  n_t = {8, Min 1, Step 1, Name "Mesh/Cells per quarter circumference"},
  n_r = {5, Min 1, Step 1, Name "Mesh/Cells across the ring"},
  n_z = {8, Min 1, Step 1, Name "Mesh/Cells along each straight part"},
  n_f = {3, Min 1, Step 1, Name "Mesh/Cells along a flank"},
  n_a = {3, Min 1, Step 1, Name "Mesh/Cells along half the root"},
  g_r = {0.85, Min 0.1, Max 1, Name "Mesh/Radial grading (< 1: finer at the surface)"},
  g_z = {0.85, Min 0.1, Max 1, Name "Mesh/Axial grading (< 1: finer at the notch)"},
  // V: the notch levels meet the core at fan times their distance from the
  // notch plane: spokes that fan out from the notch meet the flanks less
  // obliquely.
  fan = {2, Min 1, Name "Mesh/Fanning of the notch levels in the core"},
  // U: slope |dz/dr| of the mouth and tangent-point spokes at the surface,
  // away from the notch plane (1.2 balances the cells at the mouth corner
  // and at the flank/root tangent point).
  u_s = {1.2, Min 0.1, Name "Mesh/Slope of the notch-level spokes (U)"}
];

s_c = c * Sqrt(2); // core corner radius
z0 = H / 2;         // notch plane
r_c = R - d + rho;  // root circle centre
If (profile == 0)
  beta = alpha / 2 * Pi / 180; // half the opening angle
  r_t = r_c - rho * Sin(beta); // flank tangent point
  z_t = rho * Cos(beta);       // ... its distance from the notch plane
  z_m = z_t + (R - r_t) * Tan(beta); // half the axial width of the mouth
  If (alpha <= 0 || alpha >= 180)
    Error("Notch: opening angle alpha = %g deg must lie in (0, 180)", alpha);
    Abort;
  EndIf
  If (d <= rho * (1 - Sin(beta)) || rho <= 0)
    Error("Notch: depth d = %g mm must exceed rho (1 - sin(alpha/2)) = %g mm",
          d, rho * (1 - Sin(beta)));
    Abort;
  EndIf
  If (z_m >= H / 2)
    Error("Notch: the mouth (%g mm wide) does not fit in the height", 2 * z_m);
    Abort;
  EndIf
  If (H / 2 - fan * z_m <= 0)
    Error("Notch: the fanned levels (fan = %g) leave the specimen", fan);
    Abort;
  EndIf

  // Levels k = 0..6 (z and the surface radius there): bottom, mouth, tangent
  // point, notch plane, tangent point, mouth, top.
  z_l[] = {0, H / 2 - z_m, H / 2 - z_t, H / 2, H / 2 + z_t, H / 2 + z_m, H};
  r_l[] = {R, R, r_t, R - d, r_t, R, R};
  z_i[] = {0, H / 2 - fan * z_m, H / 2 - fan * z_t, H / 2, H / 2 + fan * z_t, H / 2 + fan * z_m, H};
  // Axial blocks s = 0..5 between levels s and s + 1: cells and grading
  // (curves run upwards); 1 where the surface is the root arc.
  n_s[] = {n_z, n_f, n_a, n_a, n_f, n_z};
  g_s[] = {g_z, 1, 1, 1, 1, 1 / g_z};
  arc[] = {0, 0, 1, 1, 0, 0};
  bz[] = {0, 0, 0, 0, 0, 0, 0}; // straight spokes
ElseIf (profile == 1)
  If (rho <= 0 || d <= 0)
    Error("Notch: U needs depth d = %g mm and root radius rho = %g mm > 0", d, rho);
    Abort;
  EndIf
  If (d > rho)
    z_m = rho; // flanks, mouth and tangent points at z0 -/+ rho
    // Levels as in V; the core corners of the spokes (parabolas with the
    // vertex there) u_s / 2 times their radial extent off the flank plane.
    z_l[] = {0, z0 - z_m, z0 - z_m, z0, z0 + z_m, z0 + z_m, H};
    r_l[] = {R, R, r_c, R - d, r_c, R, R};
    z_i[] = {0, z0 - z_m - u_s * (R - s_c) / 2, z0 - z_m - u_s * (r_c - s_c) / 2, z0,
             z0 + z_m + u_s * (r_c - s_c) / 2, z0 + z_m + u_s * (R - s_c) / 2, H};
    bz[] = {0, 1, 1, 0, 1, 1, 0};
    n_s[] = {n_z, n_f, n_a, n_a, n_f, n_z};
    g_s[] = {g_z, 1, 1, 1, 1, 1 / g_z};
    arc[] = {0, 0, 1, 1, 0, 0};
  Else
    z_m = Sqrt(d * (2 * rho - d)); // the root arc meets r = R there
    // Levels: bottom, mouth (= tangent point), notch plane, mouth, top.
    z_l[] = {0, z0 - z_m, z0, z0 + z_m, H};
    r_l[] = {R, R, R - d, R, R};
    z_i[] = {0, z0 - z_m - u_s * (R - s_c) / 2, z0, z0 + z_m + u_s * (R - s_c) / 2, H};
    bz[] = {0, 1, 0, 1, 0};
    n_s[] = {n_z, n_a, n_a, n_z};
    g_s[] = {g_z, 1, 1, 1 / g_z};
    arc[] = {0, 1, 1, 0};
  EndIf
  If (z_i[1] <= 0)
    Error("Notch: the mouth or its spokes (slope u_s = %g) leave the specimen", u_s);
    Abort;
  EndIf
Else
  Error("Notch: profile = %g must be 0 (V) or 1 (U)", profile);
  Abort;
EndIf
If (s_c >= R - d)
  Error("Core square (half width c = %g mm) reaches the notch root", c);
  Abort;
EndIf
n_l = #z_l[]; // levels; axial blocks s = 0 .. n_l - 2

// Points: on the axis (circle centres), core corners, surface, each at the
// four diagonal angles; root circle centres in the notch plane.
p_a[] = {}; p_c[] = {}; p_o[] = {}; p_r[] = {};
For k In {0 : n_l - 1}
  p = newp; Point(p) = {0, 0, z_l[k]}; p_a[] += p; // centre of the arcs
  For j In {0 : 3}
    th = Pi / 4 + j * Pi / 2;
    p = newp; Point(p) = {s_c * Cos(th), s_c * Sin(th), z_i[k]}; p_c[] += p;
    p = newp; Point(p) = {r_l[k] * Cos(th), r_l[k] * Sin(th), z_l[k]}; p_o[] += p;
  EndFor
EndFor
For j In {0 : 3}
  th = Pi / 4 + j * Pi / 2;
  p = newp; Point(p) = {r_c * Cos(th), r_c * Sin(th), H / 2}; p_r[] += p;
EndFor

// Curves in each level: core edges, spokes (core corner -> surface), arcs.
l_e[] = {}; l_s[] = {}; l_o[] = {};
For k In {0 : n_l - 1}
  For j In {0 : 3}
    jn = (j + 1) % 4;
    l = newl; Line(l) = {p_c[4 * k + j], p_c[4 * k + jn]}; l_e[] += l;
    If (bz[k]) // U: horizontal at the core, slope u_s at the surface
      th = Pi / 4 + j * Pi / 2;
      r_p = (s_c + r_l[k]) / 2;
      p = newp; Point(p) = {r_p * Cos(th), r_p * Sin(th), z_i[k]};
      l = newl; Bezier(l) = {p_c[4 * k + j], p, p_o[4 * k + j]}; l_s[] += l;
    Else
      l = newl; Line(l) = {p_c[4 * k + j], p_o[4 * k + j]}; l_s[] += l;
    EndIf
    l = newl; Circle(l) = {p_o[4 * k + j], p_a[k], p_o[4 * k + jn]}; l_o[] += l;
  EndFor
EndFor
// Axial curves of each block: core edges, surface profile (root: arcs).
v_c[] = {}; v_o[] = {};
For s In {0 : n_l - 2}
  For j In {0 : 3}
    l = newl; Line(l) = {p_c[4 * s + j], p_c[4 * s + 4 + j]}; v_c[] += l;
    l = newl;
    If (arc[s])
      Circle(l) = {p_o[4 * s + j], p_r[j], p_o[4 * s + 4 + j]};
    Else
      Line(l) = {p_o[4 * s + j], p_o[4 * s + 4 + j]};
    EndIf
    v_o[] += l;
    Transfinite Curve {v_c[4 * s + j], v_o[4 * s + j]} = n_s[s] + 1 Using Progression g_s[s];
  EndFor
EndFor
Transfinite Curve {l_e[], l_o[]} = n_t + 1;
Transfinite Curve {l_s[]} = n_r + 1 Using Progression g_r;

// Surfaces in each level: core square, ring sectors.
f_c[] = {}; f_r[] = {};
For k In {0 : n_l - 1}
  ll = newll;
  Curve Loop(ll) = {l_e[4 * k], l_e[4 * k + 1], l_e[4 * k + 2], l_e[4 * k + 3]};
  sf = news; Plane Surface(sf) = {ll}; f_c[] += sf;
  For j In {0 : 3}
    jn = (j + 1) % 4;
    ll = newll;
    Curve Loop(ll) = {l_s[4 * k + j], l_o[4 * k + j], -l_s[4 * k + jn], -l_e[4 * k + j]};
    sf = news; Surface(sf) = {ll}; f_r[] += sf; // a cone where fanned
  EndFor
EndFor
// Axial surfaces of each block: core sides, meridional cuts, outer surface.
a_c[] = {}; a_s[] = {}; a_o[] = {};
For s In {0 : n_l - 2}
  For j In {0 : 3}
    jn = (j + 1) % 4;
    ll = newll;
    Curve Loop(ll) = {l_e[4 * s + j], v_c[4 * s + jn], -l_e[4 * s + 4 + j], -v_c[4 * s + j]};
    sf = news; Surface(sf) = {ll}; a_c[] += sf;
    ll = newll;
    Curve Loop(ll) = {l_s[4 * s + j], v_o[4 * s + j], -l_s[4 * s + 4 + j], -v_c[4 * s + j]};
    sf = news; Surface(sf) = {ll}; a_s[] += sf;
    ll = newll;
    Curve Loop(ll) = {l_o[4 * s + j], v_o[4 * s + jn], -l_o[4 * s + 4 + j], -v_o[4 * s + j]};
    sf = news; Surface(sf) = {ll}; a_o[] += sf;
  EndFor
EndFor

// Volumes: core prism and four ring sectors per axial block.
vols[] = {};
For s In {0 : n_l - 2}
  sl = newsl;
  Surface Loop(sl) = {f_c[s], f_c[s + 1], a_c[4 * s], a_c[4 * s + 1], a_c[4 * s + 2], a_c[4 * s + 3]};
  v = newv; Volume(v) = {sl}; vols[] += v;
  For j In {0 : 3}
    jn = (j + 1) % 4;
    sl = newsl;
    Surface Loop(sl) = {f_r[4 * s + j], f_r[4 * s + 4 + j], a_c[4 * s + j], a_s[4 * s + j], a_o[4 * s + j], a_s[4 * s + jn]};
    v = newv; Volume(v) = {sl}; vols[] += v;
  EndFor
EndFor

Transfinite Surface {f_c[], f_r[], a_c[], a_s[], a_o[]};
Recombine Surface {f_c[], f_r[], a_c[], a_s[], a_o[]};
Transfinite Volume {vols[]};

Physical Surface("bottom", 1) = {f_c[0], f_r[{0 : 3}]};
Physical Surface("top", 2) = {f_c[n_l - 1], f_r[{4 * n_l - 4 : 4 * n_l - 1}]};
Physical Surface("notch", 3) = {a_o[{4 : 4 * n_l - 9}]}; // all but the end blocks
Physical Volume("specimen", 1) = {vols[]};

Mesh.ScalingFactor = 1e-3;
Mesh.MshFileVersion = 4.1;
Mesh.Binary = 0;
