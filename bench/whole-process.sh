#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md: our generator on the whole corpus (and 2x, 4x
# copies of it) next to cargo-progenitor on the upstream specs, in the same run.
#   cargo install cargo-progenitor --version 0.15.1 --locked   # the peer
#   apt-get install -y hyperfine
# Usage: bench/whole-process.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
runs=${1:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release -q -p codegen
bin=$PWD/target/release/codegen

# Scaling inputs: the corpus copied 2 and 4 times under different folder names.
for n in 2 4; do
  mkdir -p "$tmp/x$n"
  for i in $(seq 1 $n); do cp -r "$shared/corpus" "$tmp/x$n/copy$i"; done
done

echo "== whole process (hyperfine, $runs runs, fresh output folder each run)"
hyperfine -N -w 2 -r "$runs" --export-markdown "$tmp/hyperfine.md" \
  -p "rm -rf $tmp/out" -n "ours: corpus (1x)" "$bin generate --input $shared/corpus --out $tmp/out" \
  -p "rm -rf $tmp/out" -n "ours: corpus (2x)" "$bin generate --input $tmp/x2 --out $tmp/out" \
  -p "rm -rf $tmp/out" -n "ours: corpus (4x)" "$bin generate --input $tmp/x4 --out $tmp/out" \
  -p "rm -rf $tmp/pm" -n "progenitor: management spec" "cargo progenitor -i $shared/peers/management.openapi.json -o $tmp/pm -n m -v 0.1.0" \
  -p "rm -rf $tmp/pa" -n "progenitor: authentication spec" "cargo progenitor -i $shared/peers/authentication.openapi.json -o $tmp/pa -n a -v 0.1.0"
cat "$tmp/hyperfine.md"

echo "== peak memory (/usr/bin/time -v)"
peak() { rm -rf "$tmp/out" "$tmp/pm" "$tmp/pa"; /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.0f MiB\n", $2/1024}'; }
echo "ours, corpus 1x: $(peak "$bin" generate --input "$shared/corpus" --out "$tmp/out")"
echo "ours, corpus 4x: $(peak "$bin" generate --input "$tmp/x4" --out "$tmp/out")"
echo "progenitor, management: $(peak cargo progenitor -i "$shared/peers/management.openapi.json" -o "$tmp/pm" -n m -v 0.1.0)"
echo "progenitor, authentication: $(peak cargo progenitor -i "$shared/peers/authentication.openapi.json" -o "$tmp/pa" -n a -v 0.1.0)"
