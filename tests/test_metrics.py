"""Metrics against hand-counted cases, brute-force loops, and bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnmath.metrics import classification_report, confusion_matrix, mae, precision_recall_f1, rmse

Y_TRUE = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
Y_PRED = np.array([0, 1, 0, 1, 1, 2, 0, 2, 1])


def test_confusion_matrix_by_hand():
    expected = np.array([[2, 1, 0],
                         [0, 2, 0],
                         [1, 1, 2]])
    cm = confusion_matrix(Y_TRUE, Y_PRED)
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(cm, expected)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.just(k), st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)), min_size=1, max_size=40))))
def test_confusion_matrix_matches_a_loop(case):
    k, pairs = case
    y_true, y_pred = np.array(pairs).T
    loop = np.zeros((k, k), dtype=np.int64)
    for t, p in pairs:
        loop[t, p] += 1
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, n_classes=k), loop)


def test_n_classes_pads_classes_never_seen():
    cm = confusion_matrix([0, 1], [1, 1], n_classes=4)
    assert cm.shape == (4, 4)
    assert cm.sum() == 2 and cm[0, 1] == 1 and cm[1, 1] == 1


def test_precision_recall_f1_by_hand():
    precision, recall, f1, support = precision_recall_f1(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(precision, [2 / 3, 2 / 4, 2 / 2])
    np.testing.assert_allclose(recall, [2 / 3, 2 / 2, 2 / 4])
    np.testing.assert_allclose(f1, [2 / 3, 2 * 0.5 * 1 / 1.5, 2 * 0.5 * 1 / 1.5])
    np.testing.assert_array_equal(support, [3, 2, 4])


def test_a_class_never_predicted_scores_zero_without_warnings():
    precision, recall, f1, support = precision_recall_f1([0, 1, 2], [0, 0, 0])
    np.testing.assert_allclose(precision, [1 / 3, 0, 0])
    np.testing.assert_allclose(recall, [1, 0, 0])
    assert np.all(np.isfinite(f1)) and f1[1] == 0


def test_classification_report_rows_and_averages():
    report = classification_report(Y_TRUE, Y_PRED, target_names=["a", "b", "c"])
    lines = report.splitlines()
    assert lines[0].startswith("| class | precision")
    assert lines[2] == "| a | 0.667 | 0.667 | 0.667 | 3 |"
    assert lines[5] == "| accuracy | | | 0.667 | 9 |"
    macro_f1 = np.mean([2 / 3, 2 / 3, 2 / 3])
    assert lines[6] == f"| macro avg | 0.722 | 0.722 | {macro_f1:.3f} | 9 |"
    weighted_p = (3 * 2 / 3 + 2 * 0.5 + 4 * 1.0) / 9
    assert lines[7].startswith(f"| weighted avg | {weighted_p:.3f} |")


def test_classification_report_names_must_cover_every_class():
    with pytest.raises(ValueError, match="name all 3 classes, got 2"):
        classification_report(Y_TRUE, Y_PRED, target_names=["a", "b"], n_classes=3)


@pytest.mark.parametrize("y_true, y_pred, exc, match", [
    ([0, 1, 2], [0, 1], ValueError, r"same shape \(N,\), got \(3,\) and \(2,\)"),
    ([], [], ValueError, "empty"),
    ([0, 1.5], [0, 1], TypeError, "integer class ids"),
    (["a", "b"], [0, 1], TypeError, "integer class ids"),
    ([0, -1], [0, 1], ValueError, ">= 0"),
    ([[0, 1]], [[0, 1]], ValueError, "1-D"),
])
def test_bad_labels(y_true, y_pred, exc, match):
    with pytest.raises(exc, match=match):
        confusion_matrix(y_true, y_pred)


def test_labels_beyond_n_classes():
    with pytest.raises(ValueError, match="must be < 2"):
        confusion_matrix([0, 2], [0, 1], n_classes=2)


def test_rmse_and_mae_by_hand():
    pred, target = np.array([1.0, 2.0, 4.0]), np.array([1.0, 0.0, 1.0])
    assert rmse(pred, target) == pytest.approx(np.sqrt((0 + 4 + 9) / 3))
    assert mae(pred, target) == pytest.approx(5 / 3)
    assert rmse(target, target) == 0.0
    assert isinstance(rmse(pred, target), float) and isinstance(mae(pred, target), float)


def test_rmse_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(3, 1\)"):
        rmse(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="empty"):
        mae([], [])
    with pytest.raises(ValueError, match="finite"):
        mae([np.nan], [0.0])
