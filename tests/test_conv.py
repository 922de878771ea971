"""Conv2D, MaxPool2D and Flatten: gradient checks (central differences,
float64), agreement with plain nested-loop references written here, a
SymPy derivation of the convolution's gradients, max-pool routing and
ties, float32 end to end, bad input, and PyTorch when it is installed."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import nnmath as nn
from nnmath.gradcheck import check_layer, numerical_gradient, rel_error

# --- references: plain loops, one output entry at a time ---------------------


def pad(x, p):
    out = np.zeros(x.shape[:2] + (x.shape[2] + 2 * p, x.shape[3] + 2 * p))
    out[:, :, p:p + x.shape[2], p:p + x.shape[3]] = x
    return out


def conv_loops(x, W, b, stride, padding):
    """y[n, o, u, v] = b[o] + sum_{c, i, j} W[o, c, i, j]
    xp[n, c, s u + i, s v + j], every sum written out."""
    xp = pad(x, padding)
    n_img, c_in, hp, wp = xp.shape
    c_out, _, kh, kw = W.shape
    h_out, w_out = (hp - kh) // stride + 1, (wp - kw) // stride + 1
    y = np.zeros((n_img, c_out, h_out, w_out))
    for n in range(n_img):
        for o in range(c_out):
            for u in range(h_out):
                for v in range(w_out):
                    total = b[o]
                    for c in range(c_in):
                        for i in range(kh):
                            for j in range(kw):
                                total += (W[o, c, i, j] *
                                          xp[n, c, stride * u + i,
                                             stride * v + j])
                    y[n, o, u, v] = total
    return y


def conv_backward_loops(x, W, dy, stride, padding):
    """dx, dW, db of conv_loops, by the chain rule entry by entry: each
    product W[o, c, i, j] xp[n, c, s u + i, s v + j] sends dy[n, o, u, v]
    times the other factor to each factor."""
    xp = pad(x, padding)
    dxp = np.zeros_like(xp)
    dW = np.zeros_like(W)
    n_img, c_out, h_out, w_out = dy.shape
    _, c_in, kh, kw = W.shape
    for n in range(n_img):
        for o in range(c_out):
            for u in range(h_out):
                for v in range(w_out):
                    g = dy[n, o, u, v]
                    for c in range(c_in):
                        for i in range(kh):
                            for j in range(kw):
                                r, q = stride * u + i, stride * v + j
                                dW[o, c, i, j] += g * xp[n, c, r, q]
                                dxp[n, c, r, q] += g * W[o, c, i, j]
    h, w = x.shape[2:]
    dx = dxp[:, :, padding:padding + h, padding:padding + w]
    return dx, dW, dy.sum(axis=(0, 2, 3))


def maxpool_loops(x, size, stride):
    n_img, c, h, w = x.shape
    h_out, w_out = (h - size) // stride + 1, (w - size) // stride + 1
    y = np.zeros((n_img, c, h_out, w_out))
    for n in range(n_img):
        for k in range(c):
            for u in range(h_out):
                for v in range(w_out):
                    r, q = stride * u, stride * v
                    y[n, k, u, v] = x[n, k, r:r + size, q:q + size].max()
    return y


# (kernel, stride, padding, H, W): strides 1 and 2, paddings 0, 1 and 2,
# odd and unequal heights and widths, square and oblong kernels; each
# gives a whole output size.
CONFIGS = [
    (3, 1, 0, 7, 5),
    (3, 1, 1, 7, 5),
    (3, 1, 2, 6, 5),
    (3, 2, 0, 7, 5),
    (3, 2, 1, 7, 9),
    (3, 2, 2, 5, 7),
    ((2, 3), 2, 1, 6, 5),
    ((3, 1), 1, 0, 5, 4),
    (1, 1, 0, 3, 5),
    (5, 1, 2, 5, 5),
    (3, 2, 1, 8, 6),   # floor: the last row and column of padding unused
]
IDS = [f"k{k}-s{s}-p{p}-{h}x{w}" for k, s, p, h, w in CONFIGS]


def make_conv(kernel, stride, padding, c_in=2, c_out=3, seed=0,
              dtype=np.float64):
    layer = nn.Conv2D(c_in, c_out, kernel, stride=stride, padding=padding,
                      rng=seed, dtype=dtype)
    # A non-zero bias, so that its place in y is checked too.
    layer.b.value[...] = np.random.default_rng(seed + 100).normal(
        size=c_out)
    return layer


# --- Conv2D: values and gradients --------------------------------------------

@pytest.mark.parametrize("kernel, stride, padding, h, w", CONFIGS, ids=IDS)
def test_conv_forward_matches_nested_loops(kernel, stride, padding, h, w,
                                           rng):
    layer = make_conv(kernel, stride, padding)
    x = rng.standard_normal((2, 2, h, w))
    expected = conv_loops(x, layer.W.value, layer.b.value, stride, padding)
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("kernel, stride, padding, h, w", CONFIGS, ids=IDS)
def test_conv_backward_matches_nested_loops(kernel, stride, padding, h, w,
                                            rng):
    layer = make_conv(kernel, stride, padding)
    x = rng.standard_normal((2, 2, h, w))
    y = layer.forward(x)
    dy = rng.standard_normal(y.shape)
    dx = layer.backward(dy)
    dx_ref, dW_ref, db_ref = conv_backward_loops(x, layer.W.value, dy,
                                                 stride, padding)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.W.grad, dW_ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.b.grad, db_ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kernel, stride, padding, h, w", CONFIGS, ids=IDS)
def test_conv_passes_gradient_check(kernel, stride, padding, h, w, rng):
    layer = make_conv(kernel, stride, padding)
    errors = check_layer(layer, rng.standard_normal((2, 2, h, w)), rng=1)
    assert set(errors) == {"x", "0:W", "1:b"}
    assert max(errors.values()) < 1e-7, errors


@given(c_in=st.integers(1, 3), c_out=st.integers(1, 3),
       kh=st.integers(1, 4), kw=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.integers(0, 2), h_out=st.integers(1, 4),
       w_out=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_conv_matches_loops_for_random_shapes(c_in, c_out, kh, kw, stride,
                                              padding, h_out, w_out, seed):
    # Choose the input size from the output size, so that it is whole;
    # skip sizes that padding alone would make up.
    h = stride * (h_out - 1) + kh - 2 * padding
    w = stride * (w_out - 1) + kw - 2 * padding
    if h < 1 or w < 1:
        return
    rng = np.random.default_rng(seed)
    layer = nn.Conv2D(c_in, c_out, (kh, kw), stride=stride,
                      padding=padding, rng=seed)
    layer.b.value[...] = rng.normal(size=c_out)
    x = rng.standard_normal((2, c_in, h, w))
    y = layer.forward(x)
    assert y.shape == (2, c_out, h_out, w_out)
    np.testing.assert_allclose(
        y, conv_loops(x, layer.W.value, layer.b.value, stride, padding),
        rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal(y.shape)
    dx = layer.backward(dy)
    refs = conv_backward_loops(x, layer.W.value, dy, stride, padding)
    for got, ref in zip((dx, layer.W.grad, layer.b.grad), refs):
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def test_conv_need_dx_false_gives_the_same_parameter_gradients(rng):
    layer = make_conv(3, 2, 1)
    x = rng.standard_normal((3, 2, 7, 5))
    dy = rng.standard_normal(layer.forward(x).shape)
    layer.backward(dy)
    dW, db = layer.W.grad.copy(), layer.b.grad.copy()
    layer.W.grad[...] = 7.0  # backward must overwrite, not add
    layer.b.grad[...] = 7.0
    assert layer.backward(dy, need_dx=False) is None
    np.testing.assert_array_equal(layer.W.grad, dW)
    np.testing.assert_array_equal(layer.b.grad, db)


def test_conv_is_the_im2col_product(rng):
    """y_n = W_mat X_n + b, with X_n built here by an explicit loop over
    output pixels (one column per pixel, rows in (c, i, j) order)."""
    layer = make_conv(3, 2, 1, c_in=2, c_out=4)
    x = rng.standard_normal((2, 2, 7, 5))
    y = layer.forward(x)
    xp = pad(x, 1)
    h_out, w_out = y.shape[2:]
    W_mat = layer.W.value.reshape(4, -1)
    for n in range(2):
        cols = np.stack([xp[n, :, 2 * u:2 * u + 3, 2 * v:2 * v + 3].ravel()
                         for u in range(h_out) for v in range(w_out)],
                        axis=1)
        assert cols.shape == (2 * 3 * 3, h_out * w_out)
        np.testing.assert_allclose(
            (W_mat @ cols + layer.b.value[:, None]).reshape(4, h_out, w_out),
            y[n], rtol=1e-12, atol=1e-12)


def test_conv_is_translation_equivariant(rng):
    """Stride 1: shifting an image (inside a zero border) shifts each
    feature map by as much, minus the bias."""
    layer = make_conv(3, 1, 0, c_in=1, c_out=2)
    x = np.zeros((1, 1, 10, 10))
    x[0, 0, 2:5, 3:6] = rng.standard_normal((3, 3))
    shifted = np.roll(x, (2, 1), axis=(2, 3))
    y = layer.forward(x) - layer.b.value[:, None, None]
    y_shifted = layer.forward(shifted) - layer.b.value[:, None, None]
    np.testing.assert_allclose(np.roll(y, (2, 1), axis=(2, 3)), y_shifted,
                               atol=1e-12)


# --- SymPy: the gradients of a small symbolic convolution --------------------

def symbolic_correlation(X, K):
    """Valid cross-correlation of SymPy matrices, stride 1."""
    kh, kw = K.shape
    return sp.Matrix(X.rows - kh + 1, X.cols - kw + 1,
                     lambda u, v: sum(K[i, j] * X[u + i, v + j]
                                      for i in range(kh)
                                      for j in range(kw)))


def test_sympy_dK_is_correlation_and_dX_full_convolution_with_flip():
    """For Y = X (star) K (4x3 input, 2x2 kernel, 3x2 output) and
    L = sum(G * Y), G standing for dL/dY:
    dL/dK = X (star) G, and dL/dX = the full convolution of G with K,
    i.e. G padded by k - 1 zeros, correlated with K flipped both ways."""
    X = sp.Matrix(4, 3, lambda a, c: sp.Symbol(f"x{a}{c}"))
    K = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"k{i}{j}"))
    G = sp.Matrix(3, 2, lambda u, v: sp.Symbol(f"g{u}{v}"))
    Y = symbolic_correlation(X, K)
    L = sum(G[u, v] * Y[u, v] for u in range(3) for v in range(2))

    dK = K.applyfunc(lambda k: sp.diff(L, k))
    assert (dK - symbolic_correlation(X, G)).expand() == sp.zeros(2, 2)

    dX = X.applyfunc(lambda x: sp.diff(L, x))
    G_full = sp.zeros(3 + 2, 2 + 2)         # k - 1 = 1 zero on each side
    G_full[1:4, 1:3] = G
    K_flipped = sp.Matrix(2, 2, lambda i, j: K[1 - i, 1 - j])
    full_conv = symbolic_correlation(G_full, K_flipped)
    assert (dX - full_conv).expand() == sp.zeros(4, 3)

    # The library computes the same numbers (one image, one channel).
    rng = np.random.default_rng(3)
    values = {s: rng.normal() for s in (*X, *K, *G)}
    layer = nn.Conv2D(1, 1, 2)
    layer.W.value[...] = np.array(K.subs(values), dtype=float)
    x = np.array(X.subs(values), dtype=float)[None, None]
    y = layer.forward(x)
    np.testing.assert_allclose(y[0, 0], np.array(Y.subs(values), float),
                               rtol=1e-12)
    dx = layer.backward(np.array(G.subs(values), float)[None, None])
    np.testing.assert_allclose(dx[0, 0], np.array(dX.subs(values), float),
                               rtol=1e-12)
    np.testing.assert_allclose(layer.W.grad[0, 0],
                               np.array(dK.subs(values), float), rtol=1e-12)


def test_sympy_gradients_with_stride_and_padding():
    """Stride 2, padding 1, two input channels: the layer's dx and dW equal
    SymPy's derivatives of L = sum(G * Y), Y written out entry by entry."""
    c_in, h, w, k, s, p = 2, 3, 3, 3, 2, 1
    X = [sp.Matrix(h, w, lambda a, b, c=c: sp.Symbol(f"x{c}{a}{b}"))
         for c in range(c_in)]
    K = [sp.Matrix(k, k, lambda i, j, c=c: sp.Symbol(f"k{c}{i}{j}"))
         for c in range(c_in)]
    Xp = [sp.zeros(h + 2 * p, w + 2 * p) for _ in range(c_in)]
    for c in range(c_in):
        Xp[c][p:p + h, p:p + w] = X[c]
    h_out, w_out = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    G = sp.Matrix(h_out, w_out, lambda u, v: sp.Symbol(f"g{u}{v}"))
    L = sum(G[u, v] * K[c][i, j] * Xp[c][s * u + i, s * v + j]
            for c in range(c_in) for u in range(h_out)
            for v in range(w_out) for i in range(k) for j in range(k))
    rng = np.random.default_rng(4)
    symbols = [sym for m in (*X, *K, G) for sym in m]
    values = {sym: rng.normal() for sym in symbols}
    layer = nn.Conv2D(c_in, 1, k, stride=s, padding=p)
    layer.W.value[0] = [np.array(Kc.subs(values), float) for Kc in K]
    x = np.array([np.array(Xc.subs(values), float) for Xc in X])[None]
    layer.forward(x)
    dx = layer.backward(np.array(G.subs(values), float)[None, None])
    for c in range(c_in):
        dX_sym = X[c].applyfunc(lambda v: sp.diff(L, v).subs(values))
        dK_sym = K[c].applyfunc(lambda v: sp.diff(L, v).subs(values))
        np.testing.assert_allclose(dx[0, c], np.array(dX_sym, float),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layer.W.grad[0, c],
                                   np.array(dK_sym, float), rtol=1e-12,
                                   atol=1e-12)


