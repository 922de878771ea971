"""Scoring predictions: accuracy, the confusion matrix, precision, recall
and F1, and regression errors.

Every metric takes ``(pred, target)``, in that order, like the losses.
The classification metrics other than ``accuracy`` take class ids of shape
(N,) for both (turn scores into ids with ``np.argmax(scores, axis=1)``).
Used in the book chapters of Part III.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (check_array, check_finite, check_labels,
                          check_positive_int, check_real)

__all__ = ["accuracy", "confusion_matrix", "precision_recall_f1",
           "classification_report", "rmse", "mae"]


def accuracy(pred: ArrayLike, target: ArrayLike, *,
             threshold: float = 0.5) -> float:
    """Fraction of correct predictions.

    Parameters
    ----------
    pred : ndarray
        (N, K) with K > 1: class scores (logits or probabilities); the
        class is the argmax. (N,) or (N, 1) floats: one score per sample;
        the class is ``score > threshold`` (``threshold=0.0`` for logits,
        0.5 for probabilities). (N,) integers: class ids.
    target : array_like of int, shape (N,) (or (N, 1))
    threshold : float

    Returns
    -------
    float in [0, 1]
    """
    threshold = check_real(threshold, "threshold")
    pred = np.asarray(pred)
    if pred.dtype.kind not in "biuf":
        raise TypeError(f"pred must hold scores or class ids, got dtype "
                        f"{pred.dtype}")
    target = np.asarray(target)
    if target.ndim == 2 and target.shape[1] == 1:
        target = target[:, 0]
    target = check_labels(target, "target")
    if target.size == 0:
        raise ValueError("pred and target are empty: nothing to score")
    if pred.ndim == 2 and pred.shape[1] > 1:
        classes = np.argmax(pred, axis=1)
    elif pred.ndim in (1, 2) and pred.dtype.kind == "f":
        classes = (pred.reshape(-1) > threshold).astype(np.int64)
    elif pred.ndim == 1 and pred.dtype.kind in "biu":
        classes = pred
    else:
        raise ValueError("pred must be (N, K) scores, (N,) or (N, 1) "
                         "scores, or (N,) class ids; got shape "
                         f"{pred.shape} and dtype {pred.dtype}")
    if classes.shape[0] != target.shape[0]:
        raise ValueError(f"pred has {classes.shape[0]} rows but target has "
                         f"{target.shape[0]}")
    return float(np.mean(classes == target))


def confusion_matrix(pred: ArrayLike, target: ArrayLike,
                     n_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]`` of samples of true class i predicted as class j.

    Parameters
    ----------
    pred, target : array_like of int, shape (N,)
        Predicted and true class ids.
    n_classes : int or None
        K; defaults to one more than the largest id seen.

    Returns
    -------
    ndarray of int64, shape (K, K)
        Rows are true classes, columns predicted ones; the diagonal holds
        the correct predictions.
    """
    if n_classes is not None:
        n_classes = check_positive_int(n_classes, "n_classes")
    pred = check_labels(pred, "pred", n_classes)
    target = check_labels(target, "target", n_classes)
    if pred.shape != target.shape:
        raise ValueError(f"pred and target must have the same shape (N,), "
                         f"got {pred.shape} and {target.shape}")
    if target.size == 0:
        raise ValueError("pred and target are empty: nothing to count")
    k = n_classes
    if k is None:
        k = int(max(target.max(), pred.max())) + 1
    # Each (true, predicted) pair is one cell of a K x K grid: count all
    # of them in one pass.
    cells = np.bincount(target * k + pred, minlength=k * k)
    return cells.reshape(k, k).astype(np.int64)


def precision_recall_f1(pred: ArrayLike, target: ArrayLike,
                        n_classes: int | None = None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                   np.ndarray]:
    """Per-class precision C_kk / sum_i C_ik, recall C_kk / sum_j C_kj and
    F1 (their harmonic mean) of class ids of shape (N,).

    A class never predicted has precision 0, a class never present has
    recall 0 (no division by zero).

    Returns
    -------
    precision, recall, f1 : ndarray of float64, shape (K,)
    support : ndarray of int64, shape (K,)
        The number of true samples of each class.
    """
    return _scores_from_confusion(confusion_matrix(pred, target, n_classes))


