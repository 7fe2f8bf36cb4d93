#!/usr/bin/env python3
"""Bytes written to the terminal for a 60-second hold, ours and termdown's.

Runs `backrelief` full screen in an 80x24 pseudo-terminal on a one-step
program (a 60 s hold after its "get ready"), answers "y" to start, then
a space (the first exercise waits for a key), and counts every byte from then until it leaves the alternate screen; then the
same for `termdown 60` if it is installed (`pip install termdown`). Both
run at once, in real time (about 70 seconds).

    cargo build --release
    python3 scripts/output-bytes.py [path/to/backrelief]

`--scale N` runs our clock N times faster (the bytes are the same: we draw
only when what is shown changes, once a second); termdown always takes 60 s.
"""

import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import threading
import time

ROWS, COLS = 24, 80
PROGRAM = """\
programs:
  - id: one-minute
    name: One minute
    summary: One 60-second hold, to measure the screen's cost.
    steps:
      - exercise: child-pose
        dose: {hold: 60, sets: 1}
"""
ANSWERS = """\
red_flags: []
pain: 3
areas: [low-back]
symptoms: []
conditions: []
equipment: []
minutes: 5
"""


def run_in_pty(argv, env, answers=(), begin=None, ends=(), limit=200):
    """Runs argv in a ROWSxCOLS pty; answers each (prompt, reply) of
    `answers` in turn once its prompt shows, then counts the bytes from `begin` (when given) up to the first
    of `ends`; returns (bytes counted, seconds)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    seen = b""
    answers = list(answers)
    answered = not answers
    counting = answered and begin is None
    counted = 0
    t0 = time.monotonic() if counting else None
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        if not answered:
            seen += data
            prompt, reply = answers[0]
            if prompt in seen:
                os.write(fd, reply)
                seen = seen[seen.index(prompt) + len(prompt):]
                answers.pop(0)
                answered = not answers
                counting = answered and begin is None
                t0 = time.monotonic()
            if not answered or begin is None:
                continue
            data = seen
        if not counting:
            if begin not in data:
                continue
            data = data[data.index(begin):]
            counting = True
            t0 = time.monotonic()
        found = [data.index(e, 1) for e in ends if e in data[1:]]
        if found:
            counted += min(found)
            break
        counted += len(data)
    seconds = time.monotonic() - t0 if t0 else 0.0
    try:
        os.kill(pid, 15)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return counted, seconds


def main():
    args = sys.argv[1:]
    scale = "1"
    if "--scale" in args:
        i = args.index("--scale")
        scale = args[i + 1]
        del args[i : i + 2]
    ours = args[0] if args else "target/release/backrelief"
    results = {}
    with tempfile.TemporaryDirectory() as home:
        os.makedirs(os.path.join(home, "lib"))
        with open(os.path.join(home, "lib", "one.yaml"), "w") as f:
            f.write(PROGRAM)
        answers = os.path.join(home, "a.yaml")
        with open(answers, "w") as f:
            f.write(ANSWERS)
        env = dict(os.environ, TERM="xterm-256color", BACKRELIEF_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"), BACKRELIEF_TIME_SCALE=scale)
        argv = [ours, "--library", os.path.join(home, "lib"), "session", "--program",
                "one-minute", "--answers", answers, "--bell", "off"]

        def measure_ours():
            # The planner may add steps around it: count from the hold's
            # first frame to the next step's or the finish screen's.
            results["backrelief"] = run_in_pty(
                argv, env,
                answers=[(b"Start the session", b"y"), (b"to start", b" ")],
                begin=b"HOLD",
                ends=(b"GET READY", b"\x1b[2J", b"\x1b[?1049l"))

        def measure_termdown():
            if shutil.which("termdown"):
                # It ends by itself after 60 s and waits for a key: stop it then.
                results["termdown"] = run_in_pty(
                    ["termdown", "60"], dict(os.environ, TERM="xterm-256color"), limit=62)

        threads = [threading.Thread(target=f) for f in (measure_ours, measure_termdown)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    print(f"{'program':<12} {'bytes':>8} {'seconds':>8} {'bytes/min':>10}  (80x24)")
    for name, (n, secs) in results.items():
        # Per minute of countdown on the clock the person sees.
        minutes = 1.0 if name == "backrelief" else secs / 60
        print(f"{name:<12} {n:>8} {secs:>8.1f} {n / minutes:>10.0f}")
    if "termdown" not in results:
        print("termdown is not installed (pip install termdown); only ours measured")


if __name__ == "__main__":
    main()
