"""Layers: ``forward(x, training=False) -> y`` and ``backward(dy) -> dx``.

Batches are rows: ``x`` has shape (N, n_in). ``backward`` takes dL/dy (the shape of y), returns
dL/dx (the shape of x) and OVERWRITES the ``grad`` of each parameter, so no zeroing is needed
between steps. Derived in the book chapters *Approximating sin(x)* and *Backpropagation step by step*.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from . import activations as A
from ._validation import make_rng, positive_int
from .initializers import glorot_uniform, zeros

__all__ = [
    "Parameter", "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "Swish",
    "PReLU", "Dropout", "Sequential",
]


class Parameter:
    """A trainable array and its gradient (same shape, same dtype).

    Attributes
    ----------
    value : ndarray
    grad : ndarray, shape of ``value``; written by the owning layer's ``backward``
    name : str
    """

    __slots__ = ("value", "grad", "name")

    def __init__(self, value: np.ndarray, name: str = "") -> None:
        self.value = np.ascontiguousarray(value)
        self.grad = np.zeros_like(self.value)
        self.name = name

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


class Layer:
    """Base class. Subclasses implement ``forward`` and ``backward``; ``parameters`` defaults to []."""

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dy: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward_params(self, dy: np.ndarray) -> None:
        """Fill each ``p.grad`` as ``backward`` does, when dL/dx is not needed (``fit`` uses this).

        The default runs ``backward`` and drops dx; a layer whose dx is expensive skips it.
        """
        self.backward(dy)

    def parameters(self) -> list[Parameter]:
        return []

    def __call__(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        return self.forward(x, training=training)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # Shared checks: cheap attribute and shape tests, so they can stay on the training path.
    def _check_input(self, x, width: int | None = None) -> np.ndarray:
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        if x.dtype.kind != "f":
            if x.dtype.kind in "biu":
                x = x.astype(np.float64)
            else:
                raise TypeError(f"{self!r} expected a floating-point input, got dtype {x.dtype}")
        if x.ndim != 2 or (width is not None and x.shape[1] != width):
            want = f"(N, {width})" if width is not None else "(N, D)"
            raise ValueError(f"{self!r} expected input of shape {want}, got {x.shape}")
        return x

    def _check_grad(self, dy, cached, what: str) -> np.ndarray:
        if cached is None:
            raise RuntimeError(f"{self!r}.backward called before forward: there is no stored {what}")
        if not isinstance(dy, np.ndarray):
            dy = np.asarray(dy, dtype=np.float64)
        if dy.shape != cached.shape:
            raise ValueError(f"{self!r}.backward expected dy of shape {cached.shape} "
                             f"(the shape of the forward output), got {dy.shape}")
        return dy


class Dense(Layer):
    """Fully connected layer y = x W + b.

    Parameters
    ----------
    n_in, n_out : int
        Input and output widths. W has shape (n_in, n_out), b has shape (n_out,).
    init : callable
        Initialiser for W, ``init(shape, rng=, dtype=)``; b starts at zero.
    rng : None, int or numpy.random.Generator
    dtype : numpy dtype, float64 by default (float32 trains about twice as fast)

    Backward: dW = x^T dy (n_in, n_out), db = sum_n dy (n_out,), dx = dy W^T (N, n_in).
    """

    def __init__(self, n_in: int, n_out: int, *, init: Callable = glorot_uniform, rng=None,
                 dtype=np.float64) -> None:
        self.n_in = positive_int(n_in, "n_in")
        self.n_out = positive_int(n_out, "n_out")
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"Dense dtype must be a floating type, got {dtype}")
        self.W = Parameter(init((self.n_in, self.n_out), rng=make_rng(rng), dtype=dtype), "W")
        self.b = Parameter(zeros((self.n_out,), dtype=dtype), "b")
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out})"

    def forward(self, x, *, training=False):
        x = self._check_input(x, self.n_in)
        self._x = x
        y = x @ self.W.value
        y += self.b.value
        return y

    def backward(self, dy):
        self._fill_grads(dy)
        return dy @ self.W.value.T

    def backward_params(self, dy):
        if type(self).backward is Dense.backward:
            # dx = dy W^T costs as much as the forward product; a first layer's dx is never used.
            self._fill_grads(dy)
        else:
            self.backward(dy)  # a subclass that rewrote backward must have it run

    def _fill_grads(self, dy) -> None:
        x = self._x
        if x is None:
            raise RuntimeError(f"{self!r}.backward called before forward: there is no stored input")
        if not isinstance(dy, np.ndarray) or dy.shape != (x.shape[0], self.n_out):
            shape = getattr(dy, "shape", type(dy).__name__)
            raise ValueError(f"{self!r}.backward expected dy of shape {(x.shape[0], self.n_out)}, got {shape}")
        # Written into the existing grad arrays: no allocation on the hot path.
        np.matmul(x.T, dy, out=self.W.grad)
        dy.sum(axis=0, out=self.b.grad)

    def parameters(self):
        return [self.W, self.b]


class _Elementwise(Layer):
    """An activation applied elementwise: y = f(x), dx = dy * f'(x)."""

    def __init__(self) -> None:
        self._x: np.ndarray | None = None

    def _f(self, x):
        raise NotImplementedError

    def _grad(self, x):
        raise NotImplementedError

    def forward(self, x, *, training=False):
        self._x = self._check_input(x)
        return self._f(self._x)

    def backward(self, dy):
        dy = self._check_grad(dy, self._x, "input")
        return dy * self._grad(self._x)


