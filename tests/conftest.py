"""Shared test settings: a headless matplotlib backend and a small, deterministic Hypothesis profile."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# derandomize: the suite gives the same result on every run; database=None: no files written.
settings.register_profile("nnmath", max_examples=40, deadline=None, derandomize=True, database=None)
settings.load_profile("nnmath")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
