"""Input that used to end in a traceback gets a message naming the file, node, store or server."""

from __future__ import annotations

import shutil

import pytest

from csckg import paths
from csckg.errors import CsckgError
from csckg.build.pipeline import build
from test_build import run_cli


@pytest.mark.parametrize("where", ["memory", "oxigraph store"])
def test_an_invalid_iri_parameter_is_a_message(where, store_dir):
    store = [] if where == "memory" else ["--store", f"oxigraph:{store_dir}"]
    result = run_cli("query", "projects-by-model", "--param", "model=<http://example.org/a model>", *store)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: model='<http://example.org/a model>' is not a valid IRI (it holds ' '); give an IRI, a prefixed "
        "name or a label")


def test_a_query_file_that_is_not_utf8_is_a_message(tmp_path):
    query = tmp_path / "latin1.rq"
    query.write_bytes(b'# title: Caf\xe9s\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n')
    result = run_cli("query", "--file", str(query))
    assert (result.returncode, result.stderr.strip()) == (2, f"error: {query}: not UTF-8 text (byte 12); "
                                                             "save the query as UTF-8")


def test_a_damaged_store_is_a_message(store_dir, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(store_dir, damaged)
    (damaged / "db" / "CURRENT").write_bytes(b"garbage")
    result = run_cli("query", "projects-by-model", "--store", f"oxigraph:{damaged}")
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"error: could not open the store at {damaged}: Corruption:")
    assert result.stderr.strip().endswith(f"if it is damaged, rebuild it with: python3 build.py build "
                                          f"--store oxigraph:{damaged}")


def test_an_out_folder_under_a_file_is_a_message(tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    with pytest.raises(CsckgError) as failure:
        build(out_dir=tmp_path / "notes.txt" / "out", cache_dir=tmp_path / "cache")
    assert str(failure.value) == (f"cannot write {tmp_path / 'notes.txt' / 'out'}: {tmp_path / 'notes.txt'} is a "
                                  "file, not a folder; nothing was changed")


def test_an_out_folder_in_a_read_only_place_is_a_message(tmp_path, monkeypatch):
    import tempfile

    def refused(prefix, dir):
        raise PermissionError(13, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(CsckgError) as failure:
        build(out_dir=tmp_path / "locked" / "out", cache_dir=tmp_path / "cache")
    assert str(failure.value) == (f"cannot write {tmp_path / 'locked' / 'out'}: no permission to write in "
                                  f"{tmp_path / 'locked'}; nothing was changed")


def test_a_description_that_reads_like_a_link_is_drawn_as_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    organisations = data / "organisations.ttl"
    text = organisations.read_text(encoding="utf-8")
    organisations.write_text(text.replace('dcterms:description "', 'dcterms:description "See href=https://example.org. ', 1),
                             encoding="utf-8")
    build(out_dir=tmp_path / "out", data_dir=data, cache_dir=tmp_path / "cache")
    assert "See href=https:\\/\\/example.org." in (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
