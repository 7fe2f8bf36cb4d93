#!/usr/bin/env python3
"""Prints the import graph of src/ by top-level module and any loops.

A module is a file or directory directly under src/ (commands, store,
render, ... count as one each). Exits 1 if there is a loop, or if anything
outside src/commands/ and src/main.rs names `crate::cli`.
"""
import pathlib, re, sys

src = pathlib.Path(__file__).resolve().parent.parent / "src"
edges = {}
bad = []
for f in src.rglob("*.rs"):
    rel = f.relative_to(src)
    mod = rel.parts[0].removesuffix(".rs")
    if mod in ("lib", "main") or f.name == "tests.rs":
        continue
    text = f.read_text()
    # Code after `#[cfg(test)]` is test-only and may reach anywhere.
    text = text.split("#[cfg(test)]")[0]
    for m in re.finditer(r"crate::(\w+)", text):
        dep = m.group(1)
        if dep != mod and (src / f"{dep}.rs").exists() or (src / dep).is_dir():
            if dep != mod:
                edges.setdefault(mod, set()).add(dep)
    if mod != "commands" and re.search(r"crate::cli\b", text):
        bad.append(str(rel))

def cycles():
    found, stack, state = [], [], {}
    def visit(n):
        state[n] = 1
        stack.append(n)
        for d in sorted(edges.get(n, ())):
            if state.get(d) == 1:
                found.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[n] = 2
    for n in sorted(edges):
        if n not in state:
            visit(n)
    return found

for n in sorted(edges):
    print(f"{n:10} -> {', '.join(sorted(edges[n]))}")
loops = cycles()
for c in loops:
    print("loop:", " -> ".join(c))
for b in bad:
    print("uses cli outside commands/:", b)
sys.exit(1 if loops or bad else 0)
