"""The pinned Pyodide runtime: fetched once from the npm registry, checked, cached.

Pocket never loads anything from a CDN: the build copies the runtime into the site it writes.
The tarball is the npm package itself (``npm view pyodide@VERSION dist.tarball``), checked
against the registry's sha512 integrity pinned here, and kept in the user's cache folder so
every build after the first works offline.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitecare.domain.errors import SitecareError

#: the pinned runtime (``npm view pyodide@314.0.8 dist.integrity``); CPython 3.14 inside
PYODIDE_VERSION = "314.0.8"
PYODIDE_INTEGRITY = (
    "sha512-"
    "74Wq1kXOC+CCEzAfxuRAO701nAcCMLjf8NrwvWpu8S41dVMXwXmLQ05dYB+F4e46AdnGo0oq7YHSVUpHsoarLQ=="
)
PYODIDE_PYTHON = (3, 14)
REGISTRY = "https://registry.npmjs.org"
#: the files of the package the site needs (the rest are types, maps and demo pages)
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)


class PocketError(SitecareError):
    """Pocket cannot be built: the runtime could not be fetched, or did not match its hash."""


@dataclass(frozen=True)
class Runtime:
    version: str
    files: dict[str, bytes]


def tarball_name(version: str = PYODIDE_VERSION) -> str:
    return f"pyodide-{version}.tgz"


def check_integrity(data: bytes, integrity: str = PYODIDE_INTEGRITY) -> bool:
    """Does ``data`` match an npm ``sha512-<base64>`` integrity string?"""
    algo, _, digest = integrity.partition("-")
    if algo != "sha512":
        return False
    return base64.b64encode(hashlib.sha512(data).digest()).decode() == digest


def _download(version: str) -> bytes:
    url = f"{REGISTRY}/pyodide/-/{tarball_name(version)}"
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 - fixed https URL
            return bytes(answer.read())
    except OSError as first:
        npm = shutil.which("npm")
        if npm is None:
            raise PocketError(
                f"Cannot fetch Pyodide {version} from the npm registry: {first}.",
                hint="Connect to the internet once: later builds use the cached copy.",
            ) from None
        with tempfile.TemporaryDirectory() as tmp:  # npm knows the configured registry/proxy
            done = subprocess.run(
                [npm, "pack", f"pyodide@{version}", "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                timeout=300,
            )
            path = Path(tmp) / tarball_name(version)
            if done.returncode != 0 or not path.is_file():
                raise PocketError(
                    f"Cannot fetch Pyodide {version} from the npm registry: {first}; "
                    f"npm pack said: {done.stderr.strip()[-300:]}",
                    hint="Connect to the internet once: later builds use the cached copy.",
                ) from None
            return path.read_bytes()


def fetch_tarball(cache_dir: Path, *, offline: bool = False) -> bytes:
    """The pinned tarball, from the cache or the registry; its hash is checked either way."""
    cached = cache_dir / tarball_name()
    if cached.is_file():
        data = cached.read_bytes()
        if check_integrity(data):
            return data
        cached.unlink()  # a damaged or foreign file: fetch it again
    if offline:
        raise PocketError(
            f"Pyodide {PYODIDE_VERSION} is not in the cache ({cache_dir}) and fetching is off."
        )
    data = _download(PYODIDE_VERSION)
    if not check_integrity(data):
        raise PocketError(
            f"The Pyodide {PYODIDE_VERSION} tarball from the registry does not match its pinned "
            "sha512 hash: it was not used."
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    part = cached.with_name(f"{cached.name}.{os.getpid()}.part")  # a name of this process's own
    part.write_bytes(data)
    part.replace(cached)
    return data


@contextmanager
def cache_lock(cache_dir: Path) -> Iterator[None]:
    """One pocket build at a time over ``cache_dir`` (workers of one server, test workers):
    the second waits, then finds the runtime, the compiled zips and the compressed files in the
    cache instead of writing them at the same moment. Where ``fcntl`` is missing (Windows),
    builds do not wait; each still writes its files under names of its own first."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        yield
        return
    with (cache_dir / "pocket-build.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def load_runtime(cache_dir: Path, *, offline: bool = False) -> Runtime:
    """The runtime files the site needs, read from the checked tarball."""
    data = fetch_tarball(cache_dir, offline=offline)
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if name in RUNTIME_FILES and member.isfile():
                extracted = tar.extractfile(member)
                assert extracted is not None
                files[name] = extracted.read()
    missing = [n for n in RUNTIME_FILES if n not in files]
    if missing:
        raise PocketError(f"The Pyodide tarball lacks {', '.join(missing)}.")
    return Runtime(PYODIDE_VERSION, files)
