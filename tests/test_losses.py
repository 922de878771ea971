"""Losses: values and gradients against SymPy and finite differences,
stability, bad input."""

import numpy as np
import pytest
import sympy as sp

from nnmath import losses as L
from nnmath import symbolic as S
from nnmath.gradcheck import check_loss


def loss_cases(rng):
    """name -> (loss_fn, pred, target), float64 predictions of a few
    shapes."""
    return {
        "mse": (L.mse, rng.normal(size=(6, 3)), rng.normal(size=(6, 3))),
        "mse_column": (L.mse, rng.normal(size=(5, 1)), rng.normal(size=5)),
        "bce": (L.binary_cross_entropy_with_logits,
                rng.normal(0, 2, size=(7, 1)), rng.uniform(0, 1, size=(7, 1))),
        "bce_labels": (L.binary_cross_entropy_with_logits,
                       rng.normal(0, 2, size=6), rng.integers(0, 2, 6)),
        "softmax_ce": (L.softmax_cross_entropy, rng.normal(0, 2, size=(8, 4)),
                       rng.integers(0, 4, 8)),
    }


CASES = ["mse", "mse_column", "bce", "bce_labels", "softmax_ce"]
# The losses that take a float target of the prediction's shape.
REGRESSION_LIKE = [L.mse, L.binary_cross_entropy_with_logits]


@pytest.mark.parametrize("case", CASES)
def test_loss_gradient_passes_check_loss(case, rng):
    loss_fn, pred, target = loss_cases(rng)[case]
    assert check_loss(loss_fn, pred, target) < 1e-6


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("factor", [0.5, 2.0, -1.0])
def test_scaled_wrong_gradient_fails_check_loss(case, factor, rng):
    loss_fn, pred, target = loss_cases(rng)[case]

    def wrong(p, t):
        value, grad = loss_fn(p, t)
        return value, factor * grad

    assert check_loss(wrong, pred, target) > 1e-3


def test_missing_mean_in_gradient_fails_check_loss(rng):
    pred, target = rng.normal(size=(10, 1)), rng.normal(size=(10, 1))

    def sum_gradient(p, t):  # the loss is a mean; the gradient forgot 1/N
        value, _ = L.mse(p, t)
        return value, 2.0 * (p - t)

    assert check_loss(sum_gradient, pred, target) > 1e-3


@pytest.mark.parametrize("case", CASES)
def test_gradient_has_prediction_shape_and_dtype(case, rng):
    loss_fn, pred, target = loss_cases(rng)[case]
    for dtype in (np.float64, np.float32):
        value, grad = loss_fn(pred.astype(dtype), target)
        assert isinstance(value, float)
        assert grad.shape == pred.shape and grad.dtype == dtype


@pytest.mark.parametrize("case", CASES)
def test_list_input_gives_the_same_result_as_arrays(case, rng):
    loss_fn, pred, target = loss_cases(rng)[case]
    value, grad = loss_fn(pred, target)
    value_l, grad_l = loss_fn(pred.tolist(), np.asarray(target).tolist())
    assert value_l == value
    np.testing.assert_array_equal(grad_l, grad)


def test_losses_are_means_over_the_batch(rng):
    # Repeating the batch leaves every mean loss unchanged.
    for loss_fn, pred, target in loss_cases(rng).values():
        value, grad = loss_fn(pred, target)
        value2, grad2 = loss_fn(np.concatenate([pred, pred]),
                                np.concatenate([target, target]))
        assert value2 == pytest.approx(value, rel=1e-13)
        np.testing.assert_allclose(grad2[:len(pred)], grad / 2, rtol=1e-13)


# --- against the SymPy forms (per sample; the library averages) ------------

def test_mse_matches_sympy(rng):
    pred, target = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    p = sp.symbols("p0:6", real=True)
    expr = S.mse(p, [sp.Float(v) for v in target.ravel()])
    at = dict(zip(p, pred.ravel()))
    grad = np.array([float(sp.diff(expr, pi).subs(at)) for pi in p])
    value, dpred = L.mse(pred, target)
    assert value == pytest.approx(float(expr.subs(at)), rel=1e-13)
    np.testing.assert_allclose(dpred, grad.reshape(3, 2), rtol=1e-12)


