"""Classroom pieces without a window: facilitator controls, undo, session resume, debrief and reports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from game.classroom.debrief import build_debrief
from game.classroom.report import to_csv, to_html, to_json, to_markdown
from game.classroom.session import Facilitator, Session, Timer
from game.engine.game import IllegalMove, new_game
from game.engine.save import read_save, restore, save_game
from game.engine.undo import undo_last_round
from tests.conftest import ROOT, SCENARIOS

def play_round(game, picks: dict[str, str]) -> None:
    if game.phase == "briefing":
        game.open_decisions()
    for role in game.awaiting():
        game.decide(role, picks[role])
    game.resolve(); game.finish_round()


def test_undo_returns_to_the_last_rounds_decisions(tutorial):
    game = new_game(tutorial.scenario, humans=("usa", "russia"), seed=2)
    game.begin()
    with pytest.raises(IllegalMove):
        undo_last_round(game)
    meters_at_start = dict(game.meters)
    play_round(game, {"usa": "press_ahead", "russia": "threaten"})
    assert game.meters != meters_at_start
    back = undo_last_round(game)
    assert back.phase == "decisions" and back.round.id == "offer"
    assert back.meters == meters_at_start and back.awaiting() == ["usa", "russia"]
    play_round(back, {"usa": "offer_joint_analysis", "russia": "demand_analysis"})
    assert back.record.choice_of("usa") == "offer_joint_analysis"
    # From the next round's decisions, undo goes back one round too.
    back.next_round(); back.open_decisions()
    again = undo_last_round(back)
    assert again.round.id == "offer" and again.phase == "decisions"


def test_facilitator_actions_are_logged_and_act(tutorial):
    game = new_game(tutorial.scenario, humans=("usa", "russia"))
    game.begin()
    session = Session(teams={"usa": "Team A"}, pin="1234", timer=Timer(seconds=120))
    session.timer.restart()
    f = Facilitator(game, session)
    assert not session.check_pin("0000") and session.check_pin("1234")
    assert f.toggle_pause() is True and session.timer.paused
    session.timer.tick(30)
    assert session.timer.remaining == 120, "a paused timer does not run"
    f.toggle_pause(); session.timer.tick(30)
    assert session.timer.remaining == 90
    f.extend_timer(60)
    assert session.timer.text() == "2:30"
    assert f.toggle_meters() is False
    play_round(game, {"usa": "press_ahead", "russia": "threaten"})
    f.undo_round()
    assert f.game.phase == "decisions"
    f.skip_to_debrief()
    actions = [e.action for e in session.log]
    assert actions == ["pause", "resume", "extend timer", "hide meters", "undo round", "skip to debrief"]
    assert all(e.at and e.round == "offer" for e in session.log)


def test_a_class_session_resumes_with_roles_timer_and_log(tutorial, tmp_path):
    game = new_game(tutorial.scenario, humans=("usa", "russia", "poland"), seed=9)
    session = Session(teams={"usa": "Blue", "russia": "Red", "poland": "Green"}, timer=Timer(seconds=300))
    game.begin(); session.timer.restart(); session.timer.tick(100)
    Facilitator(game, session).extend_timer(30)
    play_round(game, {"usa": "offer_site_visits", "russia": "threaten"})
    game.next_round(); game.open_decisions(); game.decide("usa", "offer_patriots")
    save_game(game, tutorial, tmp_path / "lesson1.json", session=session.to_json())

    save = read_save(tmp_path / "lesson1.json")
    resumed, resumed_session = restore(save, tutorial), Session.from_json(save.session)
    assert resumed.awaiting() == ["poland"], "the sealed US choice is kept; Poland still has to decide"
    assert resumed_session == session
    assert resumed_session.timer.remaining == pytest.approx(230)


def test_a_damaged_session_block_is_a_value_error():
    with pytest.raises(ValueError, match="session.timer"):
        Session.from_json({"timer": {"seconds": "ten"}})


def played_hot_seat(tutorial):
    game = new_game(tutorial.scenario, humans=("usa", "russia", "poland"), seed=5)
    session = Session(teams={"usa": "Team A", "russia": "Team B", "poland": "Team C"})
    game.begin()
    for rnd in ("offer", "warsaw", "oslo"):
        picks = {"offer": {"usa": "offer_site_visits", "russia": "threaten"},
                 "warsaw": {"usa": "offer_patriots", "poland": "delay"},
                 "oslo": {"usa": "defend_plan", "russia": "propose_working_group"}}[rnd]
        play_round(game, picks)
        game.next_round()
    return game, session


def test_the_debrief_and_reports_match_the_choices_made(tutorial):
    game, session = played_hot_seat(tutorial)
    d = build_debrief(game, session)
    assert d.ending is not None and [r.round_id for r in d.rounds] == ["offer", "warsaw", "oslo"]
    made = {(r.round_id, c.role): c.choice_id for r in d.rounds for c in r.choices}
    assert made[("offer", "russia")] == "threaten" and made[("warsaw", "poland")] == "delay"

    md = to_markdown(d)
    assert "| Russia | Team B | Threaten to retaliate | person | no |" in md
    assert f"## Ending: {game.ending.title}" in md and game.ending.what_happened.strip()[:30] in md

    rows = list(csv.DictReader(io.StringIO(to_csv(d))))
    assert [(r["round_id"], r["role"], r["choice_id"]) for r in rows] == [
        (rid, role, cid) for rid in ("offer", "warsaw", "oslo") for (r2, role), cid in made.items() if r2 == rid
    ]
    assert {r["team"] for r in rows if r["role"] == "usa"} == {"Team A"}

    page = to_html(d)
    assert page.startswith("<!doctype html>") and "<svg" in page and "Threaten to retaliate" in page
    data = json.loads(to_json(d))
    assert data["ending"]["id"] == game.ending.id and len(data["decisions"]) == len(rows)


def test_report_command_writes_a_report_and_a_decision_log(tutorial, tmp_path):
    game, session = played_hot_seat(tutorial)
    save_game(game, tutorial, tmp_path / "class.json", session=session.to_json())
    out = subprocess.run(
        [sys.executable, "-m", "game", "report", str(tmp_path / "class.json"), "--format", "html", "-o", str(tmp_path / "r.html")],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "<svg" in (tmp_path / "r.html").read_text()
    assert "Threaten to retaliate" in (tmp_path / "r-decisions.csv").read_text()


def test_report_of_a_broken_save_is_a_located_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "game", "report", str(bad)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 1 and "E-SAVE-CORRUPT" in out.stderr and "Traceback" not in out.stderr


def test_a_hot_seat_text_game_can_be_reported(tmp_path):
    save = tmp_path / "t.json"
    play = subprocess.run(
        [sys.executable, "-m", "game", "play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "usa", "--role", "russia", "--save", str(save)],
        input="2\n1\n1\n1\n3\ny\n", capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert play.returncode == 0, play.stderr
    out = subprocess.run([sys.executable, "-m", "game", "report", str(save)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "| United States |  | Invite inspections in Alaska and California | person | yes |" in out.stdout
    assert "| Russia |  | Refuse any part in it | person | no |" in out.stdout


def test_a_round_stopped_before_its_reveal_is_not_in_the_debrief(tutorial):
    game = new_game(tutorial.scenario, humans=("usa", "russia"))
    session = Session()
    game.begin()
    play_round(game, {"usa": "press_ahead", "russia": "threaten"})
    game.next_round(); game.open_decisions()  # round 2 under way, nothing revealed
    Facilitator(game, session).skip_to_debrief()
    d = build_debrief(game, session)
    assert [r.round_id for r in d.rounds] == ["offer"]
    assert d.ended_early and "(1 round played)" in to_markdown(d)


def test_the_pin_is_never_stored_in_clear(tutorial, tmp_path):
    session = Session(pin="4321")
    assert "4321" not in json.dumps(session.to_json())
    assert session.check_pin("4321") and not session.check_pin("1234")
    again = Session.from_json(json.loads(json.dumps(session.to_json())))
    assert again.check_pin("4321") and not again.check_pin("")
    assert Session().check_pin("anything"), "no PIN: anyone may open the controls"


def test_team_names_cannot_break_the_markdown_tables(tutorial):
    game, session = played_hot_seat(tutorial)
    session.teams["usa"] = "Blue | Green"
    md = to_markdown(build_debrief(game, session))
    assert "| United States | Blue \\| Green |" in md


def test_actions_after_the_ending_are_logged_against_the_last_round(tutorial):
    game, session = played_hot_seat(tutorial)
    Facilitator(game, session).toggle_meters()
    assert session.log[-1].round == "oslo"
