#!/usr/bin/env bash
# Set up (packages, Debug build: deal.II's assertions on) and run the whole
# test suite: unit tests (GoogleTest) and regression runs on 1 and 2 ranks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
# Tests that use 2 MPI ranks take both cores: run one test at a time.
ctest --test-dir build/debug --output-on-failure -j 1 "$@"
