"""nnmath: neural networks from scratch, in readable NumPy.

The NumPy-only modules are imported here; ``nnmath.symbolic`` (needs SymPy)
and ``nnmath.plotting`` (needs matplotlib) load on first use, so the core
needs NumPy alone.
"""

from __future__ import annotations

import importlib

from . import (activations, datasets, forecasting, gradcheck, initializers,
               layers, losses, metrics, optimizers, perceptron, schedules,
               training)
from .layers import (ELU, GELU, Conv2D, Dense, Dropout, Flatten, Layer,
                     LeakyReLU, MaxPool2D, Parameter, PReLU, ReLU, Sequential,
                     Sigmoid, Softplus, Swish, Tanh)
from .metrics import accuracy
from .optimizers import SGD, Adam, RMSprop
from .training import History, evaluate, fit, minibatches, predict

__version__ = "0.1.0"

__all__ = [
    "activations", "datasets", "forecasting", "gradcheck", "initializers",
    "layers", "losses", "metrics", "optimizers", "perceptron", "schedules",
    "training", "symbolic", "plotting",
    "Parameter", "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU",
    "ELU", "Swish", "Softplus", "GELU", "PReLU", "Dropout", "Sequential",
    "Conv2D", "MaxPool2D", "Flatten",
    "SGD", "RMSprop", "Adam",
    "History", "fit", "evaluate", "predict", "minibatches", "accuracy",
]


def __getattr__(name: str):
    if name in ("symbolic", "plotting"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'nnmath' has no attribute {name!r}")
