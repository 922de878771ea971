"""Data: synthetic generators, real-data loaders, splitting, scaling and
encoding.

Everything is importable from ``nnmath.datasets``; the submodules group it
by concept:

- ``synthetic``: sample_function, make_sine, make_xor, make_moons,
  make_spiral
- ``preprocessing``: train_test_split, Standardizer, one_hot
- ``mnist``: read_idx, load_mnist, load_fashion_mnist (find or download,
  verify and cache real images)
- ``timeseries``: sliding_window, chronological_split (the forecasts are
  models: see ``nnmath.forecasting``)
- ``tabular``: missing_mask, Imputer, LabelEncoder, OneHotEncoder
  (categorical and missing values)
"""

from __future__ import annotations

from .mnist import load_fashion_mnist, load_mnist, read_idx
from .preprocessing import Standardizer, one_hot, train_test_split
from .synthetic import (make_moons, make_sine, make_spiral, make_xor,
                        sample_function)
from .tabular import Imputer, LabelEncoder, OneHotEncoder, missing_mask
from .timeseries import chronological_split, sliding_window

__all__ = [
    "sample_function", "make_sine", "make_xor", "make_moons", "make_spiral",
    "train_test_split", "Standardizer", "one_hot",
    "read_idx", "load_mnist", "load_fashion_mnist",
    "sliding_window", "chronological_split",
    "missing_mask", "Imputer", "LabelEncoder", "OneHotEncoder",
]
