"""postprocess/calibrate_activation_energy.py solves the calibration it claims.

Independent expectation: the test never uses the script's formulas. From
the stress tensor diag(0, 0, -sigma_y) it evaluates tau_eff by the
definitions of MODEL.md section 3 (tau_bar = sqrt(s:s/2) from the deviator;
Mohr-Coulomb from the eigenvalues and, as a second route, as the maximum
over all planes of |tau_n| + alpha sigma_n; Rejuv's rounded Mohr-Coulomb
from the Lode angle of the deviator's determinant, with the rounding
coefficients found by solving the value, slope and curvature matching
conditions as a linear system), the axial plastic strain rate from
the flow direction s/(2 tau_bar) + beta/3 I, and then, with the dG the
script prints:
  1. the flow rule at sigma_y gives the reference strain rate, and the
     yield stress found back by bisection (the inverse problem) is sigma_y,
     both to 1e-10, for every pressure option, both evolutions, and a
     non-default parameter set;
  2. the printed rate sensitivity m equals central differences of
     d ln tau/d ln gamma_dot and of d ln sigma/d ln eps_dot (flow stress
     found by bisection) to 1e-6;
  3. bad input exits with code 1, names the option, prints no traceback;
  4. --prm reads 'Material/Free volume model' of a parameter file (and not
     a 'Yield stress' of another subsection), options override it.
Rejuv itself is not run; --rejuv and --mpiexec are accepted for the common
interface of the regression tests. The rounded Mohr-Coulomb reference
follows PressureSensitivity::lode_factor (source/material/
pressure_sensitivity.cc); if that rounding changes, the script and this
test have to follow.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np

import common

args = common.arguments()
check = common.Checker()
script = os.path.join(args.source_dir, "postprocess", "calibrate_activation_energy.py")

K_B = 1.380649e-23
EV = 1.602176634e-19
DEFAULTS = dict(yield_stress=1.85e9, strain_rate=1e-4, free_volume=0.05,
                temperature=300.0, attempt_frequency=1e13, friction=0.11,
                pressure_sensitivity="mohr_coulomb", lode_rounding_angle=29.0,
                evolution="strain_driven", atomic_volume=2e-29,
                activation_volume=2e-28, dilatancy=0.0)


def run_script(options, expect_success=True):
    proc = subprocess.run([sys.executable, script] + options,
                          capture_output=True, text=True, timeout=60)
    if expect_success and proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        sys.exit(f"FAILED: {' '.join(options)} exited with {proc.returncode}")
    return proc


def as_options(p):
    out = []
    for key, value in p.items():
        out += ["--" + key.replace("_", "-"), str(value)]
    return out


def calibrate(p):
    return json.loads(run_script(as_options(p) + ["--json"]).stdout)


# ---- independent model: MODEL.md sections 3 and 4 on the stress tensor ----

def uniaxial(sigma):
    return np.diag([0.0, 0.0, -sigma])


def deviator(t):
    return t - np.trace(t) / 3 * np.eye(3)


def tau_bar(t):
    s = deviator(t)
    return math.sqrt(np.tensordot(s, s) / 2)


def max_over_planes(t, alpha):
    """max over unit normals n of |tau_n| + alpha sigma_n, by golden-section
    search over the angle in the plane of the extreme principal stresses
    (the maximising normal lies there)."""
    _, v = np.linalg.eigh(t)  # ascending: v[:, 0] ~ s3, v[:, 2] ~ s1

    def g(angle):
        n = math.cos(angle) * v[:, 2] + math.sin(angle) * v[:, 0]
        traction = t @ n
        s_n = n @ traction
        return math.sqrt(max(traction @ traction - s_n ** 2, 0)) + alpha * s_n

    # |tau_n| + alpha sigma_n is smooth and unimodal in (0, pi/2)
    a, b = 1e-9, math.pi / 2 - 1e-9
    r = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        c, d = b - r * (b - a), a + r * (b - a)
        if g(c) > g(d):
            b = d
        else:
            a = c
    return g((a + b) / 2)


def rounded_lode_factor(theta, sin_phi, theta_t):
    """Rejuv's Mohr-Coulomb Lode factor: K = cos t - sin t sin(phi)/sqrt 3
    inside |theta| <= theta_t, A + B u + C u^2 with u = sin 3theta outside,
    A, B, C solved from continuity of K, dK/dtheta and d2K/dtheta2 at
    theta_t (the derivatives of the polynomial by the chain rule)."""
    c = sin_phi / math.sqrt(3)
    if abs(theta) <= theta_t:
        return math.cos(theta) - math.sin(theta) * c
    t = math.copysign(theta_t, theta)
    u, du, d2u = math.sin(3 * t), 3 * math.cos(3 * t), -9 * math.sin(3 * t)
    sharp = [math.cos(t) - math.sin(t) * c,
             -math.sin(t) - math.cos(t) * c,
             -math.cos(t) + math.sin(t) * c]
    # rows: d^k/dtheta^k of (A, B u, C u^2), k = 0, 1, 2
    matrix = [[1.0, u, u * u],
              [0.0, du, 2 * u * du],
              [0.0, d2u, 2 * du * du + 2 * u * d2u]]
    A, B, C = np.linalg.solve(matrix, sharp)
    v = math.sin(3 * theta)
    return A + B * v + C * v * v


def tau_eff(t, p, route="principal"):
    alpha = p["friction"]
    phi = math.atan(alpha)
    sigma_m = np.trace(t) / 3
    kind = p["pressure_sensitivity"]
    if kind == "none":
        return tau_bar(t)
    if kind == "drucker_prager":
        return tau_bar(t) + math.sqrt(3) * math.sin(phi) * sigma_m
    if p["lode_rounding_angle"] < 30:
        s = deviator(t)
        tb = tau_bar(t)
        sin3t = min(1.0, max(-1.0, -1.5 * math.sqrt(3) * np.linalg.det(s) / tb ** 3))
        K = rounded_lode_factor(math.asin(sin3t) / 3, math.sin(phi),
                                math.radians(p["lode_rounding_angle"]))
        return tb * K / math.cos(phi) + alpha * sigma_m
    if route == "planes":
        return max_over_planes(t, alpha)
    s3, _, s1 = np.linalg.eigvalsh(t)
    return ((s1 - s3) / 2 + (s1 + s3) / 2 * math.sin(phi)) / math.cos(phi)


def log_shear_rate(tau, dG, p):
    """ln gamma_dot of the flow rule, in logarithms so that a wrong dG or
    tau from the script shows as a failed check, not as an overflow;
    ln sinh x = x - ln 2 + ln(-expm1(-2x)) is exact for every x > 0."""
    kT = K_B * p["temperature"]
    omega = p["atomic_volume"] if p["evolution"] == "spaepen" else p["activation_volume"]
    x = tau * omega / (2 * kT)
    return (math.log(2 * p["attempt_frequency"]) - dG / kT - 1 / p["free_volume"]
            + x - math.log(2) + math.log(-math.expm1(-2 * x)))


def log_axial_rate(sigma, dG, p):
    """ln |d eps_p,zz/dt| in uniaxial compression at stress sigma."""
    t = uniaxial(sigma)
    direction = deviator(t) / (2 * tau_bar(t)) + p["dilatancy"] / 3 * np.eye(3)
    return math.log(-direction[2, 2]) + log_shear_rate(tau_eff(t, p), dG, p)


def flow_stress(strain_rate, dG, p):
    """Inverse problem: the sigma at which the axial plastic rate is
    strain_rate, by bisection in ln sigma (the rate increases with sigma)."""
    lo, hi = math.log(p["yield_stress"] / 4), math.log(p["yield_stress"] * 4)
    for _ in range(100):  # the bracket shrinks to rounding level in ~55
        mid = (lo + hi) / 2
        if log_axial_rate(math.exp(mid), dG, p) < math.log(strain_rate):
            lo = mid
        else:
            hi = mid
    return math.exp((lo + hi) / 2)


def verify(label, p):
    r = calibrate(p)
    dG = r["activation_energy_J"]
    t_y = uniaxial(p["yield_stress"])
    tau_y = tau_eff(t_y, p)
    check.close(f"{label}: tau_y", r["tau_yield"], tau_y, 1e-10)
    check.close(f"{label}: dG in eV", r["activation_energy_eV"], dG / EV, 1e-14)
    check.close(f"{label}: dG in kT", r["activation_energy_kT"],
                dG / (K_B * p["temperature"]), 1e-14)
    # 1. forward and inverse problem
    log_ratio = log_axial_rate(p["yield_stress"], dG, p) - math.log(p["strain_rate"])
    check.close(f"{label}: axial plastic rate at sigma_y / reference rate",
                math.exp(max(min(log_ratio, 700), -700)), 1.0, 1e-10)
    check.close(f"{label}: flow stress at the reference rate (bisection)",
                flow_stress(p["strain_rate"], dG, p), p["yield_stress"], 1e-10)
    # 2. rate sensitivity at fixed free volume
    h = 1e-4
    m_tau = 2 * h / (log_shear_rate(tau_y * math.exp(h), dG, p)
                     - log_shear_rate(tau_y * math.exp(-h), dG, p))
    check.close(f"{label}: m = d ln tau/d ln gamma_dot", r["rate_sensitivity"], m_tau, 1e-6)
    m_sigma = (math.log(flow_stress(p["strain_rate"] * math.exp(h), dG, p))
               - math.log(flow_stress(p["strain_rate"] * math.exp(-h), dG, p))) / (2 * h)
    check.close(f"{label}: m = d ln sigma/d ln eps_dot", r["rate_sensitivity"], m_sigma, 1e-6)
    return r


print("1./2. calibration against the flow rule")
other = dict(yield_stress=1.5e9, strain_rate=1e-3, free_volume=0.04,
             temperature=350.0, attempt_frequency=5e12, friction=0.2,
             lode_rounding_angle=20.0, atomic_volume=2.5e-29,
             activation_volume=1.5e-28, dilatancy=0.1)
for evolution in ("strain_driven", "spaepen"):
    for pressure in ("none", "drucker_prager", "mohr_coulomb"):
        p = dict(DEFAULTS, pressure_sensitivity=pressure, evolution=evolution)
        verify(f"{pressure}/{evolution}", p)
        verify(f"{pressure}/{evolution}, other parameters", dict(p, **other))
    sharp = dict(DEFAULTS, evolution=evolution, lode_rounding_angle=30.0)
    r = verify(f"sharp mohr_coulomb/{evolution}", sharp)
    t_y = uniaxial(sharp["yield_stress"])
    check.close(f"sharp mohr_coulomb/{evolution}: tau_y = max over planes",
                r["tau_yield"], tau_eff(t_y, sharp, "planes"), 1e-10)

print("text output")
text = run_script([]).stdout
r = calibrate(DEFAULTS)
check.true("text names the Rejuv entries",
           "Calibrate activation energy = true" in text
           and "Calibrate activation energy = false" in text)
value = [line.split("=")[1] for line in text.splitlines()
         if "set Activation energy =" in line]
check.true("text gives 'set Activation energy = <eV>'", len(value) == 1)
if value:
    check.close("text: Activation energy [eV]", float(value[0]),
                r["activation_energy_eV"], 1e-9)
check.true("text: sharp Mohr-Coulomb note", "sharp Mohr-Coulomb" in text)

print("3. bad input")


def prm_file(name, body):
    path = os.path.join(args.work_dir, name + ".prm")
    with open(path, "w") as f:
        f.write(body)
    return path


def fvm(body):
    return ("subsection Material\n  set Model = free_volume\n"
            "  subsection Free volume model\n" + body + "  end\nend\n")


bad = [
    ("negative stress", ["--yield-stress", "-1e9"], ["--yield-stress", "> 0"]),
    ("unknown pressure option", ["--pressure-sensitivity", "tresca"],
     ["--pressure-sensitivity", "tresca"]),
    ("unknown evolution", ["--evolution", "fast"], ["--evolution", "fast"]),
    ("missing file", ["--prm", os.path.join(args.work_dir, "nothing.prm")],
     ["--prm", "nothing.prm", "does not exist"]),
    ("zero free volume", ["--free-volume", "0"], ["--free-volume", "> 0"]),
    ("negative free volume", ["--free-volume", "-0.05"], ["--free-volume"]),
    ("not a number", ["--strain-rate", "fast"], ["--strain-rate", "fast"]),
    ("dilatancy too large", ["--dilatancy", "0.6"], ["--dilatancy"]),
    ("unknown option", ["--frobnicate", "1"], ["--frobnicate"]),
    ("negative stress in file",
     ["--prm", prm_file("bad_stress", fvm("    set Yield stress = -5e8\n"))],
     ["--yield-stress", "Yield stress", "line 4", "> 0"]),
    ("unknown option value in file",
     ["--prm", prm_file("bad_choice", fvm("    set Pressure sensitivity = tresca\n"))],
     ["--pressure-sensitivity", "Pressure sensitivity", "tresca"]),
    ("free volume 0 in file",
     ["--prm", prm_file("bad_xi", fvm("    set Reference free volume = 0\n"))],
     ["--free-volume", "Reference free volume"]),
    ("friction expression without --friction",
     ["--prm", prm_file("bad_law", fvm("    set Friction law = expression\n"))],
     ["--friction", "Friction law"]),
    ("unclosed subsection", ["--prm", prm_file("bad_end", "subsection Material\n")],
     ["--prm", "Material"]),
]
for label, options, needles in bad:
    proc = run_script(options, expect_success=False)
    check.true(f"{label}: exit code {proc.returncode} == 1", proc.returncode == 1)
    missing = [n for n in needles if n not in proc.stderr]
    check.true(f"{label}: message names {needles}"
               + (f" (missing {missing}; got: {proc.stderr.strip()})" if missing else ""),
               not missing)
    check.true(f"{label}: no traceback", "Traceback" not in proc.stderr)

print("4. --prm")
from_file = dict(temperature=320.0, pressure_sensitivity="drucker_prager",
                 evolution="spaepen", friction=0.15, free_volume=0.045,
                 attempt_frequency=2e13, atomic_volume=2.2e-29,
                 activation_volume=3e-28, yield_stress=1.7e9, strain_rate=5e-4,
                 dilatancy=0.05, lode_rounding_angle=22.0)
prm = prm_file("calibration", """# a Rejuv input with decoys outside Material/Free volume model
set Dimension = 3
subsection Material
  set Model = free_volume   # trailing comment
  subsection Von Mises
    set Yield stress = 1e9
  end
  subsection Free volume model
    set Temperature = 320
    set Pressure sensitivity = drucker_prager
    set Free volume evolution = spaepen
    set Reference friction coefficient = 0.15
    set Reference free volume = 0.045
    set Attempt frequency = \\
        2e13
    set Atomic volume = 2.2e-29
    set Activation volume = 3e-28
    set Lode rounding angle = 22
    set Yield stress    = 1.7e9
    set Reference strain rate = 5e-4
    set Dilatancy = 0.05
    set Calibrate activation energy = true
  end
