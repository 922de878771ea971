"""Shared test settings: a headless matplotlib backend and a small, deterministic Hypothesis profile."""

import matplotlib

matplotlib.use("Agg")

import subprocess  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from booktools import ROOT, jupyter_book  # noqa: E402
from hypothesis import settings  # noqa: E402

# derandomize: the suite gives the same result on every run; database=None: no files written.
settings.register_profile("nnmath", max_examples=40, deadline=None, derandomize=True, database=None)
settings.load_profile("nnmath")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


# One full build of the book per test session, shared by every module that
# checks the site (tests/test_book.py and the tests of its downloads).
@pytest.fixture(scope="session")
def build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    cmd = [jupyter_book(), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, cwd=ROOT)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"book build failed (exit {proc.returncode}):\n{log[-8000:]}"
    return out / "_build"
