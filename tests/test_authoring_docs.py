"""docs/authoring.md: its worked example is a real scenario, and each step is part of it."""

from __future__ import annotations

import io
import re

import pytest

from game.authoring.lint import check_text
from game.engine.game import Game, Settings
from game.scenario.loader import parse_scenario
from game.scenario.quotes import default_sources_dir
from game.text.play import Console, play
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
MARK = "<!-- worked example: the whole file (a test validates and plays it) -->"


def whole_file() -> str:
    after = DOC.split(MARK, 1)[1]
    return re.search(r"```yaml\n(.*?)```", after, re.S).group(1)


def step_blocks() -> list[str]:
    worked = DOC.split("## 4. A worked example", 1)[1].split(MARK, 1)[0]
    return re.findall(r"```yaml\n(.*?)```", worked, re.S)


def test_the_worked_example_validates_with_no_problem_at_all():
    report = check_text(whole_file(), "after_lisbon.yaml")
    assert report.problems == [], report.render()


def test_every_step_is_word_for_word_part_of_the_whole_file():
    blocks = step_blocks()
    assert len(blocks) >= 9
    text = whole_file()
    for block in blocks:
        assert block in text, block[:200]


def test_the_steps_together_make_the_whole_file():
    # every line of the whole file is shown in some step (nothing is left unexplained)
    shown = {line for block in step_blocks() for line in block.splitlines()}
    missing = [line for line in whole_file().splitlines() if line.strip() and line not in shown]
    assert missing == []


def test_the_worked_example_quotes_are_word_for_word():
    sources = default_sources_dir(ROOT)
    if sources is None or not sources.is_dir():
        pytest.skip("the source texts are not beside the project")
    report = check_text(whole_file(), "after_lisbon.yaml", sources)
    assert report.problems == [], report.render()


@pytest.mark.parametrize("role", ["nato", "russia"])
def test_the_worked_example_plays_in_the_text_front_end(role):
    scenario, _ = parse_scenario(whole_file(), "after_lisbon.yaml")
    game = Game(scenario, Settings(humans=(role,), seed=3))
    out = io.StringIO()
    play(game, Console(io.StringIO("1\ny\n" * 10), out), lambda: None)  # "y" confirms an escalation
    assert game.ended and "The end" in out.getvalue()


def _validate_output(text: str, tmp_path) -> str:
    """What `python -m game validate demo.yaml` prints for this text, run from the file's folder."""
    import argparse
    import contextlib
    import os

    from game.commands import validate

    (tmp_path / "demo.yaml").write_text(text, encoding="utf-8")
    parser = argparse.ArgumentParser()
    validate.add_arguments(parser)
    out = io.StringIO()
    here = os.getcwd()
    with contextlib.ExitStack() as stack:
        os.chdir(tmp_path)
        stack.callback(os.chdir, here)
        validate.run(parser.parse_args(["demo.yaml"]), out, io.StringIO())
    return out.getvalue()


def test_the_example_outputs_in_the_guide_are_real(tmp_path):
    # the validate output shown in section 6 is what validate says about the same mistakes, word for word
    text = whole_file()
    lines = text.splitlines()
    # the guide's line numbers count the schema line that `new` writes first
    demo = "# yaml-language-server: $schema=../docs/scenario.schema.json\n" + text
    bad = demo.replace('    title: "One shield or two?"', "    title: yes")
    [p] = check_text(bad, "demo.yaml").problems
    assert p.one_line() in DOC
    assert "```text\n" + _validate_output(bad, tmp_path) + "```" in DOC
    bad = demo.replace("set: [working_group]", "set: [workinggroup]").replace("at_least: 65}]}", "at_least: 165}]}")
    for p in check_text(bad, "demo.yaml").problems:
        assert p.one_line() in DOC, p.one_line()
    assert "```text\n" + _validate_output(bad, tmp_path) + "```" in DOC
    assert len(lines) > 100


def test_the_graph_shown_in_the_guide_is_real():
    from game.authoring import graph

    scenario, _ = parse_scenario(whole_file(), "after_lisbon.yaml")
    drawn = graph.mermaid(scenario)
    shown = DOC.split("### See its shape: `graph`", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    for line in shown.splitlines():
        assert line in drawn, line
    assert "never taken" not in drawn  # the guide's branch can be taken


def test_the_guide_links_point_at_headings():
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", DOC, re.M)
    }
    for link in re.findall(r"\]\(#([^)]+)\)", DOC):
        assert link in anchors, link


def test_the_quote_hint_shown_in_the_guide_is_real():
    sources = default_sources_dir(ROOT)
    if sources is None or not sources.is_dir():
        pytest.skip("the source texts are not beside the project")
    text = whole_file().replace("two independent but coordinated systems", "two independent but cordinated systems")
    [p] = check_text(text, "after_lisbon.yaml", sources).problems
    assert p.code == "E-QUOTE-NOT-FOUND"
    assert f"`hint: {p.hint}`" in " ".join(DOC.split())
