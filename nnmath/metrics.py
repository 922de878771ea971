"""Scoring predictions: confusion matrix, precision / recall / F1, and regression errors.

Classification metrics take integer class ids of shape (N,) for both the truth and the
prediction (turn scores into ids with ``np.argmax(scores, axis=1)`` first).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ._validation import as_float_array, as_labels, check_finite, positive_int

__all__ = ["confusion_matrix", "precision_recall_f1", "classification_report", "rmse", "mae"]


def _labels_pair(y_true, y_pred, n_classes: int | None) -> tuple[np.ndarray, np.ndarray, int]:
    if n_classes is not None:
        n_classes = positive_int(n_classes, "n_classes")
    y_true = as_labels(y_true, "y_true", n_classes)
    y_pred = as_labels(y_pred, "y_pred", n_classes)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape (N,), got {y_true.shape} and {y_pred.shape}")
    if y_true.size == 0:
        raise ValueError("y_true and y_pred are empty: there is nothing to score")
    k = n_classes if n_classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    return y_true, y_pred, k


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]`` of samples of true class ``i`` predicted as class ``j``.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (N,)
    n_classes : int or None
        K; defaults to one more than the largest id seen.

    Returns
    -------
    ndarray of int64, shape (K, K)
        Rows are true classes, columns predicted ones; the diagonal holds the correct predictions.
    """
    y_true, y_pred, k = _labels_pair(y_true, y_pred, n_classes)
    # Each (true, predicted) pair is one cell of a K*K grid: count them all in one pass.
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k).astype(np.int64)


def precision_recall_f1(y_true, y_pred, n_classes: int | None = None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-class precision ``C_kk / sum_i C_ik``, recall ``C_kk / sum_j C_kj`` and their harmonic mean.

    A class never predicted has precision 0, one never present has recall 0 (no division by zero).

    Returns
    -------
    precision, recall, f1 : ndarray of float64, shape (K,)
    support : ndarray of int64, shape (K,)
        Number of true samples of each class.
    """
    return _scores(confusion_matrix(y_true, y_pred, n_classes))


def _scores(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall, F1 and support of each class from a confusion matrix (K, K)."""
    tp = np.diag(cm).astype(np.float64)
    predicted, support = cm.sum(axis=0), cm.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    total = precision + recall
    f1 = np.divide(2 * precision * recall, total, out=np.zeros_like(tp), where=total > 0)
    return precision, recall, f1, support


def classification_report(y_true, y_pred, *, target_names: Sequence[str] | None = None, n_classes: int | None = None,
                          digits: int = 3) -> str:
    """A Markdown table of per-class precision, recall, F1 and support, then accuracy and averages.

    The macro average weighs every class equally; the weighted average weighs each by its support.
    Show it in a notebook with ``IPython.display.Markdown(report)``.
    """
    digits = positive_int(digits, "digits")
    if target_names is not None and n_classes is None:
        n_classes = len(target_names)
    cm = confusion_matrix(y_true, y_pred, n_classes)
    precision, recall, f1, support = _scores(cm)
    k = support.size
    names = [str(name) for name in target_names] if target_names is not None else [str(c) for c in range(k)]
    if len(names) != k:
        raise ValueError(f"target_names must name all {k} classes, got {len(names)} names")
    n = int(support.sum())
    acc = float(np.trace(cm)) / n

    def row(name: str, *values: float, count: int) -> str:
        return "| " + " | ".join([name, *(f"{v:.{digits}f}" for v in values), str(count)]) + " |"

    lines = ["| class | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    lines += [row(names[c], precision[c], recall[c], f1[c], count=int(support[c])) for c in range(k)]
    lines.append(f"| accuracy | | | {acc:.{digits}f} | {n} |")
    weights = support / n
    lines.append(row("macro avg", precision.mean(), recall.mean(), f1.mean(), count=n))
    lines.append(row("weighted avg", float(precision @ weights), float(recall @ weights), float(f1 @ weights),
                     count=n))
    return "\n".join(lines)


def _regression_pair(pred, target) -> tuple[np.ndarray, np.ndarray]:
    pred, target = as_float_array(pred, "pred"), as_float_array(target, "target")
    if pred.shape != target.shape:
        # (N,) against (N, 1) would broadcast to (N, N) and give a silently wrong error.
        raise ValueError(f"pred and target must have the same shape, got {pred.shape} and {target.shape}")
    if pred.size == 0:
        raise ValueError("pred and target are empty: there is nothing to score")
    check_finite(pred, "pred")
    check_finite(target, "target")
    return pred, target


def rmse(pred, target) -> float:
    """Root mean squared error ``sqrt(mean((pred - target)^2))`` over all entries, same shapes."""
    pred, target = _regression_pair(pred, target)
    return float(np.sqrt(np.mean((pred - target) ** 2)))


def mae(pred, target) -> float:
    """Mean absolute error ``mean(|pred - target|)`` over all entries, same shapes."""
    pred, target = _regression_pair(pred, target)
    return float(np.mean(np.abs(pred - target)))