# --- MaxPool2D ---------------------------------------------------------------

POOLS = [(2, None, 6, 4), (2, 2, 5, 7), (3, 1, 5, 4), (2, 1, 4, 5),
         (3, 2, 7, 5), (2, 3, 8, 5)]
POOL_IDS = [f"size{k}-stride{s}-{h}x{w}" for k, s, h, w in POOLS]


@pytest.mark.parametrize("size, stride, h, w", POOLS, ids=POOL_IDS)
def test_maxpool_forward_matches_loops(size, stride, h, w, rng):
    layer = nn.MaxPool2D(size, stride=stride)
    x = rng.standard_normal((2, 3, h, w))
    s = size if stride is None else stride
    if (h - size) % s or (w - size) % s:
        with pytest.raises(ValueError, match="no window reaches"):
            layer.forward(x)
        return
    np.testing.assert_array_equal(layer.forward(x),
                                  maxpool_loops(x, size, s))


@pytest.mark.parametrize("size, stride, h, w",
                         [c for c in POOLS if c[2:] != (5, 7)],
                         ids=[i for i, c in zip(POOL_IDS, POOLS)
                              if c[2:] != (5, 7)])
def test_maxpool_passes_gradient_check(size, stride, h, w, rng):
    # Distinct values, far apart compared with h: no ties, no switching.
    x = rng.permutation(2 * 3 * h * w).reshape(2, 3, h, w) * 0.1
    errors = check_layer(nn.MaxPool2D(size, stride=stride), x, rng=1)
    assert errors["x"] < 1e-8, errors


