#!/usr/bin/env bash
# Fuzzes the model-file loader with libFuzzer for a bounded time (not part of CI).
#
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]     (SECONDS defaults to 60)
#
# Configures a separate build directory (build-fuzz, or $LAMINA_FUZZ_BUILD_DIR) with clang, every
# lamina library instrumented with -fsanitize=fuzzer-no-link,address,undefined, builds
# tests/fuzz/model_file_fuzz.cpp and runs it seeded with examples/*.toml and tests/data/**/*.toml.
# The corpus it grows is kept in <build>/corpus between runs; crashing inputs are written to
# <build>/artifacts/ and the script exits non-zero. Reproduce one with
#   <build>/tests/fuzz/lamina_model_file_fuzz <build>/artifacts/crash-...
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [SECONDS] [libFuzzer flags...]" >&2
  exit 2
fi
build=${LAMINA_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${LAMINA_FUZZ_BUILD_JOBS:-2}

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is needed (apt-get install clang)" >&2; exit 2; }

san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" \
  -DLAMINA_BUILD_FUZZ=ON -DLAMINA_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" -j "$jobs" lamina_model_file_fuzz

seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus" "$build/artifacts"
for f in "$root"/examples/*.toml "$root"/tests/data/*/*.toml; do
  [[ -e $f ]] && cp "$f" "$seeds/$(basename "$(dirname "$f")")_$(basename "$f")"
done

# Leak checking is off: libomp keeps its thread pool alive to the end of the process.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_WAIT_POLICY=passive
echo "fuzz.sh: fuzzing the model-file loader for ${seconds} s"
"$build/tests/fuzz/lamina_model_file_fuzz" "$build/corpus" "$seeds" \
  -max_total_time="$seconds" -dict="$root/tests/fuzz/model_file.dict" -max_len=4096 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/artifacts/" -print_final_stats=1 "$@"
