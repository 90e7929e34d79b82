#!/usr/bin/env bash
# Installs everything lamina needs on a fresh Debian 12 machine, from Debian's archive only.
# Idempotent: packages already present are skipped by apt.
# --bench adds the peers of the benchmarks in bench/peers (PyTorch), never needed to build or test.
set -euo pipefail
bench=0
[ "${1:-}" = "--bench" ] && bench=1
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libhdf5-dev libtomlplusplus-dev libcli11-dev librandom123-dev libeigen3-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libopenmpi-dev openmpi-bin
  pybind11-dev python3-dev python3-pip python3-numpy python3-scipy python3-h5py python3-matplotlib python3-pytest
  python3-brian
)
if ((bench)); then packages+=(python3-torch); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install_deps: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install_deps: all packages present"
fi
