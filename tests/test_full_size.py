"""The full-size path of the digits chapter, scripts/full_size.py, run on a
small stratified subset of the real Fashion-MNIST files so that it takes
seconds, and the record of its full run, which the chapter shows. The quick
run is skipped when Debian's dataset-fashion-mnist files are absent."""

import importlib.util
import json
import math
from pathlib import Path

import pytest
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "full_size.py"
DATA = Path("/usr/share/datasets/fashion-mnist")
RESULT = ROOT / "scripts" / "results" / "fashion_mnist_full.json"
KEYS = {"command", "dataset", "data_folder", "date_utc", "versions", "seeds",
        "n_train", "n_val", "n_test", "model", "grid", "configs", "chosen",
        "test_correct", "test_accuracy", "test_accuracy_se",
        "test_ece_10_bins", "test_reliability_10_bins", "knn",
        "mcnemar_mlp_vs_knn"}


def _script():
    spec = importlib.util.spec_from_file_location("full_size", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _se(p, n):
    return math.sqrt(p * (1 - p) / n)


def _check_record(result, n_test):
    assert KEYS <= set(result)
    assert result["n_test"] == n_test
    assert result["test_correct"] / n_test == pytest.approx(
        result["test_accuracy"])
    assert result["test_accuracy_se"] == pytest.approx(
        _se(result["test_accuracy"], n_test))
    assert set(result["versions"]) >= {"python", "numpy", "nnmath"}

    # Each configuration ran its fixed number of epochs; the kept weights
    # are those of the epoch with the highest validation accuracy.
    for config in result["configs"]:
        curve = config["val_accuracy_per_epoch"]
        assert config["epochs_run"] == result["model"]["epochs"]
        assert len(curve) == len(config["val_loss_per_epoch"]) \
            == config["epochs_run"]
        assert 1 <= config["best_epoch"] <= config["epochs_run"]
        assert curve[config["best_epoch"] - 1] == max(curve)
        assert config["val_accuracy"] == pytest.approx(max(curve),
                                                       abs=1e-4)
    # The chosen configuration is the best on validation, not on test.
    best = max(c["val_accuracy"] for c in result["configs"])
    assert result["chosen"]["val_accuracy"] == best
    assert result["chosen"] in result["configs"]

    # The ECE agrees with the reliability bins it is computed from, and
    # the bins account for every test image and every right answer.
    bins = [b for b in result["test_reliability_10_bins"] if b["count"]]
    assert sum(b["count"] for b in bins) == n_test
    assert sum(b["count"] * b["accuracy"] for b in bins) == pytest.approx(
        result["test_correct"])
    ece = sum(b["count"] / n_test * abs(b["accuracy"] - b["confidence"])
              for b in bins)
    assert result["test_ece_10_bins"] == pytest.approx(ece)
    assert 0 <= result["test_ece_10_bins"] <= 1

    # k-NN: k chosen on validation accuracy (ties to the smaller k).
    knn = result["knn"]
    val = {int(k): v for k, v in knn["val_accuracy"].items()}
    assert sorted(val) == knn["k_grid"]
    assert knn["chosen_k"] == max(val, key=lambda k: (val[k], -k))
    assert knn["test_correct"] / n_test == pytest.approx(
        knn["test_accuracy"])
    assert knn["test_accuracy_se"] == pytest.approx(
        _se(knn["test_accuracy"], n_test))

    # McNemar: the discordant counts fit both accuracies, and the p-value
    # is the exact binomial test of them.
    mcn = result["mcnemar_mlp_vs_knn"]
    b, c = mcn["a_right_b_wrong"], mcn["a_wrong_b_right"]
    assert result["test_correct"] - knn["test_correct"] == b - c
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
    assert result["model"]["epochs"] == 2
    # two epochs on 1,800 images: far above chance (0.1), far below the
    # full run
    assert 0.5 < result["test_accuracy"] < 0.87


def test_recorded_full_run():
    """The record the chapter shows: full size, past scikit-learn's
    MLPClassifier in the data set's benchmark (about 88%), and above the
    tuned k-NN baseline by a significant margin."""
    result = json.loads(RESULT.read_text())
    _check_record(result, n_test=10000)
    assert result["dataset"] == "fashion-mnist"
    assert (result["n_train"], result["n_val"]) == (54000, 6000)
    assert "--limit" not in result["command"]
    assert result["test_accuracy"] >= 0.89
    assert result["test_accuracy"] > result["knn"]["test_accuracy"]
    assert result["mcnemar_mlp_vs_knn"]["p_value"] < 1e-6
