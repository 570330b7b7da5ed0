#!/usr/bin/env bash
# Install every Debian package Rejuv needs (a no-op when all are present),
# then configure and build one build type.
#   scripts/setup.sh [release|debug]      (default: release)
# Release builds go to build/release (for runs and benchmarks), Debug builds
# to build/debug (deal.II's assertions on: what the test suite uses).
set -euo pipefail
cd "$(dirname "$0")/.."

build_type=${1:-release}
case "$build_type" in
  release) cmake_type=Release ;;
  debug) cmake_type=Debug ;;
  *) echo "usage: scripts/setup.sh [release|debug]" >&2; exit 1 ;;
esac

packages=(libdeal.ii-dev libgtest-dev python3-vtk9 python3-numpy python3-matplotlib
          ccache gmsh openmpi-bin cmake ninja-build g++ clang-format)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

echo "== configuring build/$build_type ($cmake_type)"
cmake -S . -B "build/$build_type" -G Ninja -DCMAKE_BUILD_TYPE="$cmake_type" \
      -DPython3_EXECUTABLE=/usr/bin/python3 > "build-$build_type.log" 2>&1 \
  || { cat "build-$build_type.log"; exit 1; }
echo "== building build/$build_type"
# Two jobs: deal.II translation units need about 1.5 GB of memory each.
ninja -C "build/$build_type" -j "${REJUV_BUILD_JOBS:-2}"
rm -f "build-$build_type.log"
