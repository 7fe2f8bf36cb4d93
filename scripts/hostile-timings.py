#!/usr/bin/env python3
"""Times `backrelief check` (release build) on hostile library files and
reports wall time, exit code and peak memory for each (target: each fails
within a second, memory bounded)."""
import os, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "backrelief")

def cases(d):
    bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]']
    for i in range(1, 10):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]")
    bomb.append("exercises: *a9")
    files = {
        "alias bomb": "\n".join(bomb) + "\n",
        "5000-deep flow nesting": "exercises: " + "[" * 5000 + "]" * 5000 + "\n",
        "3000-deep block nesting": "exercises:\n" + "".join("  " * (i + 1) + f"- a{i}:\n" for i in range(3000)),
        "non-UTF-8": b"exercises:\n  - id: \xff\xfe\n",
        "empty file": "",
    }
    out = []
    for name, text in files.items():
        p = os.path.join(d, name.replace(" ", "-") + ".yaml")
        with open(p, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        out.append((name, [p]))
    big = os.path.join(d, "fifty-mb.yaml")
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    out.append(("50 MB file", [big]))
    loop = os.path.join(d, "loop")
    os.makedirs(os.path.join(loop, "sub"))
    os.symlink(loop, os.path.join(loop, "sub", "back"))
    out.append(("symlink loop", [loop]))
    return out

def main():
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as d:
        for name, args in cases(d):
            start = time.monotonic()
            p = subprocess.Popen([BIN, "check", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            err = p.stderr.read()
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.monotonic() - start
            code = os.waitstatus_to_exitcode(status)
            first = err.decode(errors="replace").strip().splitlines()[0][:60]
            print(f"{name:<24} exit {code}  {wall * 1000:7.1f} ms  peak {usage.ru_maxrss // 1024:4d} MB  {first}")

if __name__ == "__main__":
    main()
