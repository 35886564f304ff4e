"""Benchmark of the desktop front end (a script, not a test).

    python bench/bench_ui.py [--runs 5] [--frames 400] [--scenario NAME]

Measures, each next to a floor taken in the same run:
- cold start: `python -m game` until its first interactive frame is on screen,
  against a bare `python -c "import pygame"`;
- frame time (p50/p99) on the heaviest screens (the historical scenario's
  first briefing: long text, map, eight actors, nineteen positions; and the
  ending with its chart), while the mouse moves and the text scrolls;
- the frame that builds each new screen (the switch), for information;
- peak memory (max RSS) of a whole game played to the ending, against bare
  `import pygame`.
SDL's dummy video driver is used unless --real-display is given, so the figures
do not depend on an X server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"first_frame_s": 0.6, "p99_ms": 8.0, "peak_mb": 200.0}


def _env(real_display: bool, home: str) -> dict[str, str]:
    env = dict(os.environ, SHIELD_TALKS_HOME=home, PYGAME_HIDE_SUPPORT_PROMPT="1", PYTHONPATH=str(ROOT))
    if not real_display:
        env["SDL_VIDEODRIVER"] = "dummy"
    env["SDL_AUDIODRIVER"] = "dummy"
    return env


def _wall(cmd: list[str], env: dict[str, str], marker: str | None) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if marker:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.strip() == marker:
                break
    else:
        proc.wait()
    elapsed = time.perf_counter() - t0
    proc.wait()
    return elapsed


def cold_start(runs: int, real_display: bool) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as home:
        env = _env(real_display, home)
        floor = [_wall([sys.executable, "-c", "import pygame"], env, None) for _ in range(runs)]
        env["SHIELD_TALKS_EXIT_AFTER_FIRST_FRAME"] = "1"
        start = [_wall([sys.executable, "-m", "game"], env, "FIRST_FRAME") for _ in range(runs)]
    return statistics.median(floor), statistics.median(start)


# The child: plays a game through the real App and reports frame times and memory as JSON.
CHILD = r"""
import json, os, random, resource, statistics, sys, time, argparse
import pygame
from game.ui.app import App
scenario, frames = sys.argv[1], int(sys.argv[2])
args = argparse.Namespace(scenario=scenario, role=["usa"], seed=7, policy="historical", save=None, load=None,
                          start=None, list=False, text=False)
app = App(args, size=(1280, 720))
app.run_frames(5)
rng = random.Random(1)

def key(k):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0))

