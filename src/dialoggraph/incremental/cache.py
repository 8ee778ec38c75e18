"""The cache folder beside the output (``.site.cache/`` next to ``site/``, never inside it):
what the last build read and wrote, for the next build to reuse.

* ``manifest.json`` — the cache's format, the engine and settings it was made with, the output
  folder it describes (device and inode: the folder the build swapped in), every input file's
  SHA-256 (of the bytes the build read), a fingerprint of the data;
* ``outputs.bin`` — every file of the output with its inode, size and modification time;
* ``tables/`` — the snapshot of the tables pages read (:mod:`.tables`), a file per table and
  ``index.bin`` with each table's digest: a table as it was is linked from the last cache, and
  only tables whose digest changed are read back and compared entry by entry;
* ``reads/`` — what each page read (:mod:`.records`);
* ``result.pickle`` — the graph's summary and the validation report (what a build reports).

A build writes the next cache into a folder of its own and swaps it in after the output (two
renames); a crash at any point leaves either no cache, or a cache that describes another output
folder — both mean a clean build. Anything unexpected in a cache (another format, a missing or
unreadable file, an output file changed since) is a reason to ignore it, which the build says.
Another engine, other settings or another ontology make the cache *stale*: nothing of it is
reused but its output listing (a file that comes out the same keeps its inode).
"""

from __future__ import annotations

import json
import marshal
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from dialoggraph.config import Settings

from .tables import file_name
from .inputs import FORMAT, current_inputs, engine_fingerprint, relative, settings_fingerprint
from .records import ReadsFile, load_all

INDEX = "index.bin"
MANIFEST, OUTPUTS, TABLES, READS, RESULT = "manifest.json", "outputs.bin", "tables", "reads", "result.pickle"


class CacheIgnored(Exception):
    """The cache cannot be trusted for this build; the message says why."""


