#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   bash scripts/setup.sh run    install dependencies, build, run the Brunel example
#   bash scripts/setup.sh test   install dependencies, build with tests, run the whole test suite
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${LAMINA_BUILD_DIR:-build}
jobs=${LAMINA_JOBS:-$(nproc)}
# ccache keyed on paths relative to the checkout, so that another clone reuses the cache.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

bash scripts/install_deps.sh

tests=OFF
[ "$mode" = test ] && tests=ON
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLAMINA_BUILD_TESTS=$tests >/dev/null
cmake --build "$build" -j "$jobs"
# `import lamina` in Debian's Python (/usr/bin/python3), from /usr/local/lib/python3.11/dist-packages.
if [ -d "$build/python/lamina" ]; then
  cmake --install "$build" --component python > /dev/null
fi

case "$mode" in
  run)
    "$build/lamina" run examples/brunel.toml --out runs/brunel
    ;;
  test)
    # Validation tests are sized for 2 cores; ctest runs them one at a time so each may use both.
    ctest --test-dir "$build" --output-on-failure -j 1
    if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then
      LAMINA_BUILD_DIR="$root/$build" /usr/bin/python3 -m pytest -q tests/python
    fi
    ;;
  *)
    echo "usage: bash scripts/setup.sh [run|test]" >&2
    exit 2
    ;;
esac
