#!/usr/bin/env python3
"""Tag features of a generated SDK crate to check alone, chosen by structure: the tag with the
fewest methods, the one with the most, and the one whose models are shared with other tags the
most. Prints `feature methods shared-models`, one line each (a tag picked twice once).
Usage: .ci/sdk-tags.py CRATE_DIR"""
import pathlib
import re
import sys
import tomllib

root = pathlib.Path(sys.argv[1])
features = tomllib.loads((root / "Cargo.toml").read_text())["features"]
# A client's feature lists its tag features; a tag feature lists nothing.
tags = sorted({t for k, v in features.items() if k != "default" for t in v if features.get(t) == []})
if not tags:
    sys.exit(f"{root}/Cargo.toml: no tag features")
src = "\n".join(p.read_text() for p in sorted((root / "src").rglob("*.rs")))
methods = {t: len(re.findall(r'#\[cfg\(feature = "%s"\)\]\s*pub async fn' % re.escape(t), src)) for t in tags}
shared = dict.fromkeys(tags, 0)
# Models compiled for several tags: `#[cfg(any(feature = "a", feature = "b"))]` on the type.
for pred in re.findall(r'#\[cfg\(\s*(any\([^\]]*\))\s*\)\]\s*(?:#\[[^\]]*\]\s*)*pub (?:struct|enum) ', src):
    for t in re.findall(r'feature = "([^"]+)"', pred):
        shared[t] += 1
picked = [
    min(tags, key=lambda t: (methods[t], t)),
    max(tags, key=lambda t: (methods[t], t)),
    max(tags, key=lambda t: (shared[t], t)),
]
for t in dict.fromkeys(picked):
    print(t, methods[t], shared[t])
