#!/usr/bin/env python3
"""Calibrate the activation energy dG of Rejuv's free-volume flow rule.

The flow rule (MODEL.md section 4) is

    gamma_dot = 2 f exp(-dG/kT) exp(-1/xi) sinh(tau_eff Omega / (2 k T)).

dG is not an independent material constant (MODEL.md section 6): it is chosen
so that a homogeneous sample with the as-cast free volume xi_0 flows at the
measured uniaxial compressive yield stress sigma_y at the reference axial
strain rate eps_dot_ref:

    dG/kT = ln(2 f sinh(x_y) / gamma_dot_y) - 1/xi_0,
    x_y   = tau_y Omega / (2 k T),
    tau_y = tau_eff of diag(0, 0, -sigma_y)        (see uniaxial_tau_eff),
    gamma_dot_y = eps_dot_ref / (1/sqrt(3) - beta_dil/3).

Rejuv performs exactly this calibration itself when
`Calibrate activation energy = true` (the default); this tool shows the
numbers, and gives the value to fix with `Calibrate activation energy =
false` + `Activation energy = <eV>`. See doc/calibration.md.

Examples:
    /usr/bin/python3 postprocess/calibrate_activation_energy.py
    /usr/bin/python3 postprocess/calibrate_activation_energy.py \
        --prm input.prm --temperature 350 --json

Exit code 0 on success, 1 for bad input (the message names the option).
"""

import argparse
import json
import math
import os
import sys

BOLTZMANN = 1.380649e-23  # J/K, exact (SI 2019), same as Rejuv
ELECTRON_VOLT = 1.602176634e-19  # J, exact (SI 2019), same as Rejuv

PRESSURE_OPTIONS = ("none", "drucker_prager", "mohr_coulomb")
EVOLUTION_OPTIONS = ("spaepen", "strain_driven")

# Option name (argparse dest) -> (Rejuv entry in Material/Free volume model,
# default, value type). The defaults are Rejuv's (MODEL.md section 6), so the
# tool without arguments reproduces Rejuv's default calibration.
PARAMETERS = {
    "yield_stress": ("Yield stress", 1.85e9, float),
    "strain_rate": ("Reference strain rate", 1e-4, float),
    "free_volume": ("Reference free volume", 0.05, float),
    "temperature": ("Temperature", 300.0, float),
    "attempt_frequency": ("Attempt frequency", 1e13, float),
    "friction": ("Reference friction coefficient", 0.11, float),
    "pressure_sensitivity": ("Pressure sensitivity", "mohr_coulomb", str),
    "lode_rounding_angle": ("Lode rounding angle", 29.0, float),
    "evolution": ("Free volume evolution", "strain_driven", str),
    "atomic_volume": ("Atomic volume", 2e-29, float),
    "activation_volume": ("Activation volume", 2e-28, float),
    "dilatancy": ("Dilatancy", 0.0, float),
}
SECTION = ("Material", "Free volume model")


class InputProblem(Exception):
    """Bad user input; reported as one line on stderr, without a traceback."""


def option_flag(dest):
    return "--" + dest.replace("_", "-")


VALUE_FLAGS = {option_flag(d) for d in PARAMETERS if PARAMETERS[d][2] is float}


# --------------------------------------------------------------------------
# Physics
# --------------------------------------------------------------------------

def log_sinh(x):
    """ln(sinh x) for x > 0 without overflow: sinh(x) overflows near x = 710,
    and x_y easily reaches tens for activation volumes of 0.1-0.3 nm^3."""
    if x > 20:
        return x - math.log(2.0) + math.log1p(-math.exp(-2 * x))
    return math.log(math.sinh(x))


