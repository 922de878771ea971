"""The full-size path of the convolutional chapter, scripts/full_size_cnn.py,
run on a small stratified subset of the real Fashion-MNIST files so that it
takes seconds, and the record of its full run, which the chapter shows. The
quick run is skipped when Debian's dataset-fashion-mnist files are absent."""

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "full_size_cnn.py"
DATA = Path("/usr/share/datasets/fashion-mnist")
RESULT = ROOT / "scripts" / "results" / "fashion_mnist_cnn.json"
KEYS = {"command", "dataset", "data_folder", "date_utc", "versions", "seeds",
        "n_train", "n_val", "n_test", "model", "grid", "configs", "chosen",
        "test_correct", "test_accuracy", "test_accuracy_se",
        "test_confusion", "mlp", "mcnemar_cnn_vs_mlp", "seconds_total"}


def _script():
    spec = importlib.util.spec_from_file_location("full_size_cnn", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _se(p, n):
    return math.sqrt(p * (1 - p) / n)


def _check_configs(configs, chosen, epochs):
    """Each configuration ran its fixed number of epochs and kept the
    weights of its best validation epoch; the chosen one is the best on
    validation."""
    for config in configs:
        curve = config["val_accuracy_per_epoch"]
        assert config["epochs_run"] == epochs
        assert len(curve) == len(config["val_loss_per_epoch"]) \
            == len(config["train_loss_per_epoch"]) == epochs
        assert 1 <= config["best_epoch"] <= epochs
        assert curve[config["best_epoch"] - 1] == max(curve)
        assert config["val_accuracy"] == pytest.approx(max(curve),
                                                       abs=1e-4)
    assert chosen in configs
    assert chosen["val_accuracy"] == max(c["val_accuracy"] for c in configs)


def _check_record(result, n_test):
    assert KEYS <= set(result)
    assert result["n_test"] == n_test
    assert set(result["versions"]) >= {"python", "numpy", "nnmath"}
    assert result["test_correct"] / n_test == pytest.approx(
        result["test_accuracy"])
    assert result["test_accuracy_se"] == pytest.approx(
        _se(result["test_accuracy"], n_test))
    _check_configs(result["configs"], result["chosen"],
                   result["model"]["epochs"])
    assert result["grid"]["dropout"] == [c["dropout"]
                                         for c in result["configs"]]
    # The confusion matrix accounts for every test image and every right
    # answer.
    confusion = np.array(result["test_confusion"])
    assert confusion.shape == (10, 10)
    assert confusion.sum() == n_test
    assert np.trace(confusion) == result["test_correct"]

    mlp = result["mlp"]
    _check_configs(mlp["configs"], mlp["chosen"], mlp["epochs"])
    assert mlp["test_correct"] / n_test == pytest.approx(
        mlp["test_accuracy"])
    assert mlp["test_accuracy_se"] == pytest.approx(
        _se(mlp["test_accuracy"], n_test))

    # McNemar: the discordant counts fit both accuracies, and the p-value
    # is the exact binomial test of them.
    mcn = result["mcnemar_cnn_vs_mlp"]
    b, c = mcn["a_right_b_wrong"], mcn["a_wrong_b_right"]
    assert result["test_correct"] - mlp["test_correct"] == b - c
    assert mcn["p_value"] == pytest.approx(
        stats.binomtest(b, b + c, 0.5).pvalue if b + c else 1.0)


@pytest.mark.skipif(not DATA.is_dir(), reason="no Fashion-MNIST files")
def test_quick_run_writes_a_checked_record(tmp_path):
    out = tmp_path / "result.json"
    returned = _script().main(["--data", str(DATA), "--limit", "2000",
                               "--epochs", "2", "--out", str(out)])
    result = json.loads(out.read_text())
    assert result == json.loads(json.dumps(returned))
    _check_record(result, n_test=2000)
    assert result["n_train"] + result["n_val"] == 2000
    assert result["n_val"] == 200
    assert "--limit 2000" in result["command"]
    assert result["model"]["epochs"] == result["mlp"]["epochs"] == 2
    # two epochs on 1,800 images: far above chance (0.1), far below the
    # full run
    assert 0.5 < result["test_accuracy"] < 0.88


def test_recorded_full_run():
    """The record the chapter shows: full size, at the issue's target of
    91% test accuracy, and ahead of the MLP on the same test images by a
    significant margin."""
    result = json.loads(RESULT.read_text())
    _check_record(result, n_test=10000)
    assert result["dataset"] == "fashion-mnist"
    assert (result["n_train"], result["n_val"]) == (54000, 6000)
    assert "--limit" not in result["command"]
    assert "--epochs" not in result["command"]
    assert result["model"]["epochs"] == 15 and result["mlp"]["epochs"] == 30
    assert result["seeds"] == {"split": 0, "model": 0}
    assert result["test_accuracy"] >= 0.91
    assert result["test_accuracy"] > result["mlp"]["test_accuracy"]
    assert result["mcnemar_cnn_vs_mlp"]["p_value"] < 1e-6