class _OutputCached(Layer):
    """An activation whose derivative is cheapest from its output y (sigmoid, tanh)."""

    def __init__(self) -> None:
        self._y: np.ndarray | None = None

    def backward(self, dy):
        dy = self._check_grad(dy, self._y, "output")
        return dy * self._grad_from_output(self._y)


class Sigmoid(_OutputCached):
    """y = sigma(x); dx = dy * y (1 - y)."""

    def forward(self, x, *, training=False):
        self._y = A.sigmoid(self._check_input(x))
        return self._y

    def _grad_from_output(self, y):
        return y * (1.0 - y)


class Tanh(_OutputCached):
    """y = tanh(x); dx = dy * (1 - y^2)."""

    def forward(self, x, *, training=False):
        self._y = np.tanh(self._check_input(x))
        return self._y

    def _grad_from_output(self, y):
        return 1.0 - y * y


class ReLU(_Elementwise):
    """y = max(x, 0); dx = dy where x > 0, else 0."""

    def _f(self, x):
        return A.relu(x)

    def backward(self, dy):
        dy = self._check_grad(dy, self._x, "input")
        # Multiplying by the 0/1 mask is several times faster than np.where (same result for finite dy).
        return dy * (self._x > 0)


class LeakyReLU(_Elementwise):
    """y = x where x > 0, else alpha x."""

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        self.alpha = float(alpha)

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"

    def _f(self, x):
        return A.leaky_relu(x, self.alpha)

    def _grad(self, x):
        return A.leaky_relu_grad(x, self.alpha)


class ELU(_Elementwise):
    """y = x where x > 0, else alpha (e^x - 1)."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = float(alpha)

    def __repr__(self) -> str:
        return f"ELU(alpha={self.alpha})"

    def _f(self, x):
        return A.elu(x, self.alpha)

    def _grad(self, x):
        return A.elu_grad(x, self.alpha)


class Swish(_Elementwise):
    """y = x sigma(x)."""

    def _f(self, x):
        return A.swish(x)

    def _grad(self, x):
        return A.swish_grad(x)


class PReLU(Layer):
    """Parametric ReLU with one learnable slope per unit: y = x where x > 0, else alpha_j x.

    Parameters
    ----------
    n : int
        Width of the input (N, n); alpha has shape (n,).
    alpha0 : float
        Initial slope.

    Backward: dx = dy where x > 0 else alpha dy;  dalpha_j = sum_n dy_nj * min(x_nj, 0).
    """

    def __init__(self, n: int, alpha0: float = 0.25, *, dtype=np.float64) -> None:
        self.n = positive_int(n, "n")
        self.alpha = Parameter(np.full(self.n, alpha0, dtype=dtype), "alpha")
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"PReLU({self.n})"

    def forward(self, x, *, training=False):
        x = self._x = self._check_input(x, self.n)
        return np.where(x > 0, x, self.alpha.value * x)

    def backward(self, dy):
        dy = self._check_grad(dy, self._x, "input")
        x = self._x
        (dy * np.minimum(x, 0.0)).sum(axis=0, out=self.alpha.grad)
        return np.where(x > 0, dy, self.alpha.value * dy)

    def parameters(self):
        return [self.alpha]


class Dropout(Layer):
    """Inverted dropout: while training, zero each entry with probability ``p`` and scale the
    survivors by 1 / (1 - p), so E[y] = x; at evaluation (``training=False``) the identity.

    Parameters
    ----------
    p : float in [0, 1)
        Probability of DROPPING a unit.
    rng : None, int or numpy.random.Generator
        Source of the masks.

    Backward: dx = dy * mask, with the same mask (entries 0 or 1/(1-p)) as the forward pass.
    """

    def __init__(self, p: float, *, rng=None) -> None:
        if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
            raise TypeError(f"Dropout p (the probability of dropping a unit) must be a number, got {p!r}")
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout p (the probability of dropping a unit) must be in [0, 1), got {p!r}")
        self.p = float(p)
        self.rng = make_rng(rng)
        self.mask: np.ndarray | None = None
        self._shape: tuple | None = None

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"

    def forward(self, x, *, training=False):
        x = self._check_input(x)
        self._shape = x.shape
        if not training or self.p == 0.0:
            self.mask = None  # identity: backward passes dy through unchanged
            return x
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep.astype(x.dtype) / x.dtype.type(1.0 - self.p)
        return x * self.mask

    def backward(self, dy):
        if self._shape is None:
            raise RuntimeError(f"{self!r}.backward called before forward: there is no stored mask")
        if not isinstance(dy, np.ndarray) or dy.shape != self._shape:
            raise ValueError(f"{self!r}.backward expected dy of shape {self._shape}, got {getattr(dy, 'shape', dy)}")
        return dy if self.mask is None else dy * self.mask


class Sequential(Layer):
    """Layers applied in order: forward left to right, backward right to left.

    ``parameters()`` concatenates the layers' parameters, in layer order.
    """

    def __init__(self, *layers: Layer) -> None:
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes Layer objects; argument {i} is a {type(layer).__name__}")
        self.layers = list(layers)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential({inner})"

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, i: int) -> Layer:
        return self.layers[i]

    def forward(self, x, *, training=False):
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def backward(self, dy):
        for layer in reversed(self.layers):
            dy = layer.backward(dy)
        return dy

    def backward_params(self, dy):
        if not self.layers:
            return
        for layer in reversed(self.layers[1:]):
            dy = layer.backward(dy)
        self.layers[0].backward_params(dy)  # the input gradient of the whole model is not needed

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
