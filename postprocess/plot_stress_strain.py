#!/usr/bin/env python3
"""Plot engineering stress-strain curves from Rejuv's statistics.csv files.

Each file given on the command line becomes one curve: engineering stress
[MPa] against engineering strain [%], both positive in the sense of loading,
labelled by the name of the folder holding the file (the run's output
directory). Columns are found by their name, the header text before
" [unit]", so added or reordered columns do not matter.

Example:
    /usr/bin/python3 postprocess/plot_stress_strain.py \
        output/uniaxial_compression_2d/statistics.csv -o curve.png

Exit code 0 on success, 1 for a missing or unreadable file or column.
"""

import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")  # headless: no display needed
import matplotlib.pyplot as plt  # noqa: E402  (after the backend choice)

STRAIN = "engineering strain"
STRESS = "engineering stress"
FREE_VOLUME = ("mean free volume", "max free volume")


class InputProblem(Exception):
    """A problem with a file the user gave us; reported without a traceback."""


def column_name(header_entry):
    """'engineering stress [Pa]' -> 'engineering stress'."""
    return header_entry.split(" [", 1)[0].strip()


def read_columns(path, names):
    """Return {name: [float, ...]} for the columns called @p names in @p path."""
    if not os.path.isfile(path):
        raise InputProblem(f"'{path}': no such file")
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        raise InputProblem(f"'{path}': cannot read ({e.strerror})") from e
    if not rows:
        raise InputProblem(f"'{path}': empty file, expected a header line")

    header = [column_name(h) for h in rows[0]]
    data = {}
    for name in names:
        if name not in header:
            raise InputProblem(
                f"'{path}': no column '{name}' in the header "
                f"(found: {', '.join(repr(h) for h in header)})")
        index = header.index(name)
        values = []
        for line, row in enumerate(rows[1:], start=2):
            if not row:
                continue
            try:
                values.append(float(row[index]))
            except (IndexError, ValueError) as e:
                raise InputProblem(
                    f"'{path}', line {line}: no number in column '{name}'"
                ) from e
        data[name] = values
    if not data[names[0]]:
        raise InputProblem(f"'{path}': header only, no data rows")
    return data


def curve_labels(paths):
    """Name of each file's folder; the longer relative path where names clash."""
    names = [os.path.basename(os.path.dirname(os.path.abspath(p))) for p in paths]
    return [
        n if names.count(n) == 1 else os.path.relpath(os.path.dirname(os.path.abspath(p)))
        for n, p in zip(names, paths)
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Plot engineering stress [MPa] vs engineering strain [%] "
        "from one or more Rejuv statistics.csv files, one curve per file.")
    parser.add_argument("csv", nargs="+", metavar="statistics.csv",
                        help="statistics file(s) written by rejuv")
    parser.add_argument("-o", "--output", default="stress_strain.png",
                        help="image to write; the format follows the "
                        "extension (.png, .pdf, .svg) (default: %(default)s)")
    parser.add_argument("--title", default=None, help="title of the plot")
    parser.add_argument("--stress", default=STRESS,
                        choices=[STRESS, "net-section stress"],
                        help="stress column to plot (net-section stress: force "
                        "/ area in the notch plane) (default: %(default)s)")
    args = parser.parse_args(argv)
    stress = args.stress

    try:
        curves = [read_columns(p, [STRAIN, stress]) for p in args.csv]
    except InputProblem as e:
        print(f"plot_stress_strain.py: error: {e}", file=sys.stderr)
        return 1

    # A second panel with the free volume where the runs evolve it.
    free_volume = []
    for p in args.csv:
        try:
            f = read_columns(p, [STRAIN, *FREE_VOLUME])
            evolves = max(f[FREE_VOLUME[1]]) - min(f[FREE_VOLUME[0]]) > 1e-9
            free_volume.append(f if evolves else None)
        except InputProblem:
            free_volume.append(None)
    panels = 2 if any(free_volume) else 1
    fig, axes = plt.subplots(panels, 1, figsize=(6.4, 4.8 if panels == 1 else 7.2),
                             sharex=True, squeeze=False)
    ax = axes[0][0]
    for data, label in zip(curves, curve_labels(args.csv)):
        ax.plot([100 * e for e in data[STRAIN]],
                [1e-6 * s for s in data[stress]],
                marker="o", markersize=3, label=label)
    ax.set_ylabel(f"{stress} [MPa]")
    ax.grid(True, alpha=0.4)
    ax.legend()
    if panels == 2:
        fx = axes[1][0]
        for f, label in zip(free_volume, curve_labels(args.csv)):
            if f:
                strain = [100 * e for e in f[STRAIN]]
                line, = fx.plot(strain, f[FREE_VOLUME[0]], label=f"{label}: mean")
                fx.plot(strain, f[FREE_VOLUME[1]], ls="--", color=line.get_color(),
                        label=f"{label}: max")
        fx.set_ylabel("free volume xi [-]")
        fx.grid(True, alpha=0.4)
        fx.legend(fontsize=8)
    axes[-1][0].set_xlabel("engineering strain [%]")
    if args.title:
        ax.set_title(args.title)
    fig.tight_layout()
    try:
        fig.savefig(args.output, dpi=150)
    except (OSError, ValueError) as e:
        print(f"plot_stress_strain.py: error: cannot write '{args.output}': {e}",
              file=sys.stderr)
        return 1
    print(f"Wrote '{args.output}' ({len(curves)} curve(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