def test_sympy_maxpool_gradient_is_the_routing(rng):
    """L = sum(G * Y), Y the maxima of overlapping 2x2 windows (stride 1)
    of a 3x4 input: SymPy's derivative of Max, at distinct values, equals
    the layer's dx."""
    X = sp.Matrix(3, 4, lambda a, b: sp.Symbol(f"x{a}{b}"))
    G = sp.Matrix(2, 3, lambda u, v: sp.Symbol(f"g{u}{v}"))
    L = sum(G[u, v] * sp.Max(*X[u:u + 2, v:v + 2])
            for u in range(2) for v in range(3))
    x = rng.permutation(12).reshape(3, 4) + rng.uniform(0, 0.5, (3, 4))
    g = rng.standard_normal((2, 3))
    values = {**dict(zip(X, x.ravel())), **dict(zip(G, g.ravel()))}
    dX = X.applyfunc(lambda v: sp.diff(L, v).subs(values))
    layer = nn.MaxPool2D(2, stride=1)
    layer.forward(x[None, None])
    dx = layer.backward(g[None, None])
    np.testing.assert_allclose(dx[0, 0], np.array(dX, float), rtol=1e-12,
                               atol=1e-12)


def test_maxpool_routes_each_gradient_to_its_maximum():
    x = np.array([[1.0, 5.0, 2.0, 0.0],
                  [3.0, 4.0, 8.0, 1.0],
                  [0.0, 0.0, 1.0, 2.0],
                  [9.0, 1.0, 3.0, 7.0]])[None, None]
    layer = nn.MaxPool2D(2)
    np.testing.assert_array_equal(layer.forward(x)[0, 0], [[5.0, 8.0],
                                                           [9.0, 7.0]])
    dx = layer.backward(np.array([[10.0, 20.0], [30.0, 40.0]])[None, None])
    np.testing.assert_array_equal(dx[0, 0], [[0, 10, 0, 0],
                                             [0, 0, 20, 0],
                                             [0, 0, 0, 0],
                                             [30, 0, 0, 40]])


