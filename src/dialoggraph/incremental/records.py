"""What each page read, kept in the cache: one file per chunk of pages (written by whichever
process rendered the chunk), each page's reads as stable 64-bit numbers (:func:`.reads.entry_id`).

A file holds ``(document paths, reads per page, the reads)`` — two arrays, marshalled. The next
build loads them all and asks, per file and then per page, whether any of its reads changed.
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from .reads import Ids, entry_id

SUFFIX = ".reads"


class Recorder:
    """Writes the reads of the pages a process renders into ``folder`` (set before workers fork;
    each process names its files by its id and a counter)."""

    def __init__(self, folder: Path, prefix: str = ""):
        self.folder = folder
        self.prefix = prefix
        self.ids = Ids()
        self.count = 0

    def write(self, pages: list[tuple[str, set]]) -> None:
        known = self.ids.known
        for _dp, reads in pages:
            for entry in reads:
                if entry not in known:
                    known[entry] = entry_id(entry)
        sizes = array("I", [0] * len(pages))
        numbers = array("Q")
        for i, (_dp, reads) in enumerate(pages):
            page = sorted(set(map(known.__getitem__, reads)))  # equal reads may share a number
            sizes[i] = len(page)
            numbers.extend(page)
        self._write([dp for dp, _ in pages], sizes, numbers)

    def write_numbers(self, pages: list[tuple[str, array]]) -> None:
        """Reads kept from the last build (as its numbers) under their keys."""
        if not pages:
            return
        numbers = array("Q")
        for _dp, page in pages:
            numbers.extend(page)
        self._write([dp for dp, _ in pages], array("I", [len(n) for _, n in pages]), numbers)

    def _write(self, dps: list[str], sizes: array, numbers: array) -> None:
        """One more file of this process: named by its id and a counter, so none collide."""
        self.count += 1
        write_file(self.folder / f"{self.prefix}-{os.getpid()}-{self.count}{SUFFIX}", dps, sizes, numbers)


def write_file(path: Path, dps: list[str], sizes: array, numbers: array) -> None:
    path.write_bytes(marshal.dumps((dps, sizes.tobytes(), numbers.tobytes())))


class ReadsFile:
    """One file of reads: its pages and, for each, its reads."""

    def __init__(self, path: Path):
        self.path = path
        dps, sizes, numbers = marshal.loads(path.read_bytes())
        self.dps: list[str] = dps
        self.sizes = array("I")
        self.sizes.frombytes(sizes)
        self.numbers = array("Q")
        self.numbers.frombytes(numbers)
        if len(self.sizes) != len(dps) or sum(self.sizes) != len(self.numbers):
            raise ValueError(f"{path.name}: sizes do not add up")

    def pages(self) -> Iterator[tuple[str, array]]:
        start = 0
        for dp, size in zip(self.dps, self.sizes):
            yield dp, self.numbers[start:start + size]
            start += size

    def affected(self, changed: set[int]) -> set[str]:
        """The pages of this file that read anything in ``changed``."""
        if changed.isdisjoint(self.numbers):
            return set()
        return {dp for dp, numbers in self.pages() if not changed.isdisjoint(numbers)}

    def keep(self, target: Path, dropped: set[str]) -> None:
        """This file into ``target`` without the pages in ``dropped`` (a hard link when none is)."""
        if not dropped.intersection(self.dps):
            try:
                os.link(self.path, target)
            except OSError:
                target.write_bytes(self.path.read_bytes())
            return
        kept = [(dp, numbers) for dp, numbers in self.pages() if dp not in dropped]
        if not kept:
            return
        sizes, numbers = array("I", [len(n) for _, n in kept]), array("Q")
        for _, page in kept:
            numbers.extend(page)
        write_file(target, [dp for dp, _ in kept], sizes, numbers)


def load_all(folder: Path) -> list[ReadsFile]:
    return [ReadsFile(path) for path in sorted(folder.glob("*" + SUFFIX))]


def pages_of(files: Iterable[ReadsFile]) -> set[str]:
    out: set[str] = set()
    for f in files:
        out.update(f.dps)
    return out
