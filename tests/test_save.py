"""Save files: atomic writes, exact continuation, and clear errors for bad saves."""

from __future__ import annotations

import json

import pytest

from game.engine.game import new_game
from game.engine.save import load_game, save_game, write_atomic
from game.scenario import ProblemsError, load_scenario
from tests.conftest import MINIMAL


def finish(game, pick=0):
    while not game.ended:
        game.step(lambda role, legal: legal[pick % len(legal)].id)
    return game


@pytest.mark.parametrize("stop_after", [0, 1, 2, 3, 5, 8, 11])
def test_a_loaded_game_continues_exactly_as_the_original(tutorial, tmp_path, stop_after):
    game = new_game(tutorial.scenario, humans=("usa",), seed=11, policy="adaptive")
    for _ in range(stop_after):
        if not game.ended:
            game.step(lambda role, legal: legal[-1].id)
    save_game(game, tutorial, tmp_path / "s.json")
    loaded = load_game(tmp_path / "s.json", tutorial)
    assert (loaded.state, loaded.meters, loaded.history) == (game.state, game.meters, game.history)
    finish(game, 1), finish(loaded, 1)
    assert loaded.history == game.history and loaded.ending.id == game.ending.id


def test_a_sealed_choice_survives_the_save(tutorial, tmp_path):
    game = new_game(tutorial.scenario, humans=("usa", "russia"))
    game.begin(); game.open_decisions(); game.decide("usa", "press_ahead")
    save_game(game, tutorial, tmp_path / "s.json")
    again = load_game(tmp_path / "s.json", tutorial)
    assert again.awaiting() == ["russia"]


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "save.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["save.json"]


def bad_save(tmp_path, text: str):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_corrupt_json_is_located(tutorial, tmp_path):
    with pytest.raises(ProblemsError) as info:
        load_game(bad_save(tmp_path, '{"format": "shield-talks-save",\n  "version": 1,\n  oops\n}'), tutorial)
    [p] = info.value.problems
    assert p.code == "E-SAVE-CORRUPT" and p.line == 3


def test_a_truncated_save_is_refused(tutorial, tmp_path):
    game = new_game(tutorial.scenario, humans=("usa",))
    save_game(game, tutorial, tmp_path / "s.json")
    text = (tmp_path / "s.json").read_text()
    with pytest.raises(ProblemsError) as info:
        load_game(bad_save(tmp_path, text[: len(text) // 2]), tutorial)
    assert info.value.problems[0].code == "E-SAVE-CORRUPT"


def test_not_a_save_and_a_future_version(tutorial, tmp_path):
    with pytest.raises(ProblemsError, match="not a Shield Talks save"):
        load_game(bad_save(tmp_path, "[1, 2]"), tutorial)
    with pytest.raises(ProblemsError, match="version 9"):
        load_game(bad_save(tmp_path, json.dumps({"format": "shield-talks-save", "version": 9})), tutorial)


def test_a_save_whose_scenario_changed_is_refused(tmp_path, write_yaml):
    path = write_yaml(MINIMAL)
    loaded = load_scenario(path)
    game = new_game(loaded.scenario, humans=("a",))
    game.begin()
    save_game(game, loaded, tmp_path / "s.json")
    path.write_text(MINIMAL.replace("briefing: One.", "briefing: One, edited."), encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_game(tmp_path / "s.json", load_scenario(path))
    assert info.value.problems[0].code == "E-SAVE-SCENARIO-CHANGED"


def test_an_edited_move_list_is_refused(tutorial, tmp_path):
    game = new_game(tutorial.scenario, humans=("usa",))
    game.step(); game.step(); game.decide("usa", "press_ahead")
    save_game(game, tutorial, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text())
    data["intents"][2]["choice"] = "no_such_choice"
    with pytest.raises(ProblemsError) as info:
        load_game(bad_save(tmp_path, json.dumps(data, indent=2)), tutorial)
    assert info.value.problems[0].code == "E-SAVE-REPLAY"


def test_a_wrong_field_type_is_located(tutorial, tmp_path):
    game = new_game(tutorial.scenario, humans=("usa",))
    save_game(game, tutorial, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text())
    data["settings"]["seed"] = "seven"
    path = bad_save(tmp_path, json.dumps(data, indent=2))
    with pytest.raises(ProblemsError) as info:
        load_game(path, tutorial)
    [p] = info.value.problems
    assert p.code == "E-SAVE-FORMAT" and '"seed"' in path.read_text().splitlines()[p.line - 1]


def test_saves_are_written_with_ordinary_permissions(tmp_path):
    import os
    import stat

    write_atomic(tmp_path / "s.json", "x")
    mode = stat.S_IMODE(os.stat(tmp_path / "s.json").st_mode)
    umask = os.umask(0); os.umask(umask)
    assert mode == 0o666 & ~umask


def saved_mid_round(tmp_path, write_yaml):
    """A game of the mini scenario saved with Alpha's choice sealed; returns the scenario's path to edit."""
    path = write_yaml(MINIMAL)
    loaded = load_scenario(path)
    game = new_game(loaded.scenario, humans=("a", "b"))
    game.begin(); game.open_decisions(); game.decide("a", "a_give")
    save_game(game, loaded, tmp_path / "s.json")
    return path


def test_a_changed_scenario_can_be_loaded_anyway_when_the_moves_still_fit(tmp_path, write_yaml):
    path = saved_mid_round(tmp_path, write_yaml)
    path.write_text(MINIMAL.replace("briefing: One.", "briefing: One, with a typo fixed."), encoding="utf-8")
    again = load_game(tmp_path / "s.json", load_scenario(path), allow_changed=True)
    assert again.round.briefing == "One, with a typo fixed." and again.awaiting() == ["b"]


def test_a_changed_scenario_whose_moves_no_longer_fit_is_refused_even_so(tmp_path, write_yaml):
    path = saved_mid_round(tmp_path, write_yaml)
    path.write_text(MINIMAL.replace("a_give", "a_offer"), encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_game(tmp_path / "s.json", load_scenario(path), allow_changed=True)
    [p] = info.value.problems
    assert p.code == "E-SAVE-SCENARIO-CHANGED" and "no longer fit" in p.hint