def timed(n):
    out = []
    for i in range(n):
        pos = (rng.randrange(1280), rng.randrange(720))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))
        if i % 50 == 25:
            key(pygame.K_PAGEDOWN if (i // 50) % 2 == 0 else pygame.K_PAGEUP)
        t = time.perf_counter()
        app.step(dt=1 / 60)
        out.append((time.perf_counter() - t) * 1000)
    return out

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

report = {}
app.run_frames(30)  # let the idle work (preparing the decision screen) finish
briefing = timed(frames)
report["briefing"] = {"p50": pct(briefing, 50), "p99": pct(briefing, 99), "max": max(briefing), "screen": type(app.top).__name__}
switches = []
idle = []
guard = 0
while type(app.top).__name__ != "EndingScreen" and guard < 200:
    guard += 1
    name = type(app.top).__name__
    if name == "DecisionScreen":
        key(pygame.K_1)
    elif name == "Popup":
        key(pygame.K_y)
    else:
        key(pygame.K_RETURN)
    t = time.perf_counter()
    app.step(dt=1 / 60)  # the key press: the engine moves and the next screen is built
    switches.append((time.perf_counter() - t) * 1000)
    for _ in range(150):  # 2.5 s on each screen: less than a person reads, enough for the idle work
        t = time.perf_counter()
        app.step(dt=1 / 60)
        idle.append((time.perf_counter() - t) * 1000)
ending = timed(frames)
report["ending"] = {"p50": pct(ending, 50), "p99": pct(ending, 99), "max": max(ending), "screen": type(app.top).__name__}
report["switch"] = {"p50": pct(switches, 50), "max": max(switches), "count": len(switches)}
report["idle"] = {"p50": pct(idle, 50), "p99": pct(idle, 99), "max": max(idle)}
report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("REPORT " + json.dumps(report), flush=True)
"""

FLOOR_MEM = "import resource, pygame; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
# A bare pygame window that only fills and flips: what any pygame program pays for frames and memory.
FLOOR_WINDOW = r"""
import json, resource, time, pygame
pygame.display.init()
s = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
times = []
for i in range(400):
    pygame.event.pump()
    t = time.perf_counter()
    s.fill((i % 255, 0, 0))
    pygame.display.flip()
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"p50": times[200], "p99": times[395], "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def play(scenario: str, frames: int, real_display: bool) -> tuple[dict, float, dict]:
    with tempfile.TemporaryDirectory() as home:
        env = _env(real_display, home)
        out = subprocess.run([sys.executable, "-c", CHILD, scenario, str(frames)], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        report = json.loads(next(line for line in out.splitlines() if line.startswith("REPORT "))[7:])
        floor = float(subprocess.run([sys.executable, "-c", FLOOR_MEM], env=env, capture_output=True, text=True, check=True).stdout)
        window = json.loads(subprocess.run([sys.executable, "-c", FLOOR_WINDOW], env=env, capture_output=True, text=True,
                                           check=True).stdout.strip().splitlines()[-1])
    return report, floor, window


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--frames", type=int, default=400)
    ap.add_argument("--scenario", default="missile_defence_2007_2011")
    ap.add_argument("--real-display", action="store_true", help="use the real video driver (needs DISPLAY)")
    a = ap.parse_args()
    floor_s, start_s = cold_start(a.runs, a.real_display)
    report, floor_mb, win = play(a.scenario, a.frames, a.real_display)
    b, e, sw = report["briefing"], report["ending"], report["switch"]
    bare = f"bare window {win['p50']:.2f} / {win['p99']:.2f} ms"
    rows = [
        ("cold start to first frame", f"{start_s:.3f} s", f"import pygame {floor_s:.3f} s", f"{start_s / floor_s:.1f}x", f"<= {TARGETS['first_frame_s']} s",
         start_s <= TARGETS["first_frame_s"]),
        ("frame p50 / p99, briefing", f"{b['p50']:.2f} / {b['p99']:.2f} ms", bare, f"{b['p99'] / max(win['p99'], 0.01):.1f}x",
         f"p99 <= {TARGETS['p99_ms']} ms", b["p99"] <= TARGETS["p99_ms"]),
        ("frame p50 / p99, ending", f"{e['p50']:.2f} / {e['p99']:.2f} ms", bare, f"{e['p99'] / max(win['p99'], 0.01):.1f}x",
         f"p99 <= {TARGETS['p99_ms']} ms", e["p99"] <= TARGETS["p99_ms"]),
        ("screen switch frame p50 / max", f"{sw['p50']:.1f} / {sw['max']:.1f} ms", "", "", "(information)", True),
        ("frames after a switch p99 / max", f"{report['idle']['p99']:.1f} / {report['idle']['max']:.1f} ms", "(idle work: next screen laid out)",
         "", "(information)", True),
        ("peak memory, whole game", f"{report['peak_mb']:.0f} MB", f"import pygame {floor_mb:.0f} MB", f"{report['peak_mb'] / floor_mb:.1f}x",
         f"< {TARGETS['peak_mb']:.0f} MB", report["peak_mb"] < TARGETS["peak_mb"]),
        ("", "", f"bare window {win['peak_mb']:.0f} MB", f"{report['peak_mb'] / win['peak_mb']:.1f}x", "", True),
    ]
    print(f"Desktop front end, scenario {a.scenario}, {'real display' if a.real_display else 'SDL dummy video'}, "
          f"{os.cpu_count()} cores, median of {a.runs} cold starts, {a.frames} frames per screen")
    for name, value, floor, ratio, target, ok in rows:
        print(f"  {name:<32} {value:<22} {floor:<30} {ratio:<6} {target:<16} {'ok' if ok else 'MISSED' if name else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