def test_maxpool_ties_send_everything_to_the_first_maximum():
    """Row-major order within a window: the top-left of equal maxima gets
    the whole gradient; the others get 0 (the gradient is not split)."""
    x = np.array([[2.0, 2.0, 0.0, 3.0],
                  [2.0, 2.0, 3.0, 3.0],
                  [1.0, 4.0, 5.0, 5.0],
                  [4.0, 0.0, 0.0, 0.0]])[None, None]
    layer = nn.MaxPool2D(2)
    np.testing.assert_array_equal(layer.forward(x)[0, 0], [[2.0, 3.0],
                                                           [4.0, 5.0]])
    dx = layer.backward(np.ones((1, 1, 2, 2)))
    np.testing.assert_array_equal(dx[0, 0], [[1, 0, 0, 1],
                                             [0, 0, 0, 0],
                                             [0, 1, 1, 0],
                                             [0, 0, 0, 0]])


def test_maxpool_overlapping_windows_add_up():
    """Stride 1 < size 2: the 9 at the centre is the maximum of all four
    windows, so it collects all four gradients."""
    x = np.array([[1.0, 2.0, 3.0],
                  [4.0, 9.0, 5.0],
                  [6.0, 7.0, 8.0]])[None, None]
    layer = nn.MaxPool2D(2, stride=1)
    np.testing.assert_array_equal(layer.forward(x)[0, 0], [[9, 9], [9, 9]])
    dx = layer.backward(np.array([[1.0, 2.0], [3.0, 4.0]])[None, None])
    np.testing.assert_array_equal(dx[0, 0], [[0, 0, 0], [0, 10, 0],
                                             [0, 0, 0]])