def _scores_from_confusion(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                   np.ndarray, np.ndarray]:
    """Precision, recall, F1 and support of each class from a confusion
    matrix (K, K) of ``confusion_matrix``, so that a report counts once."""
    tp = np.diag(cm).astype(np.float64)
    predicted = cm.sum(axis=0)
    support = cm.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp),
                          where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp),
                       where=support > 0)
    total = precision + recall
    f1 = np.divide(2 * precision * recall, total, out=np.zeros_like(tp),
                   where=total > 0)
    return precision, recall, f1, support


def classification_report(pred: ArrayLike, target: ArrayLike, *,
                          target_names: Sequence[str] | None = None,
                          n_classes: int | None = None,
                          digits: int = 3) -> str:
    """A Markdown table of each class's precision, recall, F1 and support,
    then the accuracy and the macro and weighted averages.

    The macro average weighs every class equally; the weighted average
    weighs each by its support. Show it in a notebook with
    ``IPython.display.Markdown(report)``.
    """
    digits = check_positive_int(digits, "digits")
    if isinstance(target_names, str):
        raise TypeError("target_names must be a sequence of names, one per "
                        f"class, got the string {target_names!r}")
    if target_names is not None and n_classes is None:
        n_classes = len(target_names)
    cm = confusion_matrix(pred, target, n_classes)
    precision, recall, f1, support = _scores_from_confusion(cm)
    k = support.size
    if target_names is None:
        target_names = [str(c) for c in range(k)]
    names = [str(name) for name in target_names]
    if len(names) != k:
        raise ValueError(f"target_names must name all {k} classes, got "
                         f"{len(names)} names")
    n = int(support.sum())
    correct = int(np.trace(cm))

    def row(name: str, *values: float, count: int) -> str:
        cells = [name] + [f"{v:.{digits}f}" for v in values] + [str(count)]
        return "| " + " | ".join(cells) + " |"

    lines = ["| class | precision | recall | F1 | support |",
             "|---|---:|---:|---:|---:|"]
    for c in range(k):
        lines.append(row(names[c], precision[c], recall[c], f1[c],
                         count=int(support[c])))
    lines.append(f"| accuracy | | | {correct / n:.{digits}f} | {n} |")
    lines.append(row("macro avg", precision.mean(), recall.mean(),
                     f1.mean(), count=n))
    w = support / n
    lines.append(row("weighted avg", float(precision @ w),
                     float(recall @ w), float(f1 @ w), count=n))
    return "\n".join(lines)


def _regression_pair(pred: ArrayLike, target: ArrayLike
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Finite float arrays of one shape; (N,) against (N, 1) is refused,
    as broadcasting would give an (N, N) error, silently wrong."""
    pred = check_array(pred, "pred")
    target = check_array(target, "target")
    if pred.shape != target.shape:
        raise ValueError(f"pred and target must have the same shape, got "
                         f"{pred.shape} and {target.shape}")
    if pred.size == 0:
        raise ValueError("pred and target are empty: nothing to score")
    check_finite(pred, "pred")
    check_finite(target, "target")
    return pred, target


def rmse(pred: ArrayLike, target: ArrayLike) -> float:
    """Root mean squared error sqrt(mean((pred - target)^2)) over all
    entries of two arrays of one shape."""
    pred, target = _regression_pair(pred, target)
    return float(np.sqrt(np.mean((pred - target) ** 2)))


def mae(pred: ArrayLike, target: ArrayLike) -> float:
    """Mean absolute error mean(abs(pred - target)) over all entries of two
    arrays of one shape."""
    pred, target = _regression_pair(pred, target)
    return float(np.mean(np.abs(pred - target)))
