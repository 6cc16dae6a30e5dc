#!/usr/bin/env bash
# Does `codegen diff` agree with cargo-semver-checks? For every fixture pair in
# crates/codegen/tests/diff/<rule>/{old,new}: generate the SDK crate from each side, run
# `cargo semver-checks` on the two crates, and compare its verdict (a major-level lint fired or
# not) with the most severe change `codegen diff` reports (breaking or not).
#
# Needs cargo-semver-checks (`cargo install cargo-semver-checks --locked`) and crates.io (the
# generated crates' dependencies). Not part of .ci/run: the first run compiles reqwest and
# friends for rustdoc, several minutes on 2 cores; later runs reuse $SEMVER_TARGET.
#
# Usage: bench/semver-agreement.sh [RULE...]     (default: every pair)
# Prints one line per pair and exits 1 when a pair disagrees (other than the explained ones).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-semver-checks >/dev/null || { echo "cargo-semver-checks is not installed" >&2; exit 2; }
export CARGO_TERM_COLOR=never
work=${SEMVER_WORK:-$(mktemp -d)}
target=${SEMVER_TARGET:-/tmp/semver-agreement-target}
cargo build -q -p codegen
codegen="${CARGO_TARGET_DIR:-target}/debug/codegen"
pairs=("$@")
[ ${#pairs[@]} -eq 0 ] && pairs=($(ls crates/codegen/tests/diff))
status=0
# Pairs where cargo-semver-checks cannot see the break (a field's or argument's type changes).
explained="param-retyped response-field-retyped"
printf '%-24s %-10s %-10s %s\n' pair diff semver-checks "lints (major level)"
for p in "${pairs[@]}"; do
  dir=crates/codegen/tests/diff/$p
  for side in old new; do
    out=$work/$p/$side
    rm -rf "$out"
    "$codegen" generate --input "$dir/$side" --out "$out" --templates templates >/dev/null 2>&1
    # Both sides as 1.0.0, checked as a minor release: a failure means a major-level lint, i.e.
    # a breaking change, whatever the 0.x rules of the fixtures' own version.
    sed -i 's/^version = ".*"/version = "1.0.0"/' "$out/Cargo.toml"
    # A standalone package, not a member of any workspace above $work.
    grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
  done
  ours=$("$codegen" diff --old "$dir/old" --new "$dir/new" --format json |
    python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"]; s={x["severity"] for x in c}; print("breaking" if "breaking" in s else "minor" if "minor" in s else "patch" if s else "none")')
  log=$work/$p/semver.log
  if CARGO_TARGET_DIR=$target cargo semver-checks check-release --manifest-path "$work/$p/new/Cargo.toml" \
      --baseline-root "$work/$p/old" --release-type minor >"$log" 2>&1; then
    theirs=ok
  else
    theirs=breaking
  fi
  lints=$(grep -oE '^--- failure [a-z_]+' "$log" | sed 's/--- failure //' | sort -u | tr '\n' ' ' || true)
  # A failure with no lint is a failure to build or run, not a verdict.
  if [ "$theirs" = breaking ] && [ -z "$lints" ]; then
    theirs=error
  fi
  note=""
  case "$ours/$theirs" in
    breaking/breaking | minor/ok | patch/ok | none/ok) ;;
    # Explained in the README ("Agreement with cargo-semver-checks"): no lint for type changes.
    breaking/ok) if [[ " $explained " == *" $p "* ]]; then note="  (disagree, explained in the README)"; else note="  <-- disagree (log: $log)"; status=1; fi ;;
    *) note="  <-- disagree (log: $log)"; status=1 ;;
  esac
  printf '%-24s %-10s %-10s %s%s\n' "$p" "$ours" "$theirs" "$lints" "$note"
done
exit $status