def uniaxial_tau_eff(sigma_y, alpha, pressure, rounding_deg):
    """tau_eff (MODEL.md section 3) of uniaxial compression diag(0, 0, -sigma_y).

    Invariants of that state: tau_bar = sqrt(s:s/2) = sigma_y/sqrt(3),
    sigma_m = -sigma_y/3, principal stresses s1 = s2 = 0, s3 = -sigma_y, and
    Lode angle theta = +30 deg (sin 3theta = 1: the compression corner of the
    Mohr-Coulomb hexagon). With tan(phi) = alpha:
      none:            tau_bar                       = sigma_y/sqrt(3)
      drucker_prager:  tau_bar + sqrt(3) sin(phi) sigma_m
                                                     = sigma_y (1 - sin phi)/sqrt(3)
      mohr_coulomb:    [(s1 - s3)/2 + (s1 + s3)/2 sin phi]/cos phi
                                                     = sigma_y (1 - sin phi)/(2 cos phi)
    The last one is the sharp criterion. Rejuv rounds the Mohr-Coulomb edges
    beyond the 'Lode rounding angle' theta_t (C2 rounding after Abbo & Sloan
    1995), and uniaxial compression sits exactly on an edge, so Rejuv's
    tau_eff there is larger than the sharp value (by 0.47 % for the
    defaults, 2.35 % at theta_t = 25 deg). To give the dG that Rejuv itself
    computes, the rounded Lode factor is used here too (as in
    PressureSensitivity::lode_factor, source/material/pressure_sensitivity.cc;
    keep the two in step); rounding_deg = 30 means no rounding (the sharp
    criterion of MODEL.md).
    """
    sin_phi = alpha / math.sqrt(1 + alpha * alpha)
    cos_phi = 1 / math.sqrt(1 + alpha * alpha)
    tau_bar = sigma_y / math.sqrt(3)
    sigma_m = -sigma_y / 3
    if pressure == "none":
        return tau_bar
    if pressure == "drucker_prager":
        return tau_bar + math.sqrt(3) * sin_phi * sigma_m
    # mohr_coulomb in the invariant form tau_eff = tau_bar K(theta)/cos(phi)
    # + alpha sigma_m, K = cos(theta) - sin(theta) sin(phi)/sqrt(3), which is
    # the principal-stress form above rewritten (s1 - s3 = 2 tau_bar cos theta).
    c = sin_phi / math.sqrt(3)
    if rounding_deg >= 30:
        theta = math.pi / 6
        K = math.cos(theta) - math.sin(theta) * c
    else:
        # Beyond theta_t Rejuv uses K = A + B u + C u^2, u = sin(3 theta),
        # with value, slope and curvature of the sharp K at theta_t; here
        # u = 1. Differentiating in theta: K' = 3 cos(3t) (B + 2 C u) and
        # K'' = 18 C cos(3t)^2 - 9 u (B + 2 C u); the sharp K'' is -K.
        t = math.radians(rounding_deg)
        u_t, cos3t = math.sin(3 * t), math.cos(3 * t)
        K_t = math.cos(t) - math.sin(t) * c
        dK_t = -math.sin(t) - math.cos(t) * c
        P = dK_t / (3 * cos3t)
        C = (-K_t + 9 * u_t * P) / (18 * cos3t ** 2)
        B = P - 2 * C * u_t
        A = K_t - B * u_t - C * u_t ** 2
        K = A + B + C
    return tau_bar * K / cos_phi + alpha * sigma_m


def calibrate(p):
    """The calibration of MODEL.md section 6 for the parameter dict @p p."""
    kT = BOLTZMANN * p["temperature"]
    omega = (p["atomic_volume"] if p["evolution"] == "spaepen"
             else p["activation_volume"])
    tau_y = uniaxial_tau_eff(p["yield_stress"], p["friction"],
                             p["pressure_sensitivity"], p["lode_rounding_angle"])
    if not tau_y > 0:
        raise InputProblem(
            f"--yield-stress/--friction: the effective shear stress in uniaxial "
            f"compression is {tau_y:g} Pa, not positive; nothing would flow")
    x_y = tau_y * omega / (2 * kT)
    # Uniaxial stress: eps_p_dot = gamma_dot (s/(2 tau_bar) + beta/3 I) has the
    # axial component -gamma_dot (1/sqrt(3) - beta/3).
    gamma_dot_y = p["strain_rate"] / (1 / math.sqrt(3) - p["dilatancy"] / 3)
    dG_kT = (math.log(2 * p["attempt_frequency"] / gamma_dot_y) + log_sinh(x_y)
             - 1 / p["free_volume"])
    if not dG_kT > 0:
        # Rejuv rejects this too: dG <= 0 means the glass would flow faster
        # than the reference rate at sigma_y even without a barrier.
        raise InputProblem(
            f"--yield-stress/--strain-rate/--free-volume: the calibration gives "
            f"dG = {dG_kT:.6g} kT <= 0; the yield stress is too high or the "
            f"free volume too large for these kinetics")
    # At fixed free volume, d ln(gamma_dot)/d ln(tau) = x coth(x); along a
    # uniaxial path tau_eff and gamma_dot are proportional to sigma and
    # eps_dot, so the flow stress has the same sensitivity.
    m = math.tanh(x_y) / x_y
    return {
        "tau_yield": tau_y,
        "x_yield": x_y,
        "gamma_dot_yield": gamma_dot_y,
        "activation_energy_J": dG_kT * kT,
        "activation_energy_eV": dG_kT * kT / ELECTRON_VOLT,
        "activation_energy_kT": dG_kT,
        "rate_sensitivity": m,
    }


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