end
subsection Boundary conditions
  set Strain rate = 1
end
""")
r_file = json.loads(run_script(["--prm", prm, "--json"]).stdout)
r_cli = calibrate(dict(DEFAULTS, **from_file))
check.true("--prm equals the same values as options", r_file == r_cli)
verify("--prm values", dict(DEFAULTS, **from_file))
r_over = json.loads(run_script(["--prm", prm, "--json", "--temperature", "290",
                                "--pressure-sensitivity", "mohr_coulomb"]).stdout)
r_cli = calibrate(dict(DEFAULTS, **dict(from_file, temperature=290.0,
                                        pressure_sensitivity="mohr_coulomb")))
check.true("options override --prm", r_over == r_cli)
check.true("override changes the result", r_over != r_file)
clamped = prm_file("clamped", fvm("    set Reference friction coefficient = 0.8\n"
                                  "    set Maximum friction coefficient = 0.3\n"))
r_clamp = json.loads(run_script(["--prm", clamped, "--json"]).stdout)
check.true("friction clamped to the maximum as Rejuv's default law does",
           r_clamp == calibrate(dict(DEFAULTS, friction=0.3)))
expr = prm_file("expression", fvm("    set Friction law = expression\n"))
r_expr = json.loads(run_script(["--prm", expr, "--friction", "0.2", "--json"]).stdout)
check.true("friction expression with --friction",
           r_expr == calibrate(dict(DEFAULTS, friction=0.2)))

check.finish()
