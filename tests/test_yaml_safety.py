"""Hostile or broken files are refused quickly, with a clear located problem, and never run anything."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from game.authoring.starter import starter_text
from game.scenario import ProblemsError, load_scenario, strict_yaml
from game.scenario.assets import UnsafeAssetPath, safe_asset_path
from tests.conftest import ROOT

GOOD = starter_text(Path("s.yaml"))


def refused(tmp_path: Path, content: bytes | str, name: str = "s.yaml"):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(ProblemsError) as info:
        load_scenario(path)
    problems = info.value.problems
    assert problems and all(p.code and p.message and p.hint for p in problems)
    return problems


# --------------------------------------------------------------------------- tags: nothing is ever constructed


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/object:os.system {{}}",
        "!!python/name:os.system",
        "!!python/module:os",
        "!custom 5",
        "!!binary aGVsbG8=",
    ],
)
def test_python_and_unknown_tags_are_refused_and_never_run(tmp_path, value):
    marker = tmp_path / "ran"
    text = GOOD.replace('period: "2010–2011"', "period: " + value.format(marker=marker))
    [p] = refused(tmp_path, text)
    assert p.code == "E-YAML-TAG" and "period:" in text.splitlines()[p.line - 1]
    assert not marker.exists()


def test_a_tag_on_a_mapping_is_refused(tmp_path):
    text = GOOD.replace("places:\n", "places: !!python/object:collections.OrderedDict\n", 1)
    assert {p.code for p in refused(tmp_path, text)} == {"E-YAML-TAG"}


# --------------------------------------------------------------------------- anchors and aliases


def test_anchors_aliases_and_merge_keys_are_refused(tmp_path):
    [p] = refused(tmp_path, GOOD.replace('period: "2010–2011"', 'period: &p "2010–2011"'))
    assert p.code == "E-YAML-ALIAS" and "&" in p.message
    [p] = refused(tmp_path, "a: 1\nb:\n  <<: {c: 2}\n")
    assert p.code == "E-YAML-ALIAS" and p.line == 3


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join(f"*lol{i - 1}" for _ in range(10))
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    lines.append(f"boom: *lol{levels}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_in_milliseconds(tmp_path):
    text = billion_laughs()
    start = time.perf_counter()
    problems = refused(tmp_path, text)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"took {elapsed:.3f}s"
    assert [p.code for p in problems] == ["E-YAML-ALIAS"]
    assert problems[0].line == 1  # at the very first anchor


def test_an_alias_bomb_inside_a_scenario_is_refused_too(tmp_path):
    bomb = billion_laughs().replace("\n", "\n  ")
    text = GOOD.replace("flags:\n", "x_bomb:\n  " + bomb + "\nflags:\n", 1)
    start = time.perf_counter()
    problems = refused(tmp_path, text)
    assert time.perf_counter() - start < 0.5
    assert problems[0].code == "E-YAML-ALIAS"


# --------------------------------------------------------------------------- duplicate keys


def test_duplicate_keys_are_refused_at_the_second(tmp_path):
    text = GOOD.replace('period: "2010–2011"\n', 'period: "2010–2011"\nperiod: "2012"\n')
    [p] = refused(tmp_path, text)
    assert p.code == "E-YAML-DUPLICATE" and text.splitlines()[p.line - 1] == 'period: "2012"'
    assert "first at line" in p.message


def test_duplicate_keys_in_an_inline_mapping(tmp_path):
    [p] = refused(tmp_path, GOOD.replace("{id: moscow, name: Moscow,", "{id: moscow, name: Moscow, name: Moskva,"))
    assert p.code == "E-YAML-DUPLICATE"


# --------------------------------------------------------------------------- size and nesting


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.write(b"summary: >\n")
        f.write((b"  " + b"x" * 98 + b"\n") * (strict_yaml.MAX_BYTES // 100 + 10))
    read = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        if self == path:
            original = handle.read
            handle.read = lambda n=-1: read.append(n) or original(n)
        return handle

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(ProblemsError) as info:
        load_scenario(path)
    [p] = info.value.problems
    assert p.code == "E-FILE-SIZE" and f"{strict_yaml.MAX_BYTES:,}" in p.message and p.hint
    assert read and all(0 < n <= strict_yaml.MAX_BYTES + 1 for n in read)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100 + "]" * 100 + "\n",
        "a: " + "{b: " * 100 + "1" + "}" * 100 + "\n",
        "".join(" " * (2 * i) + f"k{i}:\n" for i in range(100)) + " " * 200 + "v\n",
        "- " * 100 + "x\n",
    ],
)
def test_deep_nesting_is_refused(tmp_path, text):
    start = time.perf_counter()
    [p] = refused(tmp_path, text)
    assert p.code == "E-YAML-DEPTH" and str(strict_yaml.MAX_DEPTH) in p.message
    assert time.perf_counter() - start < 0.5


def test_a_million_brackets_is_refused_quickly(tmp_path):
    start = time.perf_counter()
    [p] = refused(tmp_path, "[" * 1_000_000)
    assert p.code == "E-YAML-DEPTH"
    assert time.perf_counter() - start < 2


def test_nesting_a_real_scenario_needs_is_fine():
    # the deepest real nesting: a condition inside all/any/not inside an ending
    text = GOOD.replace(
        "if: {meter: trust, at_least: 70}",
        "if: {all: [{any: [{not: {not: {all: [{meter: trust, at_least: 70}]}}}, {flag: talks_agreed}]}]}",
    )
    strict_yaml.parse(text, "s.yaml")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (GOOD.encode("utf-16"), "UTF-16"),  # with a byte-order mark
        (GOOD.encode("utf-16-le"), "UTF-16"),  # without one
        (GOOD.encode("utf-16-be"), "UTF-16"),
        (GOOD.encode("utf-32"), "UTF-16"),
        ('title: "Café"\n'.encode("latin-1"), "not UTF-8"),
    ],
)
def test_non_utf8_encodings_are_refused(tmp_path, raw, words):
    [p] = refused(tmp_path, raw)
    assert p.code == "E-FILE-ENCODING" and words in p.message and "UTF-8" in p.hint


def test_a_latin1_byte_is_located():
    raw = ("a: 1\nb: 2\ntitle: caf" + "\u00e9" + "\n").encode("latin-1")
    with pytest.raises(ProblemsError) as info:
        strict_yaml.decode(raw, "f.yaml")
    [p] = info.value.problems
    assert (p.line, p.col) == (3, 11) and "0xe9" in p.message


def test_a_utf8_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_scenario(path).scenario.title == "S"


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x0c", "\ufffe"])
def test_control_characters_are_located(tmp_path, char):
    text = GOOD.replace('period: "2010–2011"', f'period: "2010{char}2011"')
    [p] = refused(tmp_path, text)
    assert p.code == "E-YAML-CHARACTER"
    assert text.splitlines()[p.line - 1].startswith("period:") and p.col == 14


# --------------------------------------------------------------------------- asset paths


@pytest.fixture
def layout(tmp_path):
    folder = tmp_path / "mine"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "map.png").write_bytes(b"png")
    scenario = folder / "lesson.yaml"
    scenario.write_text(GOOD, encoding="utf-8")
    assets = tmp_path / "assets"
    (assets / "flags").mkdir(parents=True)
    (assets / "flags" / "nato.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    return scenario, assets


def test_assets_resolve_beside_the_scenario_then_in_assets(layout):
    scenario, assets = layout
    assert safe_asset_path(scenario, "images/map.png", assets_dir=assets) == (scenario.parent / "images" / "map.png").resolve()
    assert safe_asset_path(scenario, "flags/nato.png", assets_dir=assets) == (assets / "flags" / "nato.png").resolve()
    assert safe_asset_path(scenario, "images\\map.png", assets_dir=assets).name == "map.png"


@pytest.mark.parametrize(
    "bad",
    ["../secret.txt", "../../etc/passwd", "images/../../secret.txt", "/etc/passwd", "\\\\server\\share\\x.png",
     "C:\\Windows\\win.ini", "C:secret.txt", "..\\secret.txt", "", "   ", "images/map.png\x00.txt"],
)
def test_paths_that_leave_the_folder_are_refused(layout, bad):
    scenario, assets = layout
    with pytest.raises(UnsafeAssetPath) as info:
        safe_asset_path(scenario, bad, assets_dir=assets)
    assert str(info.value)


def test_a_link_out_of_the_folder_is_refused(layout, tmp_path):
    scenario, assets = layout
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links here")
    try:
        (scenario.parent / "sneaky.txt").symlink_to(tmp_path / "secret.txt")
    except OSError:
        pytest.skip("cannot make symbolic links here")
    with pytest.raises(UnsafeAssetPath, match="outside"):
        safe_asset_path(scenario, "sneaky.txt", assets_dir=assets)


def test_a_missing_asset_says_where_it_looked(layout):
    scenario, assets = layout
    with pytest.raises(UnsafeAssetPath, match="no file 'images/none.png'"):
        safe_asset_path(scenario, "images/none.png", assets_dir=assets)


def test_the_default_assets_folder_is_the_games(tmp_path):
    scenario = tmp_path / "s.yaml"
    with pytest.raises(UnsafeAssetPath) as info:
        safe_asset_path(scenario, "nothing_here.png")
    assert str((ROOT / "assets").resolve()) in str(info.value)


# --------------------------------------------------------------------------- the house rule


def test_the_game_never_calls_an_unsafe_yaml_loader():
    offenders = []
    for path in (ROOT / "game").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])yaml\.(load|load_all|unsafe_load|full_load)\(", line) and not re.search(r"Loader=.*(Safe|Strict)", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert offenders == []