def test_maxpool_gradient_sums_to_the_gradient_of_the_output(rng):
    x = rng.standard_normal((3, 2, 8, 6))
    layer = nn.MaxPool2D(2)
    dy = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(dy)
    # Each window sends its dy to exactly one entry.
    np.testing.assert_allclose(dx.sum(axis=(2, 3)), dy.sum(axis=(2, 3)))
    assert np.count_nonzero(dx) == dy.size
    assert layer.backward(dy, need_dx=False) is None


# --- Flatten -----------------------------------------------------------------

def test_flatten_is_a_reshape_and_back(rng):
    x = rng.standard_normal((4, 3, 5, 2))
    layer = nn.Flatten()
    y = layer.forward(x)
    assert y.shape == (4, 30)
    np.testing.assert_array_equal(y[1], x[1].ravel())  # C order
    dy = rng.standard_normal((4, 30))
    dx = layer.backward(dy)
    np.testing.assert_array_equal(dx, dy.reshape(4, 3, 5, 2))
    assert layer.backward(dy, need_dx=False) is None
    assert max(check_layer(nn.Flatten(), x, rng=1).values()) < 1e-8


def test_small_cnn_passes_gradient_check(rng):
    model = nn.Sequential(
        nn.Conv2D(1, 2, 3, padding=1, rng=0), nn.Tanh(), nn.MaxPool2D(2),
        nn.Conv2D(2, 3, 3, stride=2, padding=1, rng=1), nn.Tanh(),
        nn.Flatten(), nn.Dense(3 * 2 * 2, 4, rng=2))
    errors = check_layer(model, rng.standard_normal((2, 1, 8, 8)), rng=1)
    assert len(errors) == 1 + 6
    assert max(errors.values()) < 1e-6, errors


