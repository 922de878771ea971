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

Image batches have one layout everywhere: (N, C, H, W), that is images,
channels, height, width. Conv2D and MaxPool2D take and return it, and
Flatten turns it into rows (N, C*H*W) for a Dense layer.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validation import (check_array, check_bool, check_dy,
                          check_float_dtype, check_forward_done, check_input,
                          check_integer, check_positive_int,
                          check_probability, check_real, check_rng)
from .activations import gelu, gelu_grad, sigmoid, softplus
from .initializers import glorot_uniform, he_normal

__all__ = [
    "Parameter", "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU",
    "ELU", "Swish", "Softplus", "GELU", "PReLU", "Dropout", "Sequential",
    "Conv2D", "MaxPool2D", "Flatten",
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

    Notes
    -----
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

    Notes
    -----
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

    Notes
    -----
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


class Conv2D(Layer):
    """2-D convolution layer (a cross-correlation, as in every deep-learning
    library): y[n, o, u, v] = b[o] + sum_{c, i, j} W[o, c, i, j]
    xp[n, c, s u + i, s v + j], where xp is x with p zeros on each side.

    Parameters
    ----------
    c_in, c_out : int
        Input and output channels: W is (c_out, c_in, kh, kw), b is
        (c_out,).
    kernel : int or (int, int)
        Kernel size (kh, kw); an int k means k x k.
    stride : int
        Step s between neighbouring windows, down and across.
    padding : int
        Number p of zero rows and columns added on each side.
    init : callable
        Initialiser ``init(shape, rng=, dtype=)``, called with the shape
        (c_in*kh*kw, c_out) of W as the matrix of the product below, so its
        fan-in is c_in*kh*kw, the inputs of one output. The default, He
        normal, Var(W) = 2 / fan-in, suits the ReLUs that usually follow a
        convolution. (A Glorot init would see fan-out c_out, where each
        input actually reaches c_out*kh*kw products.) b starts at 0.
    rng : None, int or numpy.random.Generator
    dtype : floating dtype of W and b, float64 by default

    Notes
    -----
    Shapes: x (N, c_in, H, W) -> y (N, c_out, Ho, Wo), with
    Ho = floor((H + 2p - kh) / s) + 1 and Wo = floor((W + 2p - kw) / s) + 1.
    When the division is not exact, the last (H + 2p - kh) mod s rows (or
    columns) of xp are in no window. That is allowed when they are all
    padding (so stride 2, 3x3, padding 1 takes 28 rows to 14, as in
    PyTorch), but if the input's own last rows would be ignored, forward
    raises ValueError rather than silently cut them.

    im2col: the windows of xp become the columns of X_n, of shape
    (c_in*kh*kw, Ho*Wo), one column per output pixel, so that
    y_n = W_mat X_n + b with W_mat = W reshaped to (c_out, c_in*kh*kw).
    Backward: dW_mat = sum_n dy_n X_n^T, db = sum_{n, u, v} dy,
    dX_n = W_mat^T dy_n, and dx by col2im: each column's gradient added
    back to the window it was taken from (overlapping windows add up).
    For stride 1 this is the full convolution of dy with the flipped
    kernel. The layer stores X_n with a last row of ones, so that one
    product [W_mat b] [X_n; 1] also adds b and one gives [dW_mat db].
    """

    def __init__(self, c_in: int, c_out: int, kernel: int | tuple[int, int],
                 *, stride: int = 1, padding: int = 0,
                 init: Callable = he_normal, rng=None,
                 dtype=np.float64) -> None:
        self.c_in = check_positive_int(c_in, "c_in")
        self.c_out = check_positive_int(c_out, "c_out")
        if isinstance(kernel, (tuple, list)):
            if len(kernel) != 2:
                raise ValueError("kernel must be an int or a pair (kh, kw), "
                                 f"got {kernel!r}")
            self.kernel = (check_positive_int(kernel[0], "kernel[0]"),
                           check_positive_int(kernel[1], "kernel[1]"))
        else:
            k = check_positive_int(kernel, "kernel")
            self.kernel = (k, k)
        self.stride = check_positive_int(stride, "stride")
        self.padding = check_integer(padding, "padding")
        if self.padding < 0:
            raise ValueError(f"padding must be >= 0, got {self.padding}")
        dtype = check_float_dtype(dtype)
        kh, kw = self.kernel
        fan_in = self.c_in * kh * kw
        W = init((fan_in, self.c_out), rng=rng, dtype=dtype)
        W = check_array(W, "init(...)'s weights",
                        shape=(fan_in, self.c_out), dtype=dtype)
        # Column o of the (fan_in, c_out) matrix is output channel o.
        W = W.T.reshape(self.c_out, self.c_in, kh, kw)
        self.W = Parameter(W, "W")
        self.b = Parameter(np.zeros(self.c_out, dtype=dtype), "b")
        self._cols: np.ndarray | None = None
        self._x_shape: tuple[int, ...] = ()
        self._y_shape: tuple[int, ...] = ()

    def __repr__(self) -> str:
        kh, kw = self.kernel
        text = f"Conv2D({self.c_in} -> {self.c_out}, {kh}x{kw}"
        if self.stride != 1:
            text += f", stride={self.stride}"
        if self.padding:
            text += f", padding={self.padding}"
        return text + ")"

    def forward(self, x, *, training=False):
        """(N, c_in, H, W) -> (N, c_out, Ho, Wo), by one matrix product
        per image on the im2col columns."""
        x = check_input(x, self)
        if x.ndim != 4 or x.shape[1] != self.c_in:
            raise ValueError(f"{self!r} expected input of shape "
                             f"(N, {self.c_in}, H, W), got {x.shape}")
        n, _, h, w = x.shape
        (kh, kw), s, p = self.kernel, self.stride, self.padding
        hp, wp = h + 2 * p, w + 2 * p  # the padded height and width
        if kh > hp or kw > wp:
            raise ValueError(f"{self!r}: the {kh}x{kw} kernel is larger "
                             f"than the padded input, {hp}x{wp} (input "
                             f"{h}x{w}, padding {p})")
        # Rows and columns of the input itself that no window reaches:
        # those left over past the windows, minus the bottom padding.
        miss_h = max((hp - kh) % s - p, 0)
        miss_w = max((wp - kw) % s - p, 0)
        if miss_h or miss_w:
            raise ValueError(
                f"{self!r}: no window reaches the last {miss_h} row(s) and "
                f"{miss_w} column(s) of the {h}x{w} input, as (H + "
                "2*padding - kernel) / stride is not a whole number; crop "
                f"the input to {h - miss_h}x{w - miss_w} or change the "
                "padding")
        h_out, w_out = (hp - kh) // s + 1, (wp - kw) // s + 1
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x
        # windows[n, c, u, v, i, j] = xp[n, c, s u + i, s v + j], a view.
        windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))
        windows = windows[:, :, ::s, ::s]
        # im2col: X_n (c_in*kh*kw, Ho*Wo) per image, rows in W's (c, i, j)
        # order, is copied from the windows into the first rows of cols.
        # This layout is 3x or more faster to build than (N*Ho*Wo,
        # c_in*kh*kw) rows, for one big product (benchmarks/conv.py
        # --choices). A last row of ones carries the bias through the same
        # product, y_n = [W_mat b] [X_n; 1], and gives db in dW's product:
        # 1.5x faster for 1 -> 16 channels than y += b and a separate sum
        # for db, which cost more than the products themselves there.
        fan_in = self.c_in * kh * kw
        cols = np.empty((n, fan_in + 1, h_out * w_out), dtype=x.dtype)
        cols[:, fan_in] = 1
        # A view (the reshape only splits axes), so this fills cols.
        X = cols[:, :fan_in].reshape(n, self.c_in, kh, kw, h_out, w_out)
        X[...] = windows.transpose(0, 1, 4, 5, 2, 3)
        self._cols = cols  # backward needs X_n for dW
        self._x_shape = (n, self.c_in, h, w)
        self._y_shape = (n, self.c_out, h_out, w_out)
        W_mat = self.W.value.reshape(self.c_out, fan_in)
        W_b = np.concatenate([W_mat, self.b.value[:, None]], axis=1)
        y = W_b @ cols      # y_n = W_mat X_n + b, (N, c_out, Ho*Wo)
        return y.reshape(self._y_shape)

    def backward(self, dy, *, need_dx=True):
        """Fill W.grad and b.grad from dy (N, c_out, Ho, Wo); return dx
        (N, c_in, H, W)."""
        check_forward_done(self._cols, self)
        check_dy(dy, self._y_shape, self)
        n, _, h, w = self._x_shape
        _, _, h_out, w_out = self._y_shape
        (kh, kw), s, p = self.kernel, self.stride, self.padding
        dy = dy.reshape(n, self.c_out, h_out * w_out)   # dy_n, per image
        # [dW_mat db] = sum_n dy_n [X_n; 1]^T, (c_out, c_in*kh*kw + 1): the
        # row of ones in cols makes the last column db = sum_{n, u, v} dy.
        dW_b = np.matmul(dy, self._cols.transpose(0, 2, 1)).sum(axis=0)
        self.W.grad[...] = dW_b[:, :-1].reshape(self.W.grad.shape)
        self.b.grad[...] = dW_b[:, -1]
        if not need_dx:
            return None  # a first layer's dx is never used: skip its cost
        W_mat = self.W.value.reshape(self.c_out, self.c_in * kh * kw)
        dcols = W_mat.T @ dy        # dX_n = W_mat^T dy_n, per image
        dcols = dcols.reshape(n, self.c_in, kh, kw, h_out, w_out)
        # col2im: entry (c, i, j) of column (u, v) was read from
        # xp[n, c, s u + i, s v + j]; add its gradient back there, one
        # kernel offset (i, j) at a time (windows overlap when s < k, hence
        # +=). np.add.at on precomputed flat indices (8 bytes of index per
        # entry of dX), or one product per kernel offset, was at most 1.25x
        # faster for 16 -> 32 channels and slower for 1 -> 16
        # (benchmarks/conv.py --choices).
        dxp = np.zeros((n, self.c_in, h + 2 * p, w + 2 * p),
                       dtype=dcols.dtype)
        for i in range(kh):
            for j in range(kw):
                dxp[:, :, i:i + s * h_out:s, j:j + s * w_out:s] += \
                    dcols[:, :, i, j]
        return dxp[:, :, p:p + h, p:p + w]   # the padding gets no gradient

    def parameters(self):
        return [self.W, self.b]


