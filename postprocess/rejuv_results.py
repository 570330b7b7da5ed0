"""Shared helpers of the postprocessing scripts: find a step of a Rejuv result.

A result folder holds solution.pvd, which lists one .pvtu per output step
with its physical time.
"""
import os
import sys
import xml.etree.ElementTree as ET


def pvtu_of(result_dir, step, prog):
    """(path of the .pvtu of @p step, its time [s]); the last step if None.

    Exits with a message naming @p prog and what is missing.
    """
    pvd = os.path.join(result_dir, "solution.pvd")
    if not os.path.exists(pvd):
        sys.exit(f"{prog}: no solution.pvd in '{result_dir}'")
    entries = ET.parse(pvd).getroot().findall(".//DataSet")
    if not entries:
        sys.exit(f"{prog}: '{pvd}' lists no output steps")
    if step is None:
        entry = entries[-1]
    else:
        names = [e.get("file") for e in entries]
        match = [e for e, n in zip(entries, names) if n.endswith(f"_{step:05d}.pvtu")
                 or f".{step:04d}." in n or f"_{step:04d}." in n]
        if not match:
            sys.exit(f"{prog}: step {step} not in '{pvd}'")
        entry = match[0]
    pvtu = os.path.join(result_dir, entry.get("file"))
    if not os.path.exists(pvtu):
        sys.exit(f"{prog}: '{pvd}' names '{pvtu}', which does not exist")
    return pvtu, float(entry.get("timestep"))
