"""The benchmark times a cold build: a reasoning cache left by an earlier run is not used."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from csckg import paths
from csckg.build.pipeline import build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from stages import cold_build, served_from_cache  # noqa: E402

pytestmark = pytest.mark.slow  # builds the seed graph three times


def test_a_second_build_with_the_same_cache_is_served_from_it_and_the_benchmark_says_so(tmp_path):
    build(out_dir=tmp_path / "out", data_dir=paths.DATA_DIR, cache_dir=tmp_path / "cache")
    again = build(out_dir=tmp_path / "out", data_dir=paths.DATA_DIR, cache_dir=tmp_path / "cache")
    assert served_from_cache(again)


def test_the_benchmark_builds_cold_even_when_an_earlier_run_left_its_cache(tmp_path):
    build(out_dir=tmp_path / "out", data_dir=paths.DATA_DIR, cache_dir=tmp_path / "cache")  # an earlier run
    rows = cold_build(paths.DATA_DIR, tmp_path)
    assert [row["stage"] for row in rows] == ["load", "reason", "validate", "export", "store", "build"]
    assert not any(row["cached"] for row in rows)
