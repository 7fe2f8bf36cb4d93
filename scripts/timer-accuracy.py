#!/usr/bin/env python3
"""Timer accuracy and CPU use of a real session in plain mode.

Runs the release binary on the shortest plan (5 minutes) with the clock
sped up so it takes SECONDS of wall time (default 60), and reports how far
the wall-clock length was from the planned length, and the CPU seconds the
process used. Usage: scripts/timer-accuracy.py [SECONDS] (300 = real time).
"""
import json, os, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "backrelief")
ANSWERS = """red_flags: []
pain: 3
areas: [low-back]
symptoms: []
conditions: []
equipment: []
minutes: 5
"""

def main():
    wall_target = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, BACKRELIEF_HOME=tmp, XDG_CONFIG_HOME=tmp, NO_COLOR="1")
        answers = os.path.join(tmp, "a.yaml")
        open(answers, "w").write(ANSWERS)
        plan = json.loads(subprocess.run([BIN, "session", "--answers", answers, "--plan", "--json"],
                                         env=env, check=True, capture_output=True).stdout)
        planned = plan["seconds_planned"]
        scale = planned / wall_target
        env["BACKRELIEF_TIME_SCALE"] = repr(scale)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        subprocess.run([BIN, "session", "--answers", answers, "--plain"], env=env, check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    expected = planned / scale
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"plan: {planned} s of session at {scale:.3f}x = {expected:.3f} s of wall time")
    print(f"wall: {wall:.3f} s   error: {(wall - expected) * 1000:+.1f} ms (includes process start-up)")
    print(f"cpu:  {cpu:.3f} s   ({cpu / wall * 100:.2f}% of one core, {cpu / (wall / 60):.3f} s per minute)")

if __name__ == "__main__":
    main()
