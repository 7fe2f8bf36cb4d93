#!/usr/bin/env python3
"""Writes tests/fixtures/history-6-weeks.jsonl: a fixed, realistic six
weeks of sessions (pain easing from about 7 to 3, a few missed days, one
session that raised pain, one stopped early). Deterministic.

    scripts/make-history-fixture.py --sessions N --out PATH

writes instead a long history for measuring (scripts/bench-report): N
sessions ending 2026-11-24, twice a day (more a day when N would reach back
before 1971, so every line still imports), each followed by its pain-after
amendment as backrelief writes them. Deterministic."""
import json, random, datetime, os, sys


def long_history(path, sessions, today=datetime.date(2026, 11, 25)):
    rng = random.Random(18)
    tz = datetime.timezone(datetime.timedelta(hours=1))
    plans = [
        ["cat-cow", "kneeling-hip-flexor-stretch", "figure-four-stretch", "bird-dog",
         "glute-bridge", "diaphragmatic-breathing"],
        ["pelvic-tilt", "child-pose", "sciatic-nerve-glide", "dead-bug", "clamshell",
         "child-pose"],
    ]
    days_back = (today - datetime.date(1971, 1, 1)).days
    per_day = max(2, -(-sessions // days_back))
    first = today - datetime.timedelta(days=-(-sessions // per_day))
    with open(path, "w") as f:
        for i in range(sessions):
            day = first + datetime.timedelta(days=i // per_day)
            slot = i % per_day
            t = datetime.datetime(day.year, day.month, day.day, 6 + (14 * slot) // per_day,
                                  30, 0, tzinfo=tz)
            sid = t.strftime("%Y%m%d-%H%M%S") + "-%08x" % (i * 2654435761 % 2**32)
            before = rng.randint(2, 7)
            record = {
                "schema": 1, "id": sid, "started": t.isoformat(),
                "ended": (t + datetime.timedelta(minutes=20, seconds=12)).isoformat(),
                "source": {"kind": "answers"},
                "causes": [{"id": "sciatica", "score": 7}, {"id": "tight-hip-flexors", "score": 3}],
                "pain_before": before, "pain_after": None, "minutes_planned": 20.1,
                "steps": [
                    {"exercise": e, "status": "done", "seconds_held": 90, "seconds_planned": 150,
                     "dose": {"hold": 30, "sets": 2, "per_side": k % 2 == 0, "rest": 15}}
                    for k, e in enumerate(plans[i % 2])
                ],
                "interrupted": False,
            }
            f.write(json.dumps(record, separators=(",", ":")) + "\n")
            amend = {"schema": 2, "kind": "pain_after", "session": sid,
                     "pain_after": max(0, before - rng.randint(0, 3))}
            f.write(json.dumps(amend, separators=(",", ":")) + "\n")


if "--sessions" in sys.argv:
    args = sys.argv[1:]
    n = int(args[args.index("--sessions") + 1])
    out = args[args.index("--out") + 1]
    long_history(out, n)
    sys.exit(0)

rng = random.Random(42)
start = datetime.date(2026, 10, 14)
plans = [
    ["cat-cow", "kneeling-hip-flexor-stretch", "figure-four-stretch", "bird-dog", "glute-bridge", "diaphragmatic-breathing"],
    ["pelvic-tilt", "child-pose", "sciatic-nerve-glide", "dead-bug", "clamshell", "child-pose"],
    ["lower-trunk-rotation", "sphinx", "hamstring-strap-stretch", "side-plank-knees", "glute-bridge", "diaphragmatic-breathing"],
]
lines = []
for i in range(42):
    day = start + datetime.timedelta(days=i)
    if i in (5, 12, 13, 20, 27, 33):
        continue  # missed days
    before = max(2, round(7 - i * 4 / 41 + rng.choice([-1, 0, 0, 1])))
    after = max(0, before - rng.choice([1, 1, 2, 2, 3]))
    if i == 16:
        after = before + 2  # a session that made it worse
    t = datetime.datetime(day.year, day.month, day.day, 7, 30 + (i % 20), 0,
                          tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    steps = plans[i % 3]
    interrupted = i == 23
    record = {
        "schema": 1,
        "id": t.strftime("%Y%m%d-%H%M%S") + "-%08x" % (i * 2654435761 % 2**32),
        "started": t.isoformat(),
        "ended": (t + datetime.timedelta(minutes=15 if not interrupted else 6, seconds=12)).isoformat(),
        "source": {"kind": "program", "id": "sciatica-relief"} if i % 7 == 6 else {"kind": "answers"},
        "causes": [{"id": "sciatica", "score": 7}, {"id": "tight-hip-flexors", "score": 3}],
        "pain_before": before,
        "pain_after": None if i == 30 else after,
        "minutes_planned": 15.1,
        "steps": [
            {"exercise": e, "status": ("not-reached" if interrupted and k > 2 else "done"),
             "seconds_held": 0 if interrupted and k > 2 else 90, "seconds_planned": 150}
            for k, e in enumerate(steps)
        ],
        "interrupted": interrupted,
    }
    if i == 40:
        record["note"] = "long drive yesterday, hips tight"
    lines.append(json.dumps(record, separators=(",", ":")))
out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "history-6-weeks.jsonl")
open(out, "w").write("\n".join(lines) + "\n")
print(f"{len(lines)} records")