def test_bce_with_logits_matches_sympy(rng):
    z_vals = rng.normal(0, 2, size=(5, 1))
    y_vals = rng.uniform(0, 1, size=(5, 1))
    z, y = sp.symbols("z y", real=True)
    per_sample = S.binary_cross_entropy_with_logits(z, y)
    dz = sp.diff(per_sample, z)
    n = z_vals.size
    pairs = list(zip(z_vals.ravel(), y_vals.ravel()))
    ref_loss = sum(float(per_sample.subs({z: zv, y: yv}).evalf(30))
                   for zv, yv in pairs) / n
    ref_grad = np.array([float(dz.subs({z: zv, y: yv}).evalf(30))
                         for zv, yv in pairs]) / n
    value, grad = L.binary_cross_entropy_with_logits(z_vals, y_vals)
    assert value == pytest.approx(ref_loss, rel=1e-12)
    np.testing.assert_allclose(grad.ravel(), ref_grad, rtol=1e-10)


def test_softmax_cross_entropy_matches_sympy(rng):
    K, N = 3, 4
    logits, labels = rng.normal(0, 2, size=(N, K)), np.array([0, 2, 1, 2])
    z = sp.symbols("z0:3", real=True)
    ref_loss, ref_grad = 0.0, np.zeros((N, K))
    for n in range(N):
        expr = S.softmax_cross_entropy(z, int(labels[n]))
        at = dict(zip(z, logits[n]))
        ref_loss += float(expr.subs(at).evalf(30)) / N
        ref_grad[n] = [float(sp.diff(expr, zk).subs(at).evalf(30)) / N
                       for zk in z]
    value, grad = L.softmax_cross_entropy(logits, labels)
    assert value == pytest.approx(ref_loss, rel=1e-12)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-15)


def test_softmax_cross_entropy_gradient_rows_sum_to_zero(rng):
    _, grad = L.softmax_cross_entropy(rng.normal(size=(6, 5)),
                                      rng.integers(0, 5, 6))
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-16)


def test_mse_column_prediction_and_flat_target_do_not_broadcast():
    pred = np.array([[1.0], [2.0], [3.0]])
    value, grad = L.mse(pred, np.array([1.0, 2.0, 5.0]))
    assert value == pytest.approx(4.0 / 3.0)  # not the (3, 3) broadcast
    assert grad.shape == (3, 1)
    np.testing.assert_allclose(grad[:, 0], [0.0, 0.0, -4.0 / 3.0])


def test_mse_by_hand_is_pred_minus_target():
    # (pred, target) order: the gradient is 2 (pred - target) / M.
    value, grad = L.mse(np.array([[3.0, 1.0]]), np.array([[1.0, 1.0]]))
    assert value == 2.0
    np.testing.assert_array_equal(grad, [[2.0, 0.0]])


# --- stability -------------------------------------------------------------

def test_softmax_cross_entropy_with_huge_logits():
    logits = np.array([[1000.0, -1000.0], [1000.0, -1000.0],
                       [-1000.0, -1000.0]])
    with np.errstate(over="raise", invalid="raise"):
        value, grad = L.softmax_cross_entropy(logits, [0, 1, 0])
    # Per-sample losses: 0 (confidently right), 2000 (confidently wrong),
    # log 2 (a tie).
    assert value == pytest.approx((0.0 + 2000.0 + np.log(2.0)) / 3,
                                  rel=1e-14)
    expected = np.array([[0.0, 0.0], [1.0, -1.0], [-0.5, 0.5]]) / 3
    np.testing.assert_allclose(grad, expected, atol=1e-15)


@pytest.mark.parametrize("z, y, per_sample, dz", [
    (1000.0, 0.0, 1000.0, 1.0), (1000.0, 1.0, 0.0, 0.0),
    (-1000.0, 1.0, 1000.0, -1.0), (-1000.0, 0.0, 0.0, 0.0),
    (0.0, 1.0, np.log(2.0), -0.5),
])
def test_bce_with_logits_at_extreme_logits(z, y, per_sample, dz):
    with np.errstate(over="raise", invalid="raise"):
        value, grad = L.binary_cross_entropy_with_logits(
            np.array([[z], [z]]), np.array([[y], [y]]))
    assert value == pytest.approx(per_sample, rel=1e-15, abs=1e-300)
    np.testing.assert_allclose(grad, dz / 2, rtol=1e-15, atol=0)


