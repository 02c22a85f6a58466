#!/usr/bin/env python3
"""Copied from ../shared/tools/modgraph.py so that `make graph` (and `make test`) work without it.
Top-level module graph of a Rust crate's src/ (by `crate::X` paths and `super::` chains that reach the
crate root; comments ignored), its cycles, and its long files.
Usage: modgraph.py SRC_DIR [max_lines]. Exit 1 when a cycle exists or a non-table file is too long."""
import os, re, sys
src = sys.argv[1]; limit = int(sys.argv[2]) if len(sys.argv) > 2 else 800
edges = {}; long = []
for root, _, files in os.walk(src):
    for fn in files:
        if not fn.endswith(".rs"): continue
        path = os.path.join(root, fn); rel = os.path.relpath(path, src)
        top = rel.split(os.sep)[0].removesuffix(".rs")
        if top in ("lib", "main", "bin"): continue
        text = open(path, encoding="utf-8", errors="replace").read()
        body = text.split("#[cfg(test)]")[0]
        n = body.count("\n")
        if n > limit and "catalog" not in rel: long.append(f"{rel}:{n}")
        # Comments name paths without importing them (`[`x`](crate::y)` in a doc comment).
        body = re.sub(r"//[^\n]*", "", body)
        # `super::` chains that climb to the crate's root name a top-level module too.
        parts = rel.removesuffix(".rs").split(os.sep)
        if parts[-1] == "mod": parts.pop()
        for m in re.finditer(r"\b((?:super::)+)(\w+)", body):
            k = m.group(1).count("super::")
            if k >= len(parts) and m.group(2) != top: edges.setdefault(top, set()).add(m.group(2))
        for m in re.finditer(r"\bcrate::(\w+)", body):
            if m.group(1) != top: edges.setdefault(top, set()).add(m.group(1))
        for m in re.finditer(r"use crate::\{([^}]*)\}", body):
            for part in re.findall(r"(\w+)(?:::|\s*,|\s*$)", m.group(1)):
                if part != top and part != "self": edges.setdefault(top, set()).add(part)
nodes = set(edges) | {b for v in edges.values() for b in v}
# Tarjan SCC
idx = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
def sc(v):
    idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(nodes):
    if v not in idx: sc(v)
for s in sccs:
    back = [f"{a}->{b}" for a in s for b in sorted(edges.get(a, ())) if b in s]
    print("cycle:", " ".join(back))
if long: print("long files:", ", ".join(sorted(long)))
print(f"modules: {len(nodes)}, cycles: {len(sccs)}, files over {limit} lines (tests and tables aside): {len(long)}")
sys.exit(1 if sccs or long else 0)