# --- dtypes ------------------------------------------------------------------

def test_float32_end_to_end(rng):
    model = nn.Sequential(
        nn.Conv2D(1, 4, 3, padding=1, rng=0, dtype=np.float32), nn.ReLU(),
        nn.MaxPool2D(2),
        nn.Conv2D(4, 6, 3, stride=2, padding=1, rng=1, dtype=np.float32),
        nn.Flatten(), nn.Dense(6 * 2 * 2, 3, rng=2, dtype=np.float32))
    x = rng.standard_normal((5, 1, 8, 8)).astype(np.float32)
    y = model.forward(x, training=True)
    assert y.dtype == np.float32
    dx = model.backward(np.ones_like(y))
    assert dx.dtype == np.float32
    for p in model.parameters():
        assert p.value.dtype == np.float32 and p.grad.dtype == np.float32
    # ... and equal to the float64 model's numbers, to float32 precision.
    model64 = nn.Sequential(
        nn.Conv2D(1, 4, 3, padding=1, rng=0), nn.ReLU(), nn.MaxPool2D(2),
        nn.Conv2D(4, 6, 3, stride=2, padding=1, rng=1),
        nn.Flatten(), nn.Dense(6 * 2 * 2, 3, rng=2))
    for p32, p64 in zip(model.parameters(), model64.parameters()):
        p64.value[...] = p32.value
    y64 = model64.forward(x.astype(np.float64))
    dx64 = model64.backward(np.ones_like(y64))
    assert rel_error(y, y64) < 1e-5 and rel_error(dx, dx64) < 1e-5


def test_integer_input_becomes_float64():
    layer = nn.Conv2D(1, 2, 2, rng=0)
    x = np.arange(9).reshape(1, 1, 3, 3)
    assert layer.forward(x).dtype == np.float64
    assert nn.MaxPool2D(3).forward(x).dtype == np.float64


# --- construction and initialisation -----------------------------------------

def test_weights_have_the_stated_shapes_and_he_variance():
    layer = nn.Conv2D(16, 64, 3, rng=0)
    assert layer.W.value.shape == (64, 16, 3, 3)
    assert layer.b.value.shape == (64,)
    np.testing.assert_array_equal(layer.b.value, 0.0)
    # He normal, fan-in c_in * k * k = 144: Var(W) = 2 / 144. With 9216
    # draws the sample variance is within 5% of it (its relative standard
    # error is sqrt(2 / 9216) = 1.5%).
    assert abs(layer.W.value.var() / (2 / 144) - 1) < 0.05
    assert [p.name for p in layer.parameters()] == ["W", "b"]
    np.testing.assert_array_equal(nn.Conv2D(16, 64, 3, rng=0).W.value,
                                  layer.W.value)


def test_init_gets_the_weight_matrix_shape_fan_in_first():
    seen = []

    def init(shape, *, rng=None, dtype=np.float64):
        seen.append(shape)
        return np.arange(np.prod(shape), dtype=dtype).reshape(shape)

    layer = nn.Conv2D(2, 3, (4, 5), init=init)
    assert seen == [(2 * 4 * 5, 3)]
    # Column o of the (fan_in, c_out) matrix is output channel o.
    matrix = np.arange(40 * 3).reshape(40, 3)
    np.testing.assert_array_equal(layer.W.value[1].ravel(), matrix[:, 1])


