#!/usr/bin/env bash
# Set up (packages, Release build) and run the default example: plane-strain
# compression of a free-volume glass on 2 MPI ranks, then plot its
# stress-strain curve (net-section stress for notched specimens) and the
# plastic shear strain of the last step (3D: on the section y = 0).
# Result: output/uniaxial_compression_2d/ with solution.pvd (ParaView),
# statistics.csv, stress_strain.png and plastic_shear_strain.png.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
prm=${1:-parameter_files/uniaxial_compression_2d.prm}
mpirun -np 2 --oversubscribe build/release/rejuv "$prm"
folder=$(sed -n 's/^ *set Directory *= *//p' "$prm" | tail -n 1)
folder=${folder:-output}
stress="engineering stress"
grep -q "^ *set Specimen *= *notched" "$prm" && stress="net-section stress"
/usr/bin/python3 postprocess/plot_stress_strain.py "$folder/statistics.csv" \
  --stress "$stress" -o "$folder/stress_strain.png"
if grep -q "plastic_shear_strain" "$folder"/*.pvtu 2>/dev/null; then
  if grep -q "^ *set Dimension *= *3" "$prm"; then
    # meridional section y = 0
    /usr/bin/python3 postprocess/plot_slice.py "$folder" --field plastic_shear_strain \
      -o "$folder/plastic_shear_strain.png"
  else
    /usr/bin/python3 postprocess/plot_field.py "$folder" --field plastic_shear_strain \
      -o "$folder/plastic_shear_strain.png"
  fi
fi
echo "Results in $folder: solution.pvd (open in ParaView), statistics.csv, stress_strain.png"
