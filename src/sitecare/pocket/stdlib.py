"""Trim Pyodide's standard library to what the domain, the views and Jinja2 use.

Measured by importing and running everything under the full library (``sys.modules`` after a
check, a suggestion and every page): the modules below are never imported, so they are left
out. The trimmed zip is stored uncompressed: the server's gzip or brotli then compresses
across files, which is smaller than the deflate of each file on its own.
"""

from __future__ import annotations

import io
import zipfile

#: top-level packages and modules never imported by pocket (or only by tools and servers)
EXCLUDED = frozenset(
    {
        "__phello__",
        "_aix_support.py",
        "_android_support.py",
        "_ios_support.py",
        "_markupbase.py",
        "_osx_support.py",
        "_pydecimal.py",
        "_pyio.py",
        "_pyrepl",
        "_strptime.py",
        "aifc.py",
        "bdb.py",
        "cProfile.py",
        "chunk.py",
        "cmd.py",
        "code.py",
        "compileall.py",
        "ctypes",
        "curses",
        "dbm",
        "doctest.py",
        "email",
        "ensurepip",
        "filecmp.py",
        "ftplib.py",
        "getopt.py",
        "getpass.py",
        "gettext.py",
        "http",
        "idlelib",
        "imaplib.py",
        "imghdr.py",
        "lib2to3",
        "mailbox.py",
        "mailcap.py",
        "mimetypes.py",
        "modulefinder.py",
        "multiprocessing",
        "netrc.py",
        "nntplib.py",
        "nturl2path.py",
        "optparse.py",
        "pdb.py",
        "pickletools.py",
        "plistlib.py",
        "poplib.py",
        "profile.py",
        "pstats.py",
        "pty.py",
        "py_compile.py",
        "pyclbr.py",
        "pydoc.py",
        "pydoc_data",
        "rlcompleter.py",
        "runpy.py",
        "sched.py",
        "shelve.py",
        "site-packages",
        "smtpd.py",
        "smtplib.py",
        "sndhdr.py",
        "socketserver.py",
        "sqlite3",
        "sunau.py",
        "symtable.py",
        "tabnanny.py",
        "tarfile.py",
        "telnetlib.py",
        "test",
        "timeit.py",
        "tkinter",
        "trace.py",
        "tracemalloc.py",
        "tty.py",
        "turtle.py",
        "turtledemo",
        "unittest",
        "uu.py",
        "venv",
        "wave.py",
        "webbrowser.py",
        "wsgiref",
        "xdrlib.py",
        "xml",
        "xmlrpc",
        "zipapp.py",
    }
)
EXCLUDED_FILES = frozenset(
    {
        # Windows, command-line mains, and modules whose only users are left out above
        "asyncio/windows_events.py",
        "asyncio/windows_utils.py",
        "asyncio/proactor_events.py",
        "asyncio/__main__.py",
        "asyncio/tools.py",
        "concurrent/futures/process.py",
        "json/tool.py",
        "logging/config.py",
        "logging/handlers.py",
        "sysconfig/__main__.py",
        "urllib/request.py",
        "urllib/robotparser.py",
        # the C module _datetime is built in: datetime never falls back to this
        "_pydatetime.py",
        "argparse.py",
        "configparser.py",
        "fileinput.py",
        "quopri.py",
    }
)
#: the codecs kept (the rest of ``encodings`` is a third of the library)
ENCODINGS = frozenset(
    {
        "__init__.py",
        "aliases.py",
        "ascii.py",
        "charmap.py",
        "cp1252.py",
        "cp437.py",
        "idna.py",
        "latin_1.py",
        "punycode.py",
        "raw_unicode_escape.py",
        "unicode_escape.py",
        "utf_16.py",
        "utf_16_be.py",
        "utf_16_le.py",
        "utf_32.py",
        "utf_8.py",
        "utf_8_sig.py",
    }
)


def keep(name: str) -> bool:
    """Is this member of the full standard library zip kept?"""
    top = name.split("/", 1)[0]
    if top in EXCLUDED or name in EXCLUDED_FILES or name.endswith("/"):
        return False
    if name.startswith(("tomllib/", "concurrent/interpreters/")):
        return False
    return not (top == "encodings" and name.rsplit("/", 1)[-1] not in ENCODINGS)


def trim_stdlib(full: bytes) -> bytes:
    """The trimmed library, as a stored (uncompressed) zip with fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            if keep(info.filename):
                member = zipfile.ZipInfo(info.filename, (2020, 1, 1, 0, 0, 0))
                member.external_attr = 0o644 << 16
                dst.writestr(member, src.read(info), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()