def read_prm(path):
    """Entries of subsection Material/Free volume model of a deal.II .prm file.

    Returns {entry name: (value string, line number)}. Handles comments,
    trailing-backslash continuation lines and nested subsections; entries of
    other subsections (e.g. a 'Yield stress' elsewhere) are ignored, as Rejuv
    ignores them for this model.
    """
    if not os.path.isfile(path):
        raise InputProblem(f"--prm: parameter file '{path}' does not exist")
    try:
        with open(path) as f:
            raw = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputProblem(f"--prm: cannot read '{path}' ({e})") from e

    entries = {}
    stack = []
    pending, pending_line = "", 0
    for number, line in enumerate(raw, start=1):
        line = line.split("#", 1)[0].rstrip()
        if line.endswith("\\"):
            if not pending:
                pending_line = number
            pending += line[:-1] + " "
            continue
        if pending:
            line, number, pending = pending + line, pending_line, ""
        words = line.split()
        if not words:
            continue
        if words[0] == "subsection":
            stack.append(" ".join(words[1:]))
        elif words[0] == "end" and len(words) == 1:
            if not stack:
                raise InputProblem(f"--prm: '{path}' line {number}: 'end' "
                                   "without a matching 'subsection'")
            stack.pop()
        elif words[0] == "set":
            name, sep, value = line.strip()[3:].partition("=")
            if not sep:
                raise InputProblem(f"--prm: '{path}' line {number}: "
                                   "expected 'set Name = value'")
            if tuple(stack) == SECTION:
                entries[" ".join(name.split())] = (value.strip(), number)
    if stack:
        raise InputProblem(f"--prm: '{path}': subsection '{stack[-1]}' is not "
                           "closed with 'end'")
    return entries


def number(entries, entry, default, path):
    """An entry of the file that has no option of its own, as a float."""
    text, line = entries.get(entry, (default, 0))
    try:
        return float(text)
    except ValueError:
        raise InputProblem(f"--prm: 'Material/Free volume model/{entry}' in "
                           f"{path} line {line}: '{text}' is not a number") from None


def parameters_from_prm(path, given):
    """Values (and where they came from) that file @p path sets; options in
    @p given (set on the command line) are skipped since they override it."""
    entries = read_prm(path)
    values, sources, notes = {}, {}, []
    if not entries:
        notes.append(f"'{path}' sets nothing in subsection Material/Free volume "
                     "model; Rejuv's defaults are used")
    for dest, (entry, _, kind) in PARAMETERS.items():
        if entry not in entries or dest in given:
            continue
        text, line = entries[entry]
        source = (f"{option_flag(dest)} (from 'Material/Free volume model/"
                  f"{entry}', {path} line {line})")
        if kind is float:
            try:
                values[dest] = float(text)
            except ValueError:
                raise InputProblem(f"{source}: '{text}' is not a number") from None
        else:
            values[dest] = text
        sources[dest] = source

    # Rejuv evaluates the friction law at xi_0 = xi_ref. The default law
    # gives the clamped alpha_ref there; an expression we cannot evaluate.
    law = entries.get("Friction law", ("default", 0))[0]
    if law == "expression" and "friction" not in given:
        raise InputProblem(
            f"--friction: '{path}' sets 'Friction law = expression'; give "
            "--friction with the value of 'Friction expression' at the "
            "reference free volume")
    if law != "expression" and "friction" not in given:
        low = number(entries, "Minimum friction coefficient", "0", path)
        high = number(entries, "Maximum friction coefficient", "0.5", path)
        alpha = values.get("friction", PARAMETERS["friction"][1])
        if not low <= alpha <= high:
            notes.append(f"friction coefficient {alpha:g} clamped to "
                         f"[{low:g}, {high:g}] as Rejuv's default friction law does")
            values["friction"] = min(max(alpha, low), high)
    if entries.get("Calibrate activation energy", ("true", 0))[0] == "false":
        fixed = entries.get("Activation energy", ("1", 0))[0]
        notes.append(f"'{path}' sets 'Calibrate activation energy = false' "
                     f"with 'Activation energy = {fixed}' eV")
    return values, sources, notes


