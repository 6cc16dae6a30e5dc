#!/usr/bin/env bash
# Build-time figures for BENCHMARKS.md: crate-only `cargo check` of the SDK generated from the
# whole corpus (all features; tag features alone) next to cargo-progenitor's crates for the
# same endpoints (../shared/peers), in the same run. Dependencies are built first; each timed
# run touches the crate's src/lib.rs, so only the crate itself is checked.
#   cargo install cargo-progenitor --version 0.15.1 --locked --root ~/tools/progenitor
#   export PROGENITOR=~/tools/progenitor/bin/cargo-progenitor   # or put it on PATH
#   apt-get install -y hyperfine
# Usage: bench/sdk-check-time.sh [RUNS]   (BENCH_TARGET: the target folder, kept between runs)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
shared=${SHARED:-../shared}
runs=${1:-5}
progenitor=${PROGENITOR:-cargo-progenitor}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CARGO_TARGET_DIR=${BENCH_TARGET:-${CARGO_TARGET_DIR:-$repo/target}/sdk-check-bench}
# No incremental cache: a crate built as a dependency never has one, and with one the timed runs
# after the first re-check almost nothing (about 2x faster than a real check), while a feature
# set's first run also writes the cache (about 1.5x slower).
export CARGO_INCREMENTAL=0
codegen_target=${CODEGEN_TARGET:-$repo/target}

echo "== generate (ours: whole corpus; progenitor: the two specs cut to the corpus' endpoints)"
CARGO_TARGET_DIR=$codegen_target cargo build --release -q -p codegen
"$codegen_target/release/codegen" generate --input "$shared/corpus" --out "$tmp/ours" --crate-name full-sdk 2>&1 | tail -1
"$progenitor" progenitor -i "$shared/peers/management.openapi.json" -o "$tmp/pm" -n m -v 0.1.0 >/dev/null
"$progenitor" progenitor -i "$shared/peers/authentication.openapi.json" -o "$tmp/pa" -n a -v 0.1.0 >/dev/null
lines() { cat $(find "$1/src" -name '*.rs') | wc -l; }
echo "ours: $(lines "$tmp/ours") lines; progenitor: management $(lines "$tmp/pm"), authentication $(lines "$tmp/pa") lines"

# The tags alone: fewest methods, most methods, most models shared (as .ci/sdk-check picks them).
mapfile -t sample < <("$repo/.ci/sdk-tags.py" "$tmp/ours" | cut -d' ' -f1)
all_tags=$(python3 -c "import tomllib,sys; f=tomllib.load(open(sys.argv[1],'rb'))['features']; print(' '.join(sorted(k for k,v in f.items() if v==[] and k!='oidc')))" "$tmp/ours/Cargo.toml")

check() { # DIR FLAGS...
  local dir=$1; shift
  echo "cargo check -q --manifest-path $dir/Cargo.toml $*"
}
echo "== dependencies"
cargo check -q --manifest-path "$tmp/ours/Cargo.toml" --all-features
cargo check -q --manifest-path "$tmp/ours/Cargo.toml" --no-default-features --features "${sample[0]}"
cargo check -q --manifest-path "$tmp/pm/Cargo.toml"
cargo check -q --manifest-path "$tmp/pa/Cargo.toml"

echo "== crate-only cargo check (hyperfine, $runs runs; user+sys is the CPU time)"
args=(-w 1 -r "$runs" --export-json "$tmp/h.json")
args+=(-p "touch $tmp/ours/src/lib.rs" -n "ours, all features" "$(check "$tmp/ours" --all-features)")
for t in "${sample[@]}"; do
  args+=(-p "touch $tmp/ours/src/lib.rs" -n "ours, $t alone" "$(check "$tmp/ours" --no-default-features --features "$t")")
done
args+=(-p "touch $tmp/pm/src/lib.rs" -n "progenitor, management spec" "$(check "$tmp/pm")")
args+=(-p "touch $tmp/pa/src/lib.rs" -n "progenitor, authentication spec" "$(check "$tmp/pa")")
hyperfine "${args[@]}" >/dev/null
python3 - "$tmp/h.json" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
print("| crate | mean wall | min wall | user+sys |")
print("|---|---|---|---|")
for r in rows:
    print(f"| {r['command']} | {r['mean']:.2f} s | {r['min']:.2f} s | {r['user'] + r['system']:.2f} s |")
by = {r["command"]: r for r in rows}
ours = by["ours, all features"]
peer = [by["progenitor, management spec"], by["progenitor, authentication spec"]]
for k in ("mean", "min"):
    p = sum(r[k] for r in peer)
    print(f"ours all features / progenitor both specs ({k} wall): {ours[k]:.2f} / {p:.2f} s = {100 * ours[k] / p:.0f}%")
cpu = lambda r: r["user"] + r["system"]
print(f"ours all features / progenitor both specs (user+sys): {100 * cpu(ours) / sum(map(cpu, peer)):.0f}%")
EOF

echo "== every tag alone, once each (wall, after touch)"
for t in $all_tags; do
  touch "$tmp/ours/src/lib.rs"
  s=$(date +%s.%N)
  cargo check -q --manifest-path "$tmp/ours/Cargo.toml" --no-default-features --features "$t"
  echo "$t $(python3 -c "print(round($(date +%s.%N) - $s, 2))")"
done | tee "$tmp/tags.txt"
python3 - "$tmp/tags.txt" <<'EOF'
import statistics, sys
t = sorted(float(l.split()[1]) for l in open(sys.argv[1]))
print(f"tags alone: {len(t)}, min {t[0]:.2f} s, median {statistics.median(t):.2f} s, max {t[-1]:.2f} s, "
      f"{sum(x <= 2 for x in t)} at or under 2 s")
EOF
