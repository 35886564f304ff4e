"""Files a scenario may name (pictures, for example), resolved safely.

A scenario file comes from anyone: a path inside it must never reach outside the
scenario's own folder or the game's assets/ folder. `../../home/me/.ssh/id_rsa`,
an absolute path, a drive letter or a symbolic link that leads elsewhere are all
refused with a message an author can act on.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from game import paths


class UnsafeAssetPath(ValueError):
    """A file name in a scenario that points outside the folders a scenario may use, or to nothing."""


def safe_asset_path(scenario_path: Path | str, relative: str, *, assets_dir: Path | None = None) -> Path:
    """The real file `relative` names: looked up in the scenario's folder, then in the game's assets/.

    `relative` is written with forward slashes, e.g. ``images/lisbon.png``. Raises
    UnsafeAssetPath when it is absolute, climbs out with `..`, leaves the folder
    through a link, or names no file in either place.
    """
    if not isinstance(relative, str) or not relative.strip():
        raise UnsafeAssetPath("the file name is empty")
    if "\x00" in relative:
        raise UnsafeAssetPath("the file name contains a NUL character")
    posix, windows = PurePosixPath(relative), PureWindowsPath(relative)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or relative.startswith(("/", "\\")):
        raise UnsafeAssetPath(f"'{relative}' is an absolute path; name the file relative to the scenario's folder, e.g. images/map.png")
    if ".." in posix.parts or ".." in windows.parts:
        raise UnsafeAssetPath(f"'{relative}' climbs out of the folder with '..'; keep the file beside the scenario or in assets/")
    bases = [Path(scenario_path).resolve().parent, (assets_dir or paths.ASSETS).resolve()]
    for base in bases:
        candidate = (base / PurePosixPath(relative.replace("\\", "/"))).resolve()
        if not candidate.is_relative_to(base):
            raise UnsafeAssetPath(f"'{relative}' leads outside {base} (through a link); copy the file there instead")
        if candidate.is_file():
            return candidate
    raise UnsafeAssetPath(f"there is no file '{relative}' beside the scenario ({bases[0]}) or in the game's assets ({bases[1]})")