class MaxPool2D(Layer):
    """Max pooling: y[n, c, u, v] = max_{i, j} x[n, c, s u + i, s v + j],
    over size x size windows moved by the stride s.

    Parameters
    ----------
    size : int
        Side of the square window.
    stride : int or None
        Step between windows; None means ``size`` (windows that tile the
        image without overlapping).

    Notes
    -----
    Shapes: x (N, C, H, W) -> y (N, C, Ho, Wo), Ho = (H - size) / s + 1
    and Wo likewise. The division must be exact: an input whose last rows
    or columns no window would reach raises ValueError, rather than being
    silently cut (there is no padding to absorb the remainder).

    Backward: each dy[n, c, u, v] goes, whole, to the input entry that was
    its window's maximum; the other entries get 0 from that window (they
    did not change y). Ties (equal maxima, such as the zeros after a
    ReLU): all of the gradient goes to the first maximum in row-major
    order within the window, as np.argmax would pick; max is not
    differentiable there, and this is one valid subgradient. Where windows
    overlap (stride < size) an entry adds up what it gets from each window
    it is the maximum of.
    """

    def __init__(self, size: int, *, stride: int | None = None) -> None:
        self.size = check_positive_int(size, "size")
        self.stride = self.size if stride is None else check_positive_int(
            stride, "stride")
        self._arg: np.ndarray | None = None
        self._x_shape: tuple[int, ...] = ()

    def __repr__(self) -> str:
        if self.stride == self.size:
            return f"MaxPool2D({self.size})"
        return f"MaxPool2D({self.size}, stride={self.stride})"

    def forward(self, x, *, training=False):
        """(N, C, H, W) -> (N, C, Ho, Wo): the maximum of each window."""
        x = check_input(x, self)
        if x.ndim != 4:
            raise ValueError(f"{self!r} expected input of shape "
                             f"(N, C, H, W), got {x.shape}")
        n, c, h, w = x.shape
        k, s = self.size, self.stride
        if k > h or k > w:
            raise ValueError(f"{self!r}: the {k}x{k} window is larger "
                             f"than the input, {h}x{w}")
        miss_h, miss_w = (h - k) % s, (w - k) % s  # rows, columns unseen
        if miss_h or miss_w:
            raise ValueError(
                f"{self!r}: no window reaches the last {miss_h} row(s) and "
                f"{miss_w} column(s) of the {h}x{w} input, as (H - size) / "
                f"stride is not a whole number; crop the input to "
                f"{h - miss_h}x{w - miss_w}")
        h_out, w_out = (h - k) // s + 1, (w - k) // s + 1
        # Entry (i, j) of every window, one strided view per offset:
        # views[i k + j][n, c, u, v] = x[n, c, s u + i, s v + j].
        views = [x[:, :, i:i + s * h_out:s, j:j + s * w_out:s]
                 for i in range(k) for j in range(k)]
        y = views[0]
        for view in views[1:]:
            y = np.maximum(y, view)
        # Where the maximum sits, as the offset i k + j. Offsets are
        # visited last to first, so on ties the first maximum in row-major
        # order is written last and wins. (1.7x to 2x faster than
        # np.argmax over a (N, C, Ho, Wo, k*k) copy of the windows, for
        # 128 images of 28x28: benchmarks/conv.py --choices.)
        self._arg = np.zeros(y.shape, dtype=np.intp)
        for offset in reversed(range(k * k)):
            np.putmask(self._arg, views[offset] == y, offset)
        self._x_shape = x.shape
        return y

    def backward(self, dy, *, need_dx=True):
        """dx (N, C, H, W): dy routed to each window's maximum."""
        check_forward_done(self._arg, self)
        check_dy(dy, self._arg.shape, self)
        if not need_dx:
            return None
        _, _, h_out, w_out = self._arg.shape
        k, s = self.size, self.stride
        dx = np.zeros(self._x_shape, dtype=dy.dtype)
        # One window offset (i, j) at a time: the outputs whose maximum
        # sat there send their dy to x[.., s u + i, s v + j].
        for i in range(k):
            for j in range(k):
                routed = dy * (self._arg == i * k + j)
                dx[:, :, i:i + s * h_out:s, j:j + s * w_out:s] += routed
        return dx


class Flatten(Layer):
    """(N, C, H, W) -> (N, C*H*W): each image becomes one row, its entries
    in C order (channel, then row, then column), so a Dense layer can
    follow a convolution. Backward reshapes dy back to (N, C, H, W).

    Any input of two or more dimensions works: (N, d1, d2, ...) becomes
    (N, d1*d2*...).
    """

    def __init__(self) -> None:
        self._x_shape: tuple[int, ...] | None = None

    def forward(self, x, *, training=False):
        x = check_input(x, self)
        if x.ndim < 2:
            raise ValueError(f"{self!r} expected input of shape "
                             f"(N, C, H, W), got {x.shape}")
        self._x_shape = x.shape
        return x.reshape(x.shape[0], math.prod(x.shape[1:]))

    def backward(self, dy, *, need_dx=True):
        check_forward_done(self._x_shape, self)
        n, width = self._x_shape[0], math.prod(self._x_shape[1:])
        check_dy(dy, (n, width), self)
        if not need_dx:
            return None
        return dy.reshape(self._x_shape)
