"""Metrics, all (pred, target): against hand counts, brute-force loops,
and bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnmath as nn
from nnmath.metrics import (accuracy, classification_report,
                            confusion_matrix, mae, precision_recall_f1, rmse,
                            _scores_from_confusion)

TARGET = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
PRED = np.array([0, 1, 0, 1, 1, 2, 0, 2, 1])
# Counted by hand: rows are true classes, columns predicted ones.
#   true 0: predicted 0, 1, 0       -> [2, 1, 0]
#   true 1: predicted 1, 1          -> [0, 2, 0]
#   true 2: predicted 2, 0, 2, 1    -> [1, 1, 2]
CM = np.array([[2, 1, 0],
               [0, 2, 0],
               [1, 1, 2]])


def test_confusion_matrix_by_hand():
    cm = confusion_matrix(PRED, TARGET)
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(cm, CM)


def test_confusion_matrix_rows_are_targets_columns_predictions():
    # Asymmetric: swapping the arguments transposes the matrix.
    pred, target = np.array([1, 1, 1]), np.array([0, 0, 0])
    cm = confusion_matrix(pred, target)
    np.testing.assert_array_equal(cm, [[0, 3], [0, 0]])  # cm[0, 1] = 3
    np.testing.assert_array_equal(confusion_matrix(target, pred),
                                  [[0, 0], [3, 0]])


def test_precision_and_recall_follow_the_argument_order():
    # Every sample predicted as class 1, truly class 0 or 1.
    pred, target = np.array([1, 1, 1, 1]), np.array([0, 0, 0, 1])
    precision, recall, _, support = precision_recall_f1(pred, target)
    # Class 1: predicted 4 times, right once; present once, found once.
    assert precision[1] == 0.25 and recall[1] == 1.0
    assert precision[0] == 0.0 and recall[0] == 0.0
    np.testing.assert_array_equal(support, [3, 1])  # true samples per class


def brute_force_counts(pred, target, k):
    counts = np.zeros((k, k), dtype=np.int64)
    for p, t in zip(pred, target):
        counts[t, p] += 1
    return counts


pairs = st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.just(k),
    st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)),
             min_size=1, max_size=40)))


@given(pairs)
def test_confusion_matrix_matches_a_loop(case):
    k, rows = case
    pred, target = np.array(rows).T
    np.testing.assert_array_equal(confusion_matrix(pred, target, n_classes=k),
                                  brute_force_counts(pred, target, k))


@given(pairs)
def test_precision_recall_f1_match_a_loop(case):
    k, rows = case
    pred, target = np.array(rows).T
    precision, recall, f1, support = precision_recall_f1(pred, target, k)
    for c in range(k):
        tp = sum(1 for p, t in zip(pred, target) if p == c and t == c)
        predicted = sum(1 for p in pred if p == c)
        present = sum(1 for t in target if t == c)
        p_c = tp / predicted if predicted else 0.0
        r_c = tp / present if present else 0.0
        f_c = 2 * p_c * r_c / (p_c + r_c) if p_c + r_c else 0.0
        assert precision[c] == pytest.approx(p_c, rel=1e-15)
        assert recall[c] == pytest.approx(r_c, rel=1e-15)
        assert f1[c] == pytest.approx(f_c, rel=1e-12)
        assert support[c] == present


def test_n_classes_pads_classes_never_seen():
    cm = confusion_matrix([1, 1], [0, 1], n_classes=4)
    assert cm.shape == (4, 4)
    assert cm.sum() == 2 and cm[0, 1] == 1 and cm[1, 1] == 1


def test_n_classes_defaults_to_the_largest_id_in_either_argument():
    assert confusion_matrix([3, 0], [0, 0]).shape == (4, 4)
    assert confusion_matrix([0, 0], [0, 3]).shape == (4, 4)


def test_precision_recall_f1_by_hand():
    precision, recall, f1, support = precision_recall_f1(PRED, TARGET)
    # Columns of CM: predicted 3, 4, 2 times; diagonal 2, 2, 2.
    np.testing.assert_allclose(precision, [2 / 3, 2 / 4, 2 / 2])
    # Rows of CM: 3, 2, 4 true samples.
    np.testing.assert_allclose(recall, [2 / 3, 2 / 2, 2 / 4])
    np.testing.assert_allclose(f1, [2 / 3, 2 * 0.5 / 1.5, 2 * 0.5 / 1.5])
    np.testing.assert_array_equal(support, [3, 2, 4])
    assert support.dtype == np.int64


def test_scores_from_confusion_by_hand():
    precision, recall, f1, support = _scores_from_confusion(CM)
    np.testing.assert_allclose(precision, [2 / 3, 2 / 4, 2 / 2])
    np.testing.assert_allclose(recall, [2 / 3, 2 / 2, 2 / 4])
    np.testing.assert_allclose(f1, [2 / 3, 2 / 3, 2 / 3])
    np.testing.assert_array_equal(support, [3, 2, 4])
    # A list of lists works as well as an array.
    np.testing.assert_array_equal(_scores_from_confusion(CM)[0],
                                  precision)


def test_a_class_never_predicted_scores_zero_without_warnings():
    precision, recall, f1, support = precision_recall_f1([0, 0, 0],
                                                         [0, 1, 2])
    np.testing.assert_allclose(precision, [1 / 3, 0, 0])
    np.testing.assert_allclose(recall, [1, 0, 0])
    np.testing.assert_allclose(f1, [0.5, 0, 0])
    np.testing.assert_array_equal(support, [1, 1, 1])


def test_a_class_never_present_scores_zero_recall():
    precision, recall, f1, support = precision_recall_f1([0, 1], [0, 0],
                                                         n_classes=3)
    np.testing.assert_allclose(precision, [1, 0, 0])
    np.testing.assert_allclose(recall, [0.5, 0, 0])
    np.testing.assert_array_equal(support, [2, 0, 0])


# --- classification_report -------------------------------------------------

def test_classification_report_rows_and_averages():
    report = classification_report(PRED, TARGET, target_names=["a", "b", "c"])
    lines = report.splitlines()
    assert lines[0] == "| class | precision | recall | F1 | support |"
    assert lines[1] == "|---|---:|---:|---:|---:|"
    assert lines[2] == "| a | 0.667 | 0.667 | 0.667 | 3 |"
    # Precision 2/4 and recall 2/2 for b: swapped arguments would swap
    # them.
    assert lines[3] == "| b | 0.500 | 1.000 | 0.667 | 2 |"
    assert lines[4] == "| c | 1.000 | 0.500 | 0.667 | 4 |"
    assert lines[5] == "| accuracy | | | 0.667 | 9 |"
    macro_p = np.mean([2 / 3, 0.5, 1.0])
    macro_r = np.mean([2 / 3, 1.0, 0.5])
    assert lines[6] == (f"| macro avg | {macro_p:.3f} | {macro_r:.3f} | "
                        "0.667 | 9 |")
    weighted_p = (3 * 2 / 3 + 2 * 0.5 + 4 * 1.0) / 9
    weighted_r = (3 * 2 / 3 + 2 * 1.0 + 4 * 0.5) / 9
    assert lines[7] == (f"| weighted avg | {weighted_p:.3f} | "
                        f"{weighted_r:.3f} | 0.667 | 9 |")
    assert len(lines) == 8


def test_classification_report_default_names_and_digits():
    report = classification_report([0, 1, 1], [0, 1, 0], digits=np.int64(2))
    lines = report.splitlines()
    assert lines[2] == "| 0 | 1.00 | 0.50 | 0.67 | 2 |"
    assert lines[3] == "| 1 | 0.50 | 1.00 | 0.67 | 1 |"


def test_classification_report_n_classes_adds_empty_rows():
    lines = classification_report([0, 1], [0, 1], n_classes=3).splitlines()
    assert lines[4] == "| 2 | 0.000 | 0.000 | 0.000 | 0 |"


def test_classification_report_names_must_cover_every_class():
    with pytest.raises(ValueError, match="name all 3 classes, got 2"):
        classification_report(PRED, TARGET, target_names=["a", "b"],
                               n_classes=3)


@pytest.mark.parametrize("digits, exc", [
    (0, ValueError), (-1, ValueError), ("3", TypeError), (2.0, TypeError),
    (None, TypeError), (True, TypeError)])
def test_classification_report_bad_digits(digits, exc):
    with pytest.raises(exc, match="digits must be a positive integer"):
        classification_report(PRED, TARGET, digits=digits)


# --- accuracy --------------------------------------------------------------

@pytest.mark.parametrize("pred, target, kwargs, expected", [
    (np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]),
     [1, 0, 0, 0], {}, 0.75),
    (np.array([[2.0, 1.0, 3.0], [0.0, 5.0, 1.0]]), [2, 2], {}, 0.5),
    (np.array([[0.7], [0.2], [0.55], [0.4]]), [1, 0, 0, 1], {}, 0.5),
    (np.array([[0.7], [0.2], [0.55], [0.4]]), [1, 0, 1, 1],
     {"threshold": 0.3}, 1.0),
    (np.array([[0.7], [0.2], [0.55], [0.4]]), [1, 0, 1, 1],
     {"threshold": np.float32(0.3)}, 1.0),
    (np.array([-1.0, 2.0, 0.5]), [0, 1, 0], {"threshold": 0.0}, 2 / 3),
    (np.array([0, 2, 1, 1]), [0, 2, 2, 1], {}, 0.75),
    (np.array([0, 2, 1, 1]), np.array([[0], [2], [2], [1]]), {}, 0.75),
    (np.array([0, 2, 1, 1]), np.array([0.0, 2.0, 2.0, 1.0]), {}, 0.75),
])
def test_accuracy(pred, target, kwargs, expected):
    got = accuracy(pred, target, **kwargs)
    assert type(got) is float
    assert got == pytest.approx(expected, rel=1e-15)


def test_accuracy_takes_pred_first():
    # Scores first, labels second: the other way round is refused.
    scores = np.array([[0.9, 0.1], [0.2, 0.8]])
    assert accuracy(scores, [0, 1]) == 1.0
    with pytest.raises(TypeError, match="target must be integer class ids"):
        accuracy([0, 1], scores)


def test_accuracy_agrees_with_the_confusion_matrix(rng):
    scores = rng.normal(size=(50, 4))
    target = rng.integers(0, 4, 50)
    cm = confusion_matrix(np.argmax(scores, axis=1), target, n_classes=4)
    assert accuracy(scores, target) == pytest.approx(np.trace(cm) / 50,
                                                     rel=1e-15)


def test_accuracy_is_exported_by_the_package():
    assert nn.accuracy is accuracy


@pytest.mark.parametrize("pred, target, words", [
    (np.zeros((3, 2)), [0, 1], "pred has 3 rows but target has 2"),
    (np.zeros((2, 2, 2)), [0, 1], r"pred must be \(N, K\) scores"),
    (np.zeros((2, 2)), np.zeros((2, 2)), r"target must have shape \(N,\)"),
])
def test_accuracy_bad_input(pred, target, words):
    with pytest.raises(ValueError, match=words):
        accuracy(pred, target)


@pytest.mark.parametrize("pred", [np.array(["a", "b"]), None, "ab"])
def test_accuracy_pred_of_the_wrong_kind(pred):
    with pytest.raises(TypeError, match="pred must hold scores or class ids"):
        accuracy(pred, [0, 1])


@pytest.mark.parametrize("target", [[0.5, 1.0], ["0", "1"]])
def test_accuracy_target_must_be_class_ids(target):
    with pytest.raises(TypeError, match="target must be integer class ids"):
        accuracy(np.zeros((2, 2)), np.array(target))
@pytest.mark.parametrize("threshold", ["0.5", None, [0.5]])
def test_accuracy_threshold_must_be_a_number(threshold):
    with pytest.raises(TypeError, match="threshold"):
        accuracy(np.array([0.2, 0.7]), [0, 1], threshold=threshold)


def test_accuracy_of_nothing_raises():
    with pytest.raises(ValueError, match="empty"):
        accuracy(np.zeros((0, 2)), np.zeros(0, dtype=int))


# --- bad class ids ---------------------------------------------------------

@pytest.mark.parametrize("pred, target, exc, match", [
    ([0, 1], [0, 1, 2], ValueError,
     r"pred and target must have the same shape \(N,\), got \(2,\) and "
     r"\(3,\)"),
    ([], [], ValueError, "empty"),
    ([0, 1.5], [0, 1], TypeError, "pred must be integer class ids"),
    ([0, 1], [0, 1.5], TypeError, "target must be integer class ids"),
    (["a", "b"], [0, 1], TypeError, "pred must be integer class ids"),
    ([True, False], [0, 1], TypeError, "pred must be integer class ids"),
    ([0, 1], [0, np.nan], TypeError, "target must be integer class ids"),
    ([0, -1], [0, 1], ValueError, "pred must be >= 0"),
    ([0, 1], [-2, 1], ValueError, "target must be >= 0"),
    ([[0, 1]], [[0, 1]], ValueError, r"pred must have shape \(N,\)"),
])
def test_bad_class_ids(pred, target, exc, match):
    with pytest.raises(exc, match=match):
        confusion_matrix(pred, target)
    with pytest.raises(exc, match=match):
        precision_recall_f1(pred, target)
    with pytest.raises(exc, match=match):
        classification_report(pred, target)


@pytest.mark.parametrize("pred, target, name", [
    ([0, 2], [0, 1], "pred"), ([0, 1], [2, 1], "target")])
def test_class_ids_beyond_n_classes(pred, target, name):
    with pytest.raises(ValueError, match=f"{name} must be < 2"):
        confusion_matrix(pred, target, n_classes=2)


def test_n_classes_accepts_numpy_integers():
    cm = confusion_matrix([0, 1], [1, 1], n_classes=np.int64(3))
    assert cm.shape == (3, 3)


@pytest.mark.parametrize("n_classes, exc", [
    (0, ValueError), (-2, ValueError), ("3", TypeError), (3.0, TypeError),
    (True, TypeError)])
def test_bad_n_classes(n_classes, exc):
    with pytest.raises(exc, match="n_classes must be a positive integer"):
        confusion_matrix([0, 1], [1, 1], n_classes=n_classes)
    with pytest.raises(exc, match="n_classes must be a positive integer"):
        precision_recall_f1([0, 1], [1, 1], n_classes=n_classes)


# --- regression errors -----------------------------------------------------

def test_rmse_and_mae_by_hand():
    pred, target = np.array([1.0, 2.0, 4.0]), np.array([1.0, 0.0, 1.0])
    assert rmse(pred, target) == pytest.approx(np.sqrt((0 + 4 + 9) / 3))
    assert mae(pred, target) == pytest.approx(5 / 3)
    assert rmse(target, target) == 0.0 and mae(target, target) == 0.0
    assert type(rmse(pred, target)) is float
    assert type(mae(pred, target)) is float


def test_rmse_and_mae_over_every_entry_of_2d_arrays():
    pred = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[0.0, 2.0], [3.0, 0.0]])
    assert rmse(pred, target) == pytest.approx(np.sqrt((1 + 16) / 4))
    assert mae(pred, target) == pytest.approx(5 / 4)


@pytest.mark.parametrize("metric", [rmse, mae])
def test_regression_errors_refuse_shapes_that_would_broadcast(metric):
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and "
                                         r"\(3, 1\)"):
        metric(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="empty"):
        metric([], [])


@pytest.mark.parametrize("metric", [rmse, mae])
@pytest.mark.parametrize("pred, target, name", [
    ([np.nan], [0.0], "pred"), ([0.0], [np.inf], "target")])
def test_regression_errors_name_the_non_finite_argument(metric, pred,
                                                        target, name):
    # The message names the argument, so the order (pred, target) shows.
    with pytest.raises(ValueError, match=f"{name} must be finite"):
        metric(pred, target)


@pytest.mark.parametrize("metric", [rmse, mae])
@pytest.mark.parametrize("pred, target, name", [
    (np.array(["1"]), [0.0], "pred"), ([0.0], np.array([1j]), "target")])
def test_regression_errors_refuse_non_real_data(metric, pred, target, name):
    with pytest.raises(TypeError, match=f"{name} must hold real numbers"):
        metric(pred, target)
