#!/usr/bin/env python3
"""Start-up cost: `backrelief list --muscle hamstrings` against an empty Rust
program started the same way. Prints the median of many runs of each and
their ratio (target: within 2x). Usage: scripts/bench-startup.py [RUNS]."""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "backrelief")

def median_ms(cmd, runs, env):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

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
        # Warm the page cache first.
        median_ms([empty], 20, env)
        median_ms([BIN, "list", "--muscle", "hamstrings"], 20, env)
        e = median_ms([empty], runs, env)
        b = median_ms([BIN, "list", "--muscle", "hamstrings"], runs, env)
    print(f"empty Rust program:                {e:.2f} ms (median of {runs})")
    print(f"backrelief list --muscle hamstrings: {b:.2f} ms (median of {runs})")
    print(f"ratio: {b / e:.2f}x")

if __name__ == "__main__":
    main()
