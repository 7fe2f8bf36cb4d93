#!/usr/bin/env python3
"""Start-up cost: `backrelief list --muscle hamstrings` against an empty Rust
program started the same way. Runs are interleaved (empty, backrelief, empty,
...) so that load from other processes falls on both alike; prints the median
of each and their ratio. Usage: scripts/bench-startup.py [RUNS]."""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "backrelief")

def once_ms(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000

def interleaved_medians(cmds, runs, env):
    times = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            times[i].append(once_ms(cmd, env))
    return [statistics.median(t) for t in times]

def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "empty.rs")
        open(src, "w").write("fn main() {}\n")
        empty = os.path.join(tmp, "empty")
        subprocess.run(["rustc", "-O", "-C", "strip=symbols", "-o", empty, src], check=True)
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, BACKRELIEF_HOME=tmp, NO_COLOR="1")
        env.pop("BACKRELIEF_LIBRARY", None)
        cmds = [[empty], [BIN, "list", "--muscle", "hamstrings"]]
        interleaved_medians(cmds, 20, env)  # warm the page cache
        e, b = interleaved_medians(cmds, runs, env)
    print(f"empty Rust program:                {e:.2f} ms (median of {runs})")
    print(f"backrelief list --muscle hamstrings: {b:.2f} ms (median of {runs})")
    print(f"ratio: {b / e:.2f}x")

if __name__ == "__main__":
    main()
