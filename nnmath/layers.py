"""Layers: ``forward(x, *, training=False) -> y`` and
``backward(dy, *, need_dx=True) -> dx``.

Batches are rows: ``x`` has shape (N, n_in) for Dense and PReLU; the
activation layers and Dropout work elementwise on any shape. ``backward``
takes dL/dy (the shape of y), OVERWRITES the ``grad`` of each parameter
(so no zeroing is needed between steps) and returns dL/dx, the shape of x;
with ``need_dx=False`` it returns None and skips that product, which
nothing uses for the first layer of a model. Every layer writes its own
maths in its own ``forward`` and ``backward``. Derived in the book
chapters *Approximating sin(x)* and *Backpropagation step by step*.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validation import (check_array, check_bool, check_dy,
                          check_float_dtype, check_forward_done, check_input,
                          check_positive_int, check_probability, check_real,
                          check_rng)
from .activations import gelu, gelu_grad, sigmoid, softplus
from .initializers import glorot_uniform

__all__ = [
    "Parameter", "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU",
    "ELU", "Swish", "Softplus", "GELU", "PReLU", "Dropout", "Sequential",
]


class Parameter:
    """A trainable array and its gradient (same shape, same dtype).

    Attributes
    ----------
    value : ndarray
    grad : ndarray, shape of ``value``; written by the layer's ``backward``
    name : str
    """

    __slots__ = ("value", "grad", "name")

    def __init__(self, value: np.ndarray, name: str = "") -> None:
        self.value = np.ascontiguousarray(check_array(value, "value"))
        self.grad = np.zeros_like(self.value)
        self.name = name

    def __repr__(self) -> str:
        return (f"Parameter({self.name!r}, shape={self.value.shape}, "
                f"dtype={self.value.dtype})")


class Layer:
    """The protocol every layer follows; ``parameters`` defaults to []."""

    def forward(self, x: np.ndarray, *, training: bool = False
                ) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dy: np.ndarray, *, need_dx: bool = True
                 ) -> np.ndarray | None:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        return []

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Dense(Layer):
    """Fully connected layer, y = x W + b.

    Parameters
    ----------
    n_in, n_out : int
        Input and output widths: W is (n_in, n_out), b is (n_out,).
    init : callable
        Initialiser for W, ``init(shape, rng=, dtype=)``; b starts at 0.
    rng : None, int or numpy.random.Generator
    dtype : floating dtype of W and b, float64 by default

    Backward: dW = x^T dy, db = sum_n dy, dx = dy W^T.
    """

    def __init__(self, n_in: int, n_out: int, *,
                 init: Callable = glorot_uniform, rng=None,
                 dtype=np.float64) -> None:
        self.n_in = check_positive_int(n_in, "n_in")
        self.n_out = check_positive_int(n_out, "n_out")
        dtype = check_float_dtype(dtype)
        W = init((self.n_in, self.n_out), rng=rng, dtype=dtype)
        # A custom init could return any shape or dtype: check it here,
        # not at the first forward pass.
        W = check_array(W, "init(...)'s weights",
                        shape=(self.n_in, self.n_out), dtype=dtype)
        self.W = Parameter(W, "W")
        self.b = Parameter(np.zeros(self.n_out, dtype=dtype), "b")
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out})"

    def forward(self, x, *, training=False):
        """y = x W + b: (N, n_in) -> (N, n_out)."""
        x = check_input(x, self, self.n_in)
        self._x = x  # backward needs x for dW
        y = x @ self.W.value
        # b added in place, into y: no second (N, n_out) array. An epoch
        # of benchmarks/mlp_epoch.py ran 4% faster than with
        # x @ W + b (median of 21 interleaved pairs).
        y += self.b.value
        return y

    def backward(self, dy, *, need_dx=True):
        """Fill W.grad and b.grad from dy (N, n_out); return dx (N, n_in)."""
        check_forward_done(self._x, self)
        check_dy(dy, (self._x.shape[0], self.n_out), self)
        # Written into the grad arrays (out=), which keeps them in the
        # parameters' dtype whatever the dtype of dy.
        np.matmul(self._x.T, dy, out=self.W.grad)  # dW = x^T dy, (n_in, n_out)
        np.sum(dy, axis=0, out=self.b.grad)        # db = sum_n dy, (n_out,)
        if not need_dx:
            return None  # a first layer's dx is never used: skip its cost
        return dy @ self.W.value.T                 # dx = dy W^T, (N, n_in)

    def parameters(self):
        return [self.W, self.b]


class Sigmoid(Layer):
    """y = sigma(x) = 1 / (1 + e^-x); dx = dy * y (1 - y)."""

    def __init__(self) -> None:
        self._y: np.ndarray | None = None

    def forward(self, x, *, training=False):
        self._y = sigmoid(x)  # checks x; computed without overflow
        return self._y

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._y, self)
        check_dy(dy, self._y.shape, self)
        if not need_dx:
            return None
        y = self._y
        return dy * y * (1.0 - y)  # sigma' = sigma (1 - sigma)


class Tanh(Layer):
    """y = tanh(x); dx = dy * (1 - y^2)."""

    def __init__(self) -> None:
        self._y: np.ndarray | None = None

    def forward(self, x, *, training=False):
        self._y = np.tanh(check_input(x, self))
        return self._y

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._y, self)
        check_dy(dy, self._y.shape, self)
        if not need_dx:
            return None
        y = self._y
        return dy * (1.0 - y * y)  # tanh' = 1 - tanh^2


class ReLU(Layer):
    """y = max(x, 0); dx = dy where x > 0, else 0."""

    def __init__(self) -> None:
        self._x: np.ndarray | None = None

    def forward(self, x, *, training=False):
        self._x = check_input(x, self)
        return np.maximum(self._x, 0.0)

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        if not need_dx:
            return None
        # Multiplying by the 0/1 mask is several times faster than
        # np.where(x > 0, dy, 0) (benchmarks/mlp_epoch.py --breakdown).
        return dy * (self._x > 0)


class LeakyReLU(Layer):
    """y = x where x > 0, else alpha x; dx = dy where x > 0, else alpha dy.

    Parameters
    ----------
    alpha : float
        Slope for negative inputs.
    """

    def __init__(self, alpha: float = 0.01) -> None:
        self.alpha = check_real(alpha, "alpha")
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"

    def forward(self, x, *, training=False):
        self._x = x = check_input(x, self)
        return np.where(x > 0, x, self.alpha * x)

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        if not need_dx:
            return None
        return np.where(self._x > 0, dy, self.alpha * dy)


class ELU(Layer):
    """y = x where x > 0, else alpha (e^x - 1);
    dx = dy where x > 0, else dy alpha e^x.

    Parameters
    ----------
    alpha : float
        The value y approaches as x -> -infinity is -alpha.
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = check_real(alpha, "alpha")
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"ELU(alpha={self.alpha})"

    def forward(self, x, *, training=False):
        self._x = x = check_input(x, self)
        # expm1 of min(x, 0): accurate near 0, no overflow for large x.
        return np.where(x > 0, x, self.alpha * np.expm1(np.minimum(x, 0)))

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        if not need_dx:
            return None
        x = self._x
        # alpha e^x rather than y + alpha: exact even where e^x is tiny.
        slope = self.alpha * np.exp(np.minimum(x, 0))
        return np.where(x > 0, dy, dy * slope)


