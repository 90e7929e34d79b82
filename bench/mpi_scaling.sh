#!/usr/bin/env bash
# Strong scaling from 1 to 2 processes on this machine: the Brunel network, the same total
# number of threads split as 1 rank x 2 threads and 2 ranks x 1 thread, several repetitions.
# Prints simulation time, real-time factor and communication time per epoch.
# Usage: bash bench/mpi_scaling.sh [duration, default "1 s"] [repetitions, default 3]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lamina=${LAMINA:-$root/build/lamina}
duration=${1:-1s}
reps=${2:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "%-22s %4s %10s %8s %10s %14s\n" layout rep sim_s rtf epochs comm_us/epoch
for layout in "1 2" "2 1" "1 1"; do
  set -- $layout
  ranks=$1 threads=$2
  for rep in $(seq "$reps"); do
    if [ "$ranks" = 1 ]; then launcher=""; else launcher="mpirun --oversubscribe -np $ranks"; fi
    $launcher "$lamina" run "$root/examples/brunel.toml" --threads "$threads" --set "simulation.duration=$duration" \
      --out "$tmp/run" > /dev/null
    /usr/bin/python3 - "$tmp/run/summary.json" "$ranks x $threads" "$rep" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{sys.argv[2] + ' (ranks x threads)':22s} {sys.argv[3]:>4s} {s['simulation_time_s']:10.2f} {s['real_time_factor']:8.2f} "
      f"{s['epochs']:10d} {1e6 * s['communication_time_s'] / max(1, s['epochs']):14.1f}")
PY
  done
done