# --- bad input -------------------------------------------------------------

@pytest.mark.parametrize("labels, exc, words", [
    ([0, 3, 1], ValueError,
     r"labels must be < 3 \(the number of classes\), got 3"),
    ([0, -1, 1], ValueError, "labels must be >= 0"),
    ([0.0, 1.5, 2.0], TypeError, "labels must be integer class ids"),
    ([0.0, np.nan, 2.0], TypeError, "labels must be integer class ids"),
    (["0", "1", "2"], TypeError, "labels must be integer class ids"),
    ([True, False, True], TypeError, "labels must be integer class ids"),
    ([[0], [1], [2]], ValueError, r"labels must have shape \(N,\)"),
    ([0, 1], ValueError, "logits and labels must have the same number of "
                         "rows"),
])
def test_softmax_cross_entropy_bad_labels(labels, exc, words):
    with pytest.raises(exc, match=words):
        L.softmax_cross_entropy(np.zeros((3, 3)), np.array(labels))


def test_softmax_cross_entropy_accepts_integral_float_labels():
    a = L.softmax_cross_entropy(np.eye(3), np.array([0.0, 1.0, 2.0]))
    b = L.softmax_cross_entropy(np.eye(3), np.array([0, 1, 2]))
    assert a[0] == b[0]
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("shape", [(3,), (3, 3, 1), ()])
def test_softmax_cross_entropy_needs_2d_logits(shape):
    with pytest.raises(ValueError, match=r"logits must be a 2-D array.*got "
                                         r"shape"):
        L.softmax_cross_entropy(np.zeros(shape), [0, 1, 2])


@pytest.mark.parametrize("loss_fn", REGRESSION_LIKE)
@pytest.mark.parametrize("target_shape", [(4, 3), (3, 2), (8,), (4,), (2, 4)])
def test_target_of_another_shape_raises(loss_fn, target_shape):
    with pytest.raises(ValueError, match=r"target must have the prediction's "
                                         r"shape \(4, 2\), got"):
        loss_fn(np.zeros((4, 2)), np.zeros(target_shape))


@pytest.mark.parametrize("loss_fn", REGRESSION_LIKE)
def test_column_target_for_a_flat_prediction_raises(loss_fn):
    # (N, 1) against (N,) would broadcast to (N, N).
    with pytest.raises(ValueError, match=r"prediction's shape \(3,\), got "
                                         r"\(3, 1\)"):
        loss_fn(np.zeros(3), np.zeros((3, 1)))


@pytest.mark.parametrize("target", [[[0.0], [2.0]], [[-0.5], [0.5]]])
def test_bce_target_outside_unit_interval(target):
    with pytest.raises(ValueError, match=r"target must lie in \[0, 1\]"):
        L.binary_cross_entropy_with_logits(np.zeros((2, 1)),
                                           np.array(target))


def test_bce_nan_target_raises():
    with pytest.raises(ValueError, match="target"):
        L.binary_cross_entropy_with_logits(np.zeros((2, 1)),
                                           np.array([[0.0], [np.nan]]))


@pytest.mark.parametrize("loss_fn, name", [
    (L.mse, "pred"), (L.binary_cross_entropy_with_logits, "logits"),
    (L.softmax_cross_entropy, "logits")])
@pytest.mark.parametrize("bad", [np.array([["0.5", "1"]]),
                                 np.zeros((1, 2), complex),
                                 np.array([[None, 1.0]])])
def test_non_real_predictions_raise_type_error_naming_them(loss_fn, name,
                                                          bad):
    with pytest.raises(TypeError, match=f"{name} must hold real numbers"):
        loss_fn(bad, np.array([0]))


@pytest.mark.parametrize("loss_fn", REGRESSION_LIKE)
@pytest.mark.parametrize("bad", [np.array([["1"], ["0"]]),
                                 np.array([[1j], [0]])])
def test_non_real_target_raises_type_error(loss_fn, bad):
    with pytest.raises(TypeError, match="target must hold real numbers"):
        loss_fn(np.zeros((2, 1)), bad)