class Swish(Layer):
    """y = x sigma(x); dx = dy * (s + x s (1 - s)) with s = sigma(x)."""

    def __init__(self) -> None:
        self._x: np.ndarray | None = None
        self._s: np.ndarray | None = None

    def forward(self, x, *, training=False):
        self._x = x = check_input(x, self)
        self._s = sigmoid(x)  # kept for backward
        return x * self._s

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        if not need_dx:
            return None
        x, s = self._x, self._s
        return dy * (s + x * s * (1.0 - s))


class Softplus(Layer):
    """y = log(1 + e^x); dx = dy * sigma(x)."""

    def __init__(self) -> None:
        self._x: np.ndarray | None = None

    def forward(self, x, *, training=False):
        self._x = x = check_input(x, self)
        return softplus(x)

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        if not need_dx:
            return None
        return dy * sigmoid(self._x)


class GELU(Layer):
    """GELU, tanh form: y = x sigma(2 sqrt(2/pi) (x + 0.044715 x^3));
    dx = dy * gelu'(x). See ``nnmath.activations.gelu``."""

    def __init__(self) -> None:
        self._x: np.ndarray | None = None

    def forward(self, x, *, training=False):
        self._x = x = check_input(x, self)
        return gelu(x)

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        if not need_dx:
            return None
        return dy * gelu_grad(self._x)


