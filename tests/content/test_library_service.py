"""The library service: built-ins plus a person's routine folder, and finding things by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from unknot.core.content import Routine, Technique
from unknot.errors import ContentError, NotFoundError
from unknot.services.library import (
    builtin_library,
    check_routine_file,
    find,
    find_routine,
    find_technique,
    load_library,
    read_routine_file,
    read_user_routines,
    routine_files,
)

EVENING = "id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    hold_s: 120\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_library_adds_the_person_s_routines(tmp_path: Path) -> None:
    write(tmp_path, "evening.yaml", EVENING)
    write(tmp_path, "notes.txt", "not a routine")
    library = load_library(tmp_path)
    evening = library.routines["evening"]
    assert not evening.builtin and evening.path == str(tmp_path / "evening.yaml")
    assert {"hip-full", "hip-short", "shoulder", "evening"} == set(library.routines)


def test_missing_folder_means_no_user_routines(tmp_path: Path) -> None:
    assert routine_files(tmp_path / "nope") == []
    assert load_library(tmp_path / "nope").routines == builtin_library().routines


def test_bad_file_raises_when_strict_and_is_left_out_otherwise(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", EVENING)
    write(tmp_path, "b.yaml", "id: broken\nname: B\nitems: []\n")
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    assert caught.value.problems[0].location == f"{tmp_path / 'b.yaml'}, line 3"
    assert set(load_library(tmp_path, strict=False).routines) >= {"evening"}
    assert "broken" not in load_library(tmp_path, strict=False).routines


def test_several_bad_files_are_reported_together(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: a\nname: A\nitems: []\n")
    write(tmp_path, "b.yml", "id: b\nitems:\n  - technique: hip-kneading\n")
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    assert caught.value.message == "2 of your routine files have problems."
    assert len(caught.value.problems) == 2


def test_two_files_with_one_id_clash(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", EVENING)
    write(tmp_path, "b.yaml", EVENING)
    user = read_user_routines(tmp_path)
    assert [r.id for r in user.routines] == ["evening"]
    (error,) = user.errors
    assert error.problems[0].message == (
        f'"evening" is already the id of {tmp_path / "a.yaml"}; choose another id.'
    )


def test_unreadable_file_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        read_routine_file(tmp_path / "missing.yaml")
    assert "cannot be read" in caught.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hip-kneading", "hip-kneading"),
        ("Hip Kneading", "hip-kneading"),
        ("  HIP-FULL ", "hip-full"),
        ("shoulder", "shoulder"),
        ("hip-s", "hip-short"),
        ("sleeper", "shoulder-sleeper-stretch"),
        ("doorway", "shoulder-doorway-stretch"),
    ],
)
def test_find_by_id_name_prefix_or_word(name: str, expected: str) -> None:
    assert find(builtin_library(), name).id == expected


def test_find_suggests_close_ids() -> None:
    with pytest.raises(NotFoundError) as caught:
        find(builtin_library(), "hip-kneeding")
    assert caught.value.message == (
        'There is no technique or routine called "hip-kneeding". Did you mean hip-kneading?'
    )
    assert "unknot techniques" in caught.value.hint


def test_find_names_every_match_when_ambiguous() -> None:
    with pytest.raises(NotFoundError) as caught:
        find(builtin_library(), "hip-f")
    assert caught.value.message == '"hip-f" could mean hip-flexor-stretch, hip-full.'


def test_find_technique_and_routine_check_the_kind() -> None:
    library = builtin_library()
    assert isinstance(find_technique(library, "hip-kneading"), Technique)
    assert isinstance(find_routine(library, "hip-full"), Routine)
    with pytest.raises(NotFoundError, match="is a routine, not a technique"):
        find_technique(library, "hip-full")
    with pytest.raises(NotFoundError, match="is a technique, not a routine"):
        find_routine(library, "hip-kneading")


def test_check_routine_file_ignores_itself_but_not_other_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", EVENING)
    assert check_routine_file(first, tmp_path).id == "evening"
    second = write(tmp_path, "b.yaml", EVENING)
    with pytest.raises(ContentError, match="1 problem"):
        check_routine_file(second, tmp_path)
    assert check_routine_file(second).id == "evening"
