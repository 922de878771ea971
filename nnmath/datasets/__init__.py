"""Data: synthetic generators, real-data loaders, splitting, scaling and encoding.

Everything is importable from ``nnmath.datasets``; the submodules group it by concept:

- ``synthetic``: sample_function, make_sine, make_xor, make_moons, make_spiral
- ``preprocessing``: train_test_split, Standardizer, one_hot
"""

from __future__ import annotations

from .preprocessing import Standardizer, one_hot, train_test_split
from .synthetic import make_moons, make_sine, make_spiral, make_xor, sample_function

__all__ = [
    "sample_function", "make_sine", "make_xor", "make_moons", "make_spiral",
    "train_test_split", "Standardizer", "one_hot",
]
