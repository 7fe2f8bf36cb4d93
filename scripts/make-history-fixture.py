#!/usr/bin/env python3
"""Writes tests/fixtures/history-6-weeks.jsonl: a fixed, realistic six
weeks of sessions (pain easing from about 7 to 3, a few missed days, one
session that raised pain, one stopped early). Deterministic."""
import json, random, datetime, os

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
