#!/usr/bin/env bash
# Proves a refactor changed no output: runs two codegen binaries (before, after) over the same
# inputs and compares everything they write: the generated SDK folder (with ir.json and
# openapi.json), `ir`, `openapi`, and `lint --format json`.
#
# usage: bench/identity-check.sh BEFORE_BIN AFTER_BIN [INPUT...]
#   INPUT defaults to ../shared/corpus and docs-input. Exit 0 when every output is byte-identical.
set -uo pipefail
before=$1; after=$2; shift 2
inputs=("$@")
[ ${#inputs[@]} -eq 0 ] && inputs=("${SHARED:-../shared}/corpus" docs-input)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for input in "${inputs[@]}"; do
  for side in before after; do
    bin=${!side}; out="$work/$side/$(basename "$input")"; mkdir -p "$out"
    "$bin" --input "$input" generate --out "$out/sdk" --crate-name identity-sdk >/dev/null 2>&1
    "$bin" --input "$input" ir > "$out/ir.json" 2>/dev/null
    "$bin" --input "$input" openapi > "$out/openapi.json" 2>/dev/null
    "$bin" --input "$input" lint --format json > "$out/lint.json" 2>/dev/null
  done
  if diff -r -q "$work/before/$(basename "$input")" "$work/after/$(basename "$input")"; then
    echo "identical: $input ($(find "$work/after/$(basename "$input")" -type f | wc -l) files)"
  else
    status=1
  fi
done
exit $status
