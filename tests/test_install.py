"""A clean install: the wheel in a fresh virtual environment serves the shipped seeds.

Slow (it installs the dependencies, from pip's cache when it has them), so it is marked
``install``; it is skipped when the package index cannot be reached, unless
``CTSEARCH_REQUIRE_INSTALL=1`` (as in CI), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from conftest import first_answer, free_port, killed_at_exit, stop_server

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.install


def _index_reachable() -> bool:
    url = os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple/"
    host = urllib.parse.urlsplit(url).hostname or "pypi.org"
    try:
        socket.create_connection((host, 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    if not _index_reachable():
        if os.environ.get("CTSEARCH_REQUIRE_INSTALL"):
            pytest.fail("the package index cannot be reached, and CTSEARCH_REQUIRE_INSTALL is set")
        pytest.skip("the package index cannot be reached (offline)")
    root = tmp_path_factory.mktemp("clean-install")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)   # no system site-packages
    return root / "venv"


def _env() -> dict:
    """The environment for pip and the installed command: nothing that points back at
    this checkout, and pip's usual cache (the tests move XDG_CACHE_HOME elsewhere)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _source_copy(dest: Path) -> Path:
    """The project as a clean clone would have it (no index, no build output)."""
    ignore = shutil.ignore_patterns(".git", "index", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", "results", "artifacts")
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def _pip(venv: Path, *args: str, cwd: Path) -> None:
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "--quiet", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_the_wheel_installs_and_serves_the_seeds_on_an_empty_index(venv, tmp_path):
    src = _source_copy(tmp_path / "src")
    _pip(venv, "wheel", "--no-deps", "--wheel-dir", str(tmp_path / "dist"), ".", cwd=src)
    wheel = next((tmp_path / "dist").glob("ctsearch-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert sum(n.startswith("ctsearch/seeds/") and n.endswith(".txt") for n in names) == 5
    assert "ctsearch/web/templates/search.html" in names and "ctsearch/data/provinces.json" in names
    # The models' data, the binary document vectors included (extraction refuses to run without them).
    assert {"ctsearch/data/province_model.json", "ctsearch/data/topic_model.json",
            "ctsearch/data/doc_vectors.npz"} <= set(names)
    assert not [n for n in names if n.split("/")[0] in ("search", "web", "seeds")]   # no generic top-level names
    _pip(venv, "install", str(wheel), cwd=tmp_path)

    run_dir = tmp_path / "elsewhere"                  # nowhere near the checkout
    run_dir.mkdir()
    python = str(venv / "bin" / "python")
    where = subprocess.run([python, "-c", "import ctsearch, importlib.util as u; print(ctsearch.__file__); "
                            "print(u.find_spec('search'), u.find_spec('web'))"],
                           cwd=run_dir, env=_env(), capture_output=True, text=True, check=True).stdout.split("\n")
    assert where[0].startswith(str(venv)) and where[1] == "None None"

    port = free_port()
    proc = subprocess.Popen([str(venv / "bin" / "ctsearch"), "serve", "--port", str(port), "--index-dir",
                             str(tmp_path / "empty-index"), "--processes", "2"],
                            cwd=run_dir, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with killed_at_exit(proc):
        stats = json.loads(first_answer(proc, f"http://127.0.0.1:{port}/api/stats", limit=180, poll=0.5,
                                        timeout=10)[2])
        assert stats["articles"] == 5
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=dien+gio", timeout=10) as resp:
            page = resp.read().decode("utf-8")
            assert resp.status == 200 and resp.headers["Content-Security-Policy"]
        assert "Tìm thấy <strong>2</strong> kết quả" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/style.css", timeout=10) as resp:
            assert resp.status == 200
        out = stop_server(proc, timeout=30)
    assert proc.returncode == 0, out
    assert "đánh chỉ mục các bài mẫu" in out and "Đã dừng." in out


def test_pip_install_dot_is_not_editable_and_works(venv, tmp_path):
    src = _source_copy(tmp_path / "src")
    _pip(venv, "install", ".", cwd=src)
    shutil.rmtree(src)                               # an install must not need its source
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    ctsearch = str(venv / "bin" / "ctsearch")
    proc = subprocess.run([ctsearch, "index", "--index-dir", "ix"], cwd=run_dir, env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Đã thêm 5" in proc.stdout, proc.stdout + proc.stderr
    proc = subprocess.run([ctsearch, "query", "dien gio", "--index-dir", "ix", "--json"], cwd=run_dir,
                          env=_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout)["total"] == 2, proc.stderr
