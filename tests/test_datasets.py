"""Synthetic data, splitting, scaling and one-hot labels."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnmath import datasets as D


def test_sample_function_grid():
    X, y = D.sample_function(lambda x: x**2, 5, low=-1.0, high=1.0)
    assert X.shape == y.shape == (5, 1)
    assert X.dtype == y.dtype == np.float64
    np.testing.assert_array_equal(X[:, 0], [-1.0, -0.5, 0.0, 0.5, 1.0])
    np.testing.assert_array_equal(y[:, 0], [1.0, 0.25, 0.0, 0.25, 1.0])


def test_sample_function_noise_has_the_requested_spread():
    X, y = D.sample_function(lambda x: x**2, 2000, low=-1.0, high=1.0,
                             noise=np.float64(0.1), rng=0)
    assert np.std(y - X**2) == pytest.approx(0.1, rel=0.05)
    assert abs(np.mean(y - X**2)) < 0.01


def test_sample_function_random_points_are_sorted_in_range():
    X, y = D.sample_function(np.cos, 50, low=2.0, high=3.0, random=True,
                             rng=1)
    assert np.all(np.diff(X[:, 0]) >= 0)
    assert X.min() >= 2.0 and X.max() <= 3.0
    assert len(np.unique(X)) == 50  # drawn, not a grid of repeats
    np.testing.assert_array_equal(y, np.cos(X))


def test_make_sine():
    X, y = D.make_sine(9)
    assert X.shape == y.shape == (9, 1)
    assert X[0, 0] == pytest.approx(-2 * np.pi)
    assert X[-1, 0] == pytest.approx(2 * np.pi)
    np.testing.assert_allclose(y, np.sin(X), atol=1e-15)


def test_numpy_scalars_are_accepted():
    X, _ = D.sample_function(np.sin, np.int64(4), low=np.float32(0.0),
                             high=np.float64(1.0))
    assert X.shape == (4, 1)
    X, y = D.make_moons(np.int64(100), noise=np.float64(0.1), rng=0)
    assert X.shape == (100, 2)
    X, y = D.make_xor(np.int32(2), noise=np.float32(0.1), rng=0)
    assert X.shape == (8, 2)
    X, y = D.make_spiral(np.int64(5), np.int64(2), noise=np.float64(0.1))
    assert X.shape == (10, 2)


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"n": 0}, ValueError, "n must be a positive integer"),
    ({"n": 2.0}, TypeError, "n must be a positive integer"),
    ({"n": True}, TypeError, "n must be"),
    ({"low": 1.0, "high": 1.0}, ValueError, "need low < high"),
    ({"noise": -0.1}, ValueError, "noise must be >= 0"),
    ({"noise": "0.1"}, TypeError, "noise must be a real number"),
    ({"low": "0"}, TypeError, "low must be a real number"),
    ({"high": None}, TypeError, "high must be a real number"),
    ({"high": np.inf}, ValueError, "high must be finite"),
    ({"rng": "x", "random": True}, TypeError, "rng must be None"),
])
def test_sample_function_bad_arguments(kwargs, exc, words):
    args = {"n": 5, "low": 0.0, "high": 1.0, **kwargs}
    with pytest.raises(exc, match=words):
        D.sample_function(np.sin, **args)


def test_sample_function_rejects_non_vectorised_f():
    with pytest.raises(ValueError, match="f must map an array of shape"):
        D.sample_function(lambda x: 1.0, 5, low=0.0, high=1.0)


def test_make_xor_classic_four_points():
    X, y = D.make_xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    assert y.dtype == np.int64 and X.dtype == np.float64


def test_make_xor_labels_are_xor_of_the_corners():
    X, y = D.make_xor(10, noise=0.05, rng=0)
    assert X.shape == (40, 2) and y.shape == (40,)
    assert not np.array_equal(X, np.round(X))  # the noise is there
    corners = np.round(X).astype(int)
    np.testing.assert_array_equal(y, corners[:, 0] ^ corners[:, 1])


def test_make_moons():
    X, y = D.make_moons(101, noise=0.0, rng=0)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert y.dtype == np.int64
    assert np.bincount(y).tolist() == [50, 51]
    upper, lower = X[y == 0], X[y == 1]
    # The upper moon is the unit half circle centred at (0, 0), the lower
    # one is centred at (1, 0.5).
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(
        np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= -1e-12)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_make_moons_noise_has_the_requested_spread():
    X, y = D.make_moons(4000, noise=0.1, rng=0)
    # Gaussian noise of standard deviation 0.1 moves a point off its circle
    # by about 0.1 along the radius.
    upper = np.hypot(*X[y == 0].T) - 1.0
    lower = np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5) - 1.0
    for off in (upper, lower):
        assert np.std(off) == pytest.approx(0.1, rel=0.1)


@pytest.mark.parametrize("n_per_class, n_classes", [(50, 3), (10, 5)])
def test_make_spiral(n_per_class, n_classes):
    X, y = D.make_spiral(n_per_class, n_classes, rng=0)
    assert X.shape == (n_per_class * n_classes, 2) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [n_per_class] * n_classes
    radius = np.hypot(*X.T)
    expected = np.tile(np.linspace(0, 1, n_per_class), n_classes)
    np.testing.assert_allclose(radius, expected, atol=1e-12)


@pytest.mark.parametrize("make, words", [
    (lambda: D.make_moons(10, noise=-0.1), "noise must be >= 0"),
    (lambda: D.make_moons(10, noise="0.1"), "noise must be a real number"),
    (lambda: D.make_xor(2, noise=None), "noise must be a real number"),
    (lambda: D.make_spiral(10, 0), "n_classes must be a positive integer"),
    (lambda: D.make_spiral(10, noise=np.nan), "noise must be finite"),
    (lambda: D.make_moons(0), "n must be a positive integer"),
    (lambda: D.make_xor(1, rng=1.5), "rng must be None"),
])
def test_generators_bad_arguments(make, words):
    with pytest.raises((TypeError, ValueError), match=words):
        make()


@pytest.mark.parametrize("make", [
    lambda r: D.make_moons(30, rng=r),
    lambda r: D.make_spiral(10, rng=r),
    lambda r: D.make_xor(5, noise=0.1, rng=r),
    lambda r: D.make_sine(10, noise=0.1, random=True, rng=r),
])
def test_generators_are_seeded(make):
    a, b, c = make(3), make(3), make(4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    # A Generator is used as it is: two draws from one differ.
    gen = np.random.default_rng(3)
    np.testing.assert_array_equal(make(gen)[0], a[0])
    assert not np.array_equal(make(gen)[0], a[0])


# --- train_test_split --------------------------------------------------

def test_train_test_split_sizes_disjoint_and_covering():
    X = np.arange(100).reshape(50, 2)
    y = np.arange(50)
    X_tr, X_te, y_tr, y_te = D.train_test_split(X, y, test_size=0.2, rng=0)
    assert (len(X_tr), len(X_te)) == (40, 10)
    assert not set(y_tr) & set(y_te)
    assert sorted(set(y_tr) | set(y_te)) == list(range(50))
    # Rows stay paired with their targets.
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    again = D.train_test_split(X, y, test_size=0.2, rng=0)
    np.testing.assert_array_equal(again[3], y_te)
    other = D.train_test_split(X, y, test_size=0.2, rng=1)
    assert not np.array_equal(other[3], y_te)


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100.0).reshape(-1, 1)
    X_tr, X_te, y_tr, y_te = D.train_test_split(
        X, y, test_size=0.3, stratify=True, rng=0)
    assert np.bincount(y_te).tolist() == [18, 9, 3]
    assert np.bincount(y_tr).tolist() == [42, 21, 7]
    assert not set(X_tr[:, 0]) & set(X_te[:, 0])


@pytest.mark.parametrize("test_size", [np.float32(0.25), np.float64(0.25)])
def test_split_accepts_numpy_scalars(test_size):
    X_tr, X_te, _, _ = D.train_test_split(np.zeros((8, 1)), np.zeros(8),
                                          test_size=test_size, rng=0)
    assert (len(X_tr), len(X_te)) == (6, 2)


@pytest.mark.parametrize("test_size", [0.0, 1.0, -0.2, 1.5])
def test_split_bad_test_size(test_size):
    with pytest.raises(ValueError, match=r"test_size .* \(0, 1\)"):
        D.train_test_split(np.zeros((10, 1)), np.zeros(10),
                           test_size=test_size)


@pytest.mark.parametrize("test_size", ["0.2", None, True, np.bool_(False)])
def test_split_test_size_of_the_wrong_type(test_size):
    with pytest.raises(TypeError, match="test_size"):
        D.train_test_split(np.zeros((10, 1)), np.zeros(10),
                           test_size=test_size)


def test_split_that_leaves_an_empty_part():
    with pytest.raises(ValueError, match="leaves an empty part"):
        D.train_test_split(np.zeros((3, 1)), np.zeros(3), test_size=0.1)


def test_split_mismatched_rows():
    with pytest.raises(ValueError, match="same number of rows"):
        D.train_test_split(np.zeros((10, 1)), np.zeros(9))


def test_stratify_needs_integer_labels():
    with pytest.raises(TypeError, match="integer class ids"):
        D.train_test_split(np.zeros((4, 1)), np.array([0.5, 1.0, 0.0, 1.0]),
                           stratify=True)


# --- Standardizer ------------------------------------------------------

def test_standardizer_mean_zero_std_one_on_train(rng):
    X = rng.normal([5.0, -3.0, 100.0], [2.0, 0.1, 30.0], size=(200, 3))
    s = D.Standardizer().fit(X)
    Z = s.transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-13)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-13)
    np.testing.assert_array_equal(D.Standardizer().fit_transform(X), Z)
    X_test = rng.normal(size=(7, 3))
    expected = (X_test - X.mean(axis=0)) / X.std(axis=0)
    np.testing.assert_allclose(s.transform(X_test), expected, rtol=1e-13)


def test_standardizer_constant_column_is_centred_not_scaled():
    X = np.array([[1.0, 7.0], [3.0, 7.0], [5.0, 7.0]])
    s = D.Standardizer().fit(X)
    np.testing.assert_array_equal(s.scale_[1], 1.0)
    Z = s.transform(X)
    assert np.all(np.isfinite(Z))
    np.testing.assert_array_equal(Z[:, 1], 0.0)
    np.testing.assert_allclose(s.transform([[3.0, 9.0]]), [[0.0, 2.0]])


def test_standardizer_transform_before_fit():
    for method in ("transform", "inverse_transform"):
        with pytest.raises(RuntimeError, match="Standardizer used before "
                           r"fit: call fit\(X_train\) first"):
            getattr(D.Standardizer(), method)(np.zeros((2, 2)))


def test_standardizer_width_mismatch():
    s = D.Standardizer().fit(np.zeros((4, 3)))
    with pytest.raises(ValueError,
                       match=r"X must have shape \(N, 3\), got \(4, 2\)"):
        s.transform(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"Z must have shape \(N, 3\)"):
        s.inverse_transform(np.zeros(3))


@pytest.mark.parametrize("X, exc, words", [
    (np.zeros(5), ValueError, "X must be a 2-D array"),
    (np.array([[1.0, np.nan]]), ValueError, "X must be finite"),
    (np.array([["1", "2"]]), TypeError, "X must hold real numbers"),
])
def test_standardizer_bad_input(X, exc, words):
    with pytest.raises(exc, match=words):
        D.Standardizer().fit(X)


@given(arrays(np.float64, st.tuples(st.integers(2, 20), st.integers(1, 4)),
              elements=st.floats(-1e3, 1e3)))
def test_standardizer_round_trip(X):
    s = D.Standardizer().fit(X)
    np.testing.assert_allclose(s.inverse_transform(s.transform(X)), X,
                               rtol=1e-9, atol=1e-9)


# --- one_hot -----------------------------------------------------------

def test_one_hot():
    out = D.one_hot([2, 0, 1, 2])
    np.testing.assert_array_equal(
        out, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert out.dtype == np.float64
    wide = D.one_hot(np.array([1, 0]), n_classes=4, dtype=np.float32)
    assert wide.shape == (2, 4) and wide.dtype == np.float32
    assert wide[0, 1] == 1 and wide.sum() == 2
    assert D.one_hot([1], np.int64(3)).shape == (1, 3)


@pytest.mark.parametrize("labels, n_classes, exc, words", [
    ([0, 3], 3, ValueError, r"labels must be < 3 \(the number of classes"),
    ([0, -2], None, ValueError, "labels must be >= 0"),
    ([0.0, 0.5], None, TypeError, "labels must be integer class ids"),
    (["a", "b"], None, TypeError, "labels must be integer class ids"),
    ([[0, 1]], None, ValueError, r"labels must have shape \(N,\)"),
    ([0, 1], 0, ValueError, "n_classes must be a positive integer"),
    ([0, 1], 2.0, TypeError, "n_classes must be a positive integer"),
])
def test_one_hot_bad_labels(labels, n_classes, exc, words):
    with pytest.raises(exc, match=words):
        D.one_hot(np.array(labels), n_classes)


def test_one_hot_needs_a_float_dtype():
    with pytest.raises(TypeError, match="dtype must be a floating-point"):
        D.one_hot([0, 1], dtype=np.int64)
