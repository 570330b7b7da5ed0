#!/usr/bin/env bash
# Set up (packages, Debug build: deal.II's assertions on) and run the whole
# test suite: unit tests (GoogleTest) and regression runs on 1 and 2 ranks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
# Two tests at a time: the long serial regression runs (single_element_ode,
# about 5 minutes in Debug) overlap the rest. 2-rank tests then oversubscribe
# the 2 cores, which OpenMPI allows here (no test is timed). 5.5 minutes on
# this machine against 12 with -j 1.
ctest --test-dir build/debug --output-on-failure -j 2 "$@"