def check(p, sources):
    """Reject values Rejuv would reject or that make the calibration meaningless."""
    def fail(dest, what):
        raise InputProblem(f"{sources[dest]}: {what} (got {p[dest]!r})")

    for dest, (_, _, kind) in PARAMETERS.items():
        if kind is float and not math.isfinite(p[dest]):
            fail(dest, "must be a finite number")
    for dest in ("yield_stress", "strain_rate", "free_volume", "temperature",
                 "attempt_frequency", "atomic_volume", "activation_volume"):
        if not p[dest] > 0:
            fail(dest, "must be > 0")
    if p["friction"] < 0:
        fail("friction", "must be >= 0")
    if not 0 <= p["dilatancy"] < 1 / math.sqrt(3):
        fail("dilatancy", "must lie in [0, 1/sqrt(3)), or compression would "
                          "not shorten the sample plastically")
    if not 0 < p["lode_rounding_angle"] <= 30:
        fail("lode_rounding_angle", "must lie in (0, 30] degrees (30: sharp "
                                    "Mohr-Coulomb)")
    if p["pressure_sensitivity"] not in PRESSURE_OPTIONS:
        fail("pressure_sensitivity", "must be one of " + ", ".join(PRESSURE_OPTIONS))
    if p["evolution"] not in EVOLUTION_OPTIONS:
        fail("evolution", "must be one of " + ", ".join(EVOLUTION_OPTIONS))


class Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad options; this tool promises 1."""

    def error(self, message):
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        sys.exit(1)


def join_negative_values(argv):
    """'--yield-stress -1e9' -> '--yield-stress=-1e9': argparse takes '-1e9'
    for an option and would report a missing value instead of the sign."""
    out = []
    for arg in argv:
        if out and out[-1] in VALUE_FLAGS and arg.startswith("-"):
            try:
                float(arg)
                out[-1] += "=" + arg
                continue
            except ValueError:
                pass
        out.append(arg)
    return out


def command_line(argv):
    parser = Parser(
        description="Calibrate the activation energy dG of Rejuv's flow rule "
                    "so that a homogeneous sample with free volume xi_0 yields "
                    "at sigma_y in uniaxial compression at the reference "
                    "strain rate (MODEL.md section 6). Defaults are Rejuv's; "
                    "--prm reads 'Material/Free volume model' of a parameter "
                    "file, options given here override it.",
        epilog="Exit code 0 on success, 1 for bad input. See doc/calibration.md.")
    parser.add_argument("--prm", metavar="FILE",
                        help="Rejuv parameter file to take the values from")
    helps = {
        "yield_stress": "measured uniaxial compressive yield stress sigma_y [Pa]",
        "strain_rate": "reference axial strain rate of the measurement [1/s]",
        "free_volume": "as-cast free volume xi_0 [-]",
        "temperature": "temperature T [K]",
        "attempt_frequency": "attempt frequency f [1/s]",
        "friction": "friction coefficient alpha = tan(phi) at xi_0 [-]",
        "pressure_sensitivity": "effective shear stress (MODEL.md section 3)",
        "lode_rounding_angle": "Lode angle beyond which Rejuv rounds the "
                               "Mohr-Coulomb edges [deg]; 30 = sharp",
        "evolution": "free-volume evolution; selects Omega (spaepen: atomic "
                     "volume, strain_driven: activation volume)",
        "atomic_volume": "atomic volume v* [m^3]",
        "activation_volume": "activation volume Omega_act [m^3]",
        "dilatancy": "plastic dilatancy beta_dil [-]",
    }
    choices = {"pressure_sensitivity": PRESSURE_OPTIONS,
               "evolution": EVOLUTION_OPTIONS}
    for dest, (entry, default, kind) in PARAMETERS.items():
        # default=None tells us later which options were really given.
        shown = f"{default:g}" if kind is float else default
        parser.add_argument(option_flag(dest), type=kind, default=None,
                            choices=choices.get(dest),
                            metavar="X" if kind is float else None,
                            help=f"{helps[dest]}; 'Material/Free volume "
                                 f"model/{entry}' (default: {shown})")
    parser.add_argument("--json", action="store_true",
                        help="print the results as one JSON object")
    return parser.parse_args(join_negative_values(argv))


def gather(args):
    """Parameter dict from defaults < --prm file < command line, plus the
    source of each value for error messages and notes for the user."""
    given = {d for d in PARAMETERS if getattr(args, d) is not None}
    p = {d: spec[1] for d, spec in PARAMETERS.items()}
    sources = {d: f"{option_flag(d)} (default)" for d in PARAMETERS}
    notes = []
    if args.prm is not None:
        values, file_sources, notes = parameters_from_prm(args.prm, given)
        p.update(values)
        sources.update(file_sources)
    for d in given:
        p[d] = getattr(args, d)
        sources[d] = option_flag(d)
    return p, sources, notes


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def report(p, r, notes):
    omega_name = ("atomic volume v*" if p["evolution"] == "spaepen"
                  else "activation volume")
    omega = (p["atomic_volume"] if p["evolution"] == "spaepen"
             else p["activation_volume"])
    pressure = p["pressure_sensitivity"]
    if pressure == "mohr_coulomb":
        pressure += (" (sharp)" if p["lode_rounding_angle"] >= 30 else
                     f" (edges rounded beyond {p['lode_rounding_angle']:g} deg)")

    def row(label, value):
        return f"  {label:<34} {value}"

    m = r["rate_sensitivity"]
    lines = [
        "Calibration of the activation energy dG (MODEL.md section 6)",
        row("yield stress sigma_y", f"{p['yield_stress']:.6g} Pa (uniaxial compression)"),
        row("reference strain rate", f"{p['strain_rate']:.6g} 1/s (axial)"),
        row("free volume xi_0", f"{p['free_volume']:.6g}"),
        row("temperature T", f"{p['temperature']:.6g} K"),
        row("attempt frequency f", f"{p['attempt_frequency']:.6g} 1/s"),
        row("pressure sensitivity", pressure),
        row("friction alpha = tan(phi)", f"{p['friction']:.6g}"
            + (" (not used)" if p["pressure_sensitivity"] == "none" else "")),
        row("free-volume evolution", p["evolution"]),
        row(f"Omega = {omega_name}", f"{omega:.6g} m^3"),
        row("dilatancy beta_dil", f"{p['dilatancy']:.6g}"),
        "Results",
        row("effective shear stress tau_y", f"{r['tau_yield']:.6g} Pa"),
        row("x_y = tau_y Omega/(2kT)", f"{r['x_yield']:.6g}"),
        row("plastic shear rate gamma_dot_y", f"{r['gamma_dot_yield']:.6g} 1/s"),
        row("activation energy dG", f"{r['activation_energy_J']:.6g} J"),
        row("", f"{r['activation_energy_eV']:.6g} eV"),
        row("", f"{r['activation_energy_kT']:.6g} kT"),
        row("m = d ln tau/d ln gamma_dot", f"{m:.6g} (= tanh(x_y)/x_y, fixed free volume)"),
        row("uniaxial d ln sigma/d ln eps_dot", f"{m:.6g} (the same: tau_eff ~ sigma)"),
    ]
    if (p["pressure_sensitivity"] == "mohr_coulomb"
            and p["lode_rounding_angle"] < 30):
        sharp = uniaxial_tau_eff(p["yield_stress"], p["friction"], "mohr_coulomb", 30)
        notes = [f"the sharp Mohr-Coulomb criterion gives tau_y = {sharp:.6g} Pa;\n"
                 f"        Rejuv's rounded compression edge gives "
                 f"{100 * (r['tau_yield'] / sharp - 1):+.2f} % "
                 "(--lode-rounding-angle 30: sharp)"] + notes
    lines += [f"  note: {n}" for n in notes]
    lines += [
        "Rejuv input: either leave the default (Rejuv then performs this calibration itself)",
        "  subsection Material",
        "    subsection Free volume model",
        "      set Calibrate activation energy = true",
        "    end",
        "  end",
        "or fix dG to the value above:",
        "  subsection Material",
        "    subsection Free volume model",
        "      set Calibrate activation energy = false",
        f"      set Activation energy = {r['activation_energy_eV']:.10g}",
        "    end",
        "  end",
    ]
    return "\n".join(lines)


def main(argv):
    args = command_line(argv)
    try:
        p, sources, notes = gather(args)
        check(p, sources)
        results = calibrate(p)
    except InputProblem as e:
        print(f"calibrate_activation_energy: error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(report(p, results, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