def test_numpy_scalar_arguments_work(rng):
    layer = nn.Conv2D(np.int64(2), np.int32(3), np.int64(3),
                      stride=np.int64(2), padding=np.int16(1), rng=0)
    assert layer.kernel == (3, 3) and type(layer.stride) is int
    pair = nn.Conv2D(2, 3, (np.int64(3), np.uint8(1)))
    assert pair.kernel == (3, 1)
    x = rng.standard_normal((1, 2, 5, 5))
    assert layer.forward(x).shape == (1, 3, 3, 3)
    pool = nn.MaxPool2D(np.int64(2), stride=np.int32(1))
    assert pool.forward(x).shape == (1, 2, 4, 4)


def test_reprs():
    assert repr(nn.Conv2D(3, 8, 3)) == "Conv2D(3 -> 8, 3x3)"
    assert repr(nn.Conv2D(3, 8, (3, 1), stride=2, padding=1)) == \
        "Conv2D(3 -> 8, 3x1, stride=2, padding=1)"
    assert repr(nn.MaxPool2D(2)) == "MaxPool2D(2)"
    assert repr(nn.MaxPool2D(3, stride=2)) == "MaxPool2D(3, stride=2)"
    assert repr(nn.Flatten()) == "Flatten()"


# --- bad input ---------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, match", [
    (dict(kernel=0), ValueError, "kernel"),
    (dict(kernel=2.5), TypeError, "kernel"),
    (dict(kernel="3"), TypeError, "kernel"),
    (dict(kernel=(3,)), ValueError, "pair"),
    (dict(kernel=(3, 0)), ValueError, r"kernel\[1\]"),
    (dict(kernel=True), TypeError, "kernel"),
    (dict(stride=0), ValueError, "stride"),
    (dict(stride=None), TypeError, "stride"),
    (dict(padding=-1), ValueError, "padding"),
    (dict(padding=1.0), TypeError, "padding"),
    (dict(c_in=0), ValueError, "c_in"),
    (dict(c_out="8"), TypeError, "c_out"),
    (dict(dtype=np.int32), TypeError, "dtype"),
    (dict(init=lambda shape, rng, dtype: np.zeros((3, 3))), ValueError,
     "init"),
])
def test_conv_constructor_refuses_bad_arguments(kwargs, error, match):
    args = dict(c_in=3, c_out=8, kernel=3)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        nn.Conv2D(**args)


def test_conv_wrong_channel_count_names_the_expected_shape():
    layer = nn.Conv2D(3, 8, 3)
    with pytest.raises(ValueError) as info:
        layer.forward(np.zeros((2, 4, 8, 8)))
    assert str(info.value) == ("Conv2D(3 -> 8, 3x3) expected input of "
                               "shape (N, 3, H, W), got (2, 4, 8, 8)")


@pytest.mark.parametrize("shape", [(3, 8, 8), (8, 8), (2, 3, 8, 8, 1), ()])
def test_conv_and_pool_refuse_inputs_that_are_not_4d(shape):
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\)"):
        nn.Conv2D(3, 8, 3).forward(np.zeros(shape))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        nn.MaxPool2D(2).forward(np.zeros(shape))


def test_conv_refuses_a_kernel_larger_than_the_padded_input():
    with pytest.raises(ValueError, match="5x5 kernel is larger than the "
                       r"padded input, 4x6 \(input 2x4, padding 1\)"):
        nn.Conv2D(1, 1, 5, padding=1).forward(np.zeros((1, 1, 2, 4)))
    # padding can make a small input big enough
    assert nn.Conv2D(1, 1, 5, padding=2).forward(
        np.zeros((1, 1, 1, 1))).shape == (1, 1, 1, 1)


def test_conv_refuses_to_ignore_input_rows_but_floors_over_padding():
    """(8 + 0 - 3) / 2 is not whole: the input's last row would be in no
    window, and the layer raises instead of silently dropping it (PyTorch
    floors). With padding 1 the unused row is padding: floor, as PyTorch."""
    layer = nn.Conv2D(1, 1, 3, stride=2)
    with pytest.raises(ValueError, match="no window reaches the last 1 "
                       r"row\(s\) and 0 column\(s\) of the 8x7 input") as e:
        layer.forward(np.zeros((1, 1, 8, 7)))
    assert "crop the input to 7x7" in str(e.value)
    assert layer.forward(np.zeros((1, 1, 7, 7))).shape == (1, 1, 3, 3)
    padded = nn.Conv2D(1, 1, 3, stride=2, padding=1)
    assert padded.forward(np.zeros((1, 1, 28, 27))).shape == (1, 1, 14, 14)
    # Stride 3 leaves 2 rows over, one more than the padding.
    with pytest.raises(ValueError, match="last 1 row"):
        nn.Conv2D(1, 1, 3, stride=3, padding=1).forward(
            np.zeros((1, 1, 9, 7)))


