"""The package installs the way Python tools do: the wheel holds every module, template and query
file, and its ``csckg`` command builds and queries a project folder, with no checkout in sight."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from csckg import paths

pytestmark = pytest.mark.slow  # builds a wheel and a virtual environment

SOURCES = ("pyproject.toml", "README.md", "csckg", "visualise")
PROJECT = ("ontology", "graph", "queries")


def copy(names, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    return into


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (so the checkout gets no build/ or egg-info)."""
    work = tmp_path_factory.mktemp("wheel")
    source = copy(SOURCES, work / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(work / "dist"), str(source)], check=True)
    return next((work / "dist").glob("csckg-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed. Its dependencies are this
    environment's (the locked versions, through a .pth file), so the test needs no network."""
    target = tmp_path_factory.mktemp("venv") / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "csckg-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return target


def test_the_wheel_holds_every_package_template_and_query_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {str(p.parent.relative_to(paths.ROOT)) for p in paths.ROOT.glob("*/**/__init__.py")
                if p.parts[len(paths.ROOT.parts)] in ("csckg", "visualise")}
    assert {f"{package}/__init__.py" for package in packages} <= names
    data = {str(p.relative_to(paths.ROOT)) for pattern in ("csckg/templates/*.j2", "visualise/queries/*.rq")
            for p in paths.ROOT.glob(pattern)}
    assert "visualise/queries/gap-map.rq" in data and "csckg/templates/map.html.j2" in data
    assert data <= names
    assert "csckg = csckg.cli.main:run" in zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()


def test_the_installed_command_builds_and_queries_a_project_folder(installed, tmp_path):
    project = copy(PROJECT, tmp_path / "project")
    env = {key: value for key, value in os.environ.items() if key not in ("CSCKG_ROOT", "PYTHONPATH")}
    csckg = str(installed / "bin" / "csckg")

    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import csckg, visualise; "
                            "print(csckg.__file__); print(visualise.__file__)"],
                           capture_output=True, text=True, cwd=project, env=env, check=True)
    assert all(line.startswith(str(installed)) for line in where.stdout.splitlines()), where.stdout

    built = subprocess.run([csckg, "build"], capture_output=True, text=True, cwd=project, env=env)
    assert built.returncode == 0, built.stderr
    assert {"inferred.nt", "map.html", "gaps.html", "ontology.html"} <= {p.name for p in (project / "out").iterdir()}

    answer = subprocess.run([csckg, "query", "projects-by-model", "--param", "model=FGC"],
                            capture_output=True, text=True, cwd=project, env=env)
    assert answer.returncode == 0, answer.stderr
    assert "Leeds Family Valued" in answer.stdout and "(2 rows)" in answer.stdout


def test_the_installed_command_says_where_to_run_it(installed, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("CSCKG_ROOT", "PYTHONPATH")}
    elsewhere = subprocess.run([str(installed / "bin" / "csckg"), "build"], capture_output=True, text=True,
                               cwd=tmp_path, env=env)
    assert elsewhere.returncode == 1
    assert "holds no ontology/: run csckg in the project folder" in elsewhere.stderr