class PReLU(Layer):
    """Parametric ReLU, one learnable slope per unit:
    y = x where x > 0, else alpha_j x.

    Parameters
    ----------
    n_in : int
        Width of the input (N, n_in); alpha has shape (n_in,).
    alpha : float
        Initial slope of every unit.
    dtype : floating dtype of alpha, float64 by default

    Backward: dalpha_j = sum_n dy_nj min(x_nj, 0);
    dx = dy where x > 0, else alpha dy.
    """

    def __init__(self, n_in: int, alpha: float = 0.25, *,
                 dtype=np.float64) -> None:
        self.n_in = check_positive_int(n_in, "n_in")
        dtype = check_float_dtype(dtype)
        start = np.full(self.n_in, check_real(alpha, "alpha"), dtype=dtype)
        self.alpha = Parameter(start, "alpha")
        self._x: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"PReLU({self.n_in})"

    def forward(self, x, *, training=False):
        self._x = x = check_input(x, self, self.n_in)
        return np.where(x > 0, x, self.alpha.value * x)

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x, self)
        check_dy(dy, self._x.shape, self)
        x = self._x
        # x < 0 contributes x to the slope's derivative; x > 0 contributes 0.
        np.sum(dy * np.minimum(x, 0), axis=0, out=self.alpha.grad)
        if not need_dx:
            return None
        return np.where(x > 0, dy, self.alpha.value * dy)

    def parameters(self):
        return [self.alpha]


class Dropout(Layer):
    """Inverted dropout. While training, each entry is zeroed with
    probability ``p`` and the survivors are scaled by 1 / (1 - p), so that
    E[y] = x; at evaluation (``training=False``) it is the identity.

    Parameters
    ----------
    p : float in [0, 1)
        Probability of DROPPING an entry.
    rng : None, int or numpy.random.Generator
        Source of the masks.

    Backward: dx = dy * mask, with the mask (entries 0 or 1 / (1 - p)) of
    the forward pass.
    """

    def __init__(self, p: float, *, rng=None) -> None:
        self.p = check_probability(p, "p (the probability of dropping)")
        self.rng = check_rng(rng)
        self.mask: np.ndarray | None = None
        self._shape: tuple | None = None

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"

    def forward(self, x, *, training=False):
        x = check_input(x, self)
        training = check_bool(training, "training")
        self._shape = x.shape
        if not training or self.p == 0.0:
            self.mask = None  # the identity: backward passes dy through
            return x
        keep = self.rng.random(x.shape) >= self.p
        scale = x.dtype.type(1.0 / (1.0 - self.p))  # keeps float32 float32
        self.mask = keep * scale
        return x * self.mask

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._shape, self)
        check_dy(dy, self._shape, self)
        if not need_dx:
            return None
        if self.mask is None:
            return dy
        return dy * self.mask


class Sequential(Layer):
    """Layers applied in order: forward left to right, backward right to
    left. ``parameters()`` lists the layers' parameters in layer order.
    """

    def __init__(self, *layers: Layer) -> None:
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes Layer objects; argument "
                                f"{i} is a {type(layer).__name__}")
        if len({id(layer) for layer in layers}) < len(layers):
            # Each use would overwrite the layer's cache and its grads.
            raise ValueError("Sequential got the same layer object twice; "
                             "a layer caches its own forward pass, so "
                             "create a new one for each place")
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

    def backward(self, dy, *, need_dx=True):
        """Backpropagate dy through every layer, last to first.

        With ``need_dx=False`` the first layer is asked for its parameter
        gradients only, and None is returned.
        """
        if not self.layers:
            return dy if need_dx else None
        for layer in reversed(self.layers[1:]):
            dy = layer.backward(dy)
        return self.layers[0].backward(dy, need_dx=need_dx)

    def parameters(self):
        params = []
        for layer in self.layers:
            params.extend(layer.parameters())
        return params