def cache_folder(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.cache"


def folder_identity(folder: Path) -> list[int]:
    st = os.stat(folder)
    return [st.st_dev, st.st_ino]


class Previous:
    """The last build, as its cache describes it (checked by :func:`open_previous`)."""

    def __init__(self, folder: Path, out_dir: Path, manifest: dict, outputs: dict[str, tuple[int, int, int]],
                 current: dict[str, str]):
        self.folder = folder
        self.out_dir = out_dir
        self.manifest = manifest
        self.outputs = outputs
        self.current = current  # the input files as they are now
        self.digests: dict[str, str] = {}  # the tables' digests, once read (:meth:`table_digests`)
        #: why nothing of the last build can be reused (a clean build), ``None`` when it can;
        #: either way its output is as it left it, and files that come out the same keep theirs
        self.stale: str | None = None

    @property
    def inputs(self) -> dict[str, str]:
        return self.manifest["inputs"]

    @property
    def data(self) -> int:
        return self.manifest["data"]

    def up_to_date(self) -> bool:
        """Whether every input is as the last build read it (and the engine and settings are)."""
        return self.stale is None and self.current == self.inputs

    def table_digests(self) -> dict[str, str]:
        digests = self._load(f"{TABLES}/{INDEX}", marshal.loads)
        if not isinstance(digests, dict):
            raise CacheIgnored(f"{TABLES}/{INDEX} is damaged")
        return digests

    def table(self, name: str) -> dict:
        """The snapshot of one table (:mod:`.tables`)."""
        content = self._load(f"{TABLES}/{file_name(name)}", marshal.loads)
        if not isinstance(content, dict):
            raise CacheIgnored(f"the table {name} is damaged")
        return content

    def reads(self) -> list[ReadsFile]:
        try:
            return load_all(self.folder / READS)
        except (OSError, ValueError, EOFError, TypeError) as exc:
            raise CacheIgnored(f"its record of what pages read is damaged ({exc})") from None

    def result(self):
        """The summary and the report of the last build."""
        return self._load(RESULT, pickle.loads)

    def _load(self, name: str, parse):
        try:
            return parse((self.folder / name).read_bytes())
        except Exception as exc:  # noqa: BLE001 - a damaged file in any way
            raise CacheIgnored(f"{name} is damaged ({type(exc).__name__})") from None


def open_previous(out_dir: Path, settings: Settings) -> Previous | None:
    """The last build's cache, when there is one; :class:`CacheIgnored` when it cannot be used."""
    folder = cache_folder(out_dir)
    if not folder.is_dir():
        return None
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        raise CacheIgnored(f"its manifest is unreadable ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise CacheIgnored(f"it was written in another format ({manifest.get('format')!r})")
    if not out_dir.is_dir():
        raise CacheIgnored("the output folder is gone")
    if manifest.get("output") != folder_identity(out_dir):
        raise CacheIgnored("the output folder is not the one the cache describes")
    if not isinstance(manifest.get("inputs"), dict) or not isinstance(manifest.get("data"), int):
        raise CacheIgnored("its manifest lacks entries")
    try:
        outputs = {path: tuple(stat) for path, *stat in marshal.loads((folder / OUTPUTS).read_bytes())}
    except Exception as exc:  # noqa: BLE001
        raise CacheIgnored(f"{OUTPUTS} is damaged ({type(exc).__name__})") from None
    changed = changed_output(out_dir, outputs)
    if changed is not None:
        raise CacheIgnored(f"{changed} changed since the last build")
    current = current_inputs(settings)
    previous = Previous(folder, out_dir, manifest, outputs, current)
    if manifest.get("engine") != engine_fingerprint():
        previous.stale = "the engine changed (code, templates or libraries)"
    elif manifest.get("settings") != settings_fingerprint(settings):
        previous.stale = "the settings or the profile changed"
    elif ontology_inputs(settings, current) != ontology_inputs(settings, manifest["inputs"]):
        previous.stale = "the ontology changed (the names of terms are on every page)"
    return previous


def ontology_inputs(settings: Settings, inputs: dict[str, str]) -> dict[str, str]:
    """The entries of ``inputs`` that are files of the ontology folders."""
    folders = [relative(settings, folder) for folder in settings.ontology_dirs]
    return {name: digest for name, digest in inputs.items()
            if any(name == f or name.startswith(f + "/") for f in folders)}


def changed_output(out_dir: Path, outputs: dict[str, tuple[int, int, int]]) -> str | None:
    """The first output file that is not as the last build left it (gone, or another inode,
    size or modification time), or ``None``."""
    base = str(out_dir) + os.sep
    for path, (ino, size, mtime) in outputs.items():
        try:
            st = os.lstat(base + path)
        except OSError:
            return path
        if st.st_ino != ino or st.st_size != size or st.st_mtime_ns != mtime:
            return path
    return None


class NextCache:
    """The cache this build writes, in a folder of its own until :meth:`commit`."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.target = cache_folder(out_dir)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.cache.new-", dir=out_dir.parent))
        self.reads = self.folder / READS
        self.reads.mkdir()
        self.tables = self.folder / TABLES
        self.tables.mkdir()
        self.digests: dict[str, str] = {}

    def put_table(self, name: str, data: bytes, digest: str, previous: Previous | None) -> None:
        """Keep a table's snapshot (``data``, marshalled); the last cache's file when it is the same."""
        self.digests[name] = digest
        target = self.tables / file_name(name)
        if previous is not None and previous.digests.get(name) == digest:
            try:
                os.link(previous.folder / TABLES / file_name(name), target)
                return
            except OSError:
                pass
        target.write_bytes(data)

    def write(self, manifest: dict, outputs: list[tuple], result) -> None:
        (self.tables / INDEX).write_bytes(marshal.dumps(self.digests))
        (self.folder / OUTPUTS).write_bytes(marshal.dumps(outputs))
        (self.folder / RESULT).write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        manifest = {"format": FORMAT, **manifest}
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def commit(self) -> None:
        """Swap this cache in for the last one (after the output was swapped in); the last one
        is renamed aside (``.site.cache.old-…``) for the caller to remove."""
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.cache.old-", dir=self.out_dir.parent))
            old.rmdir()
            self.target.rename(old)
        self.folder.rename(self.target)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def drop(out_dir: Path) -> None:
    """Remove the cache of ``out_dir`` (a build that cannot write one leaves none behind)."""
    shutil.rmtree(cache_folder(out_dir), ignore_errors=True)