def test_maxpool_refuses_bad_sizes():
    with pytest.raises(ValueError, match="3x3 window is larger"):
        nn.MaxPool2D(3).forward(np.zeros((1, 1, 2, 5)))
    with pytest.raises(ValueError, match="crop the input to 6x4"):
        nn.MaxPool2D(2).forward(np.zeros((1, 1, 7, 4)))
    for bad in (0, 2.0, "2", None, True):
        with pytest.raises((TypeError, ValueError), match="size"):
            nn.MaxPool2D(bad)
    with pytest.raises(ValueError, match="stride"):
        nn.MaxPool2D(2, stride=0)


@pytest.mark.parametrize("make", [lambda: nn.Conv2D(1, 2, 3),
                                  lambda: nn.MaxPool2D(2), nn.Flatten],
                         ids=["Conv2D", "MaxPool2D", "Flatten"])
def test_backward_before_forward_and_bad_dy(make):
    layer = make()
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.zeros((1, 2, 2, 2)))
    y = layer.forward(np.ones((2, 1, 4, 4)))
    with pytest.raises(ValueError, match="shape of the forward output"):
        layer.backward(np.zeros((2,) + y.shape))
    with pytest.raises(TypeError, match="ndarray"):
        layer.backward(y.tolist())
    with pytest.raises(TypeError, match="floating-point"):
        layer.forward(np.array([["a"]]))


def test_flatten_refuses_a_1d_input():
    with pytest.raises(ValueError, match="Flatten"):
        nn.Flatten().forward(np.zeros(5))


# --- PyTorch, when installed -------------------------------------------------

@pytest.mark.parametrize("kernel, stride, padding, h, w", CONFIGS[::2],
                         ids=IDS[::2])
def test_conv_agrees_with_torch(kernel, stride, padding, h, w, rng):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    layer = make_conv(kernel, stride, padding, c_in=3, c_out=4)
    x = rng.standard_normal((2, 3, h, w))
    y = layer.forward(x)
    dy = rng.standard_normal(y.shape)
    dx = layer.backward(dy)
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(layer.W.value, requires_grad=True)
    bt = torch.tensor(layer.b.value, requires_grad=True)
    yt = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
    yt.backward(torch.tensor(dy))
    for ours, theirs in ((y, yt), (dx, xt.grad), (layer.W.grad, wt.grad),
                         (layer.b.grad, bt.grad)):
        np.testing.assert_allclose(ours, theirs.detach().numpy(),
                                   rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("size, stride, h, w", [(2, None, 6, 4),
                                                (3, 1, 5, 4), (3, 2, 7, 5)])
def test_maxpool_agrees_with_torch(size, stride, h, w, rng):
    torch = pytest.importorskip("torch")
    x = rng.standard_normal((2, 3, h, w))   # continuous values: no ties
    layer = nn.MaxPool2D(size, stride=stride)
    y = layer.forward(x)
    dy = rng.standard_normal(y.shape)
    dx = layer.backward(dy)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.max_pool2d(xt, size, stride=stride)
    yt.backward(torch.tensor(dy))
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=0)


def test_numerical_gradient_of_a_strided_conv_input_directly(rng):
    """The check without check_layer: L = sum(y * u) by central
    differences against backward(u), for stride 2 and padding 2."""
    layer = make_conv(3, 2, 2)
    x = rng.standard_normal((1, 2, 5, 7))
    u = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(u)
    numeric = numerical_gradient(lambda: float(np.sum(layer.forward(x) * u)),
                                 x)
    assert rel_error(dx, numeric) < 1e-8
