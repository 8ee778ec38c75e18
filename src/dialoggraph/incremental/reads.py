"""What each page reads, recorded while it is rendered: the dependencies of an incremental build.

A page is a function of the site's tables — the dictionaries and sets the page index
(:class:`~dialoggraph.site.index.SiteIndex`), the links (:class:`~dialoggraph.site.links.Links`)
and the other helpers of :class:`~dialoggraph.site.site.Site` keep — and of the settings, the
profile and the engine (a change to those makes a clean build). :func:`.recording.instrument` replaces every
such table by a recording copy of the same kind (``dict``, ``defaultdict``, ``Counter``, ``set``)
once the index is made, before the first page is rendered, so nothing has to be declared: a table
someone adds to one of these objects tomorrow is recorded too. Each read of a key while a page is
rendered notes ``(table, key)``; iterating a table notes its keys (:data:`KEYS`) or all of it
(:data:`ALL`); a table that was empty when recording began notes only that (:data:`EMPTY`).

Tables that are empty when recording begins and filled while pages are rendered are caches
(the link values of :class:`~.links.Links`, a node's primary type …): an entry is worked out by
the first page that needs it and reused by later pages, which then read nothing else. So a
cache entry keeps what was read while it was worked out — from the miss (``get``, ``in`` or
``[]`` finding no key) to the store of that key (a *frame*) — and every page that reads the
entry later gets those reads too. Entries stored in any other way (``setdefault``, a store
without a miss before it, a change to a table that was filled before) cannot be traced: reading
them counts as reading everything (:data:`EVERYTHING`), which is slow but never wrong.

The contract for code that renders pages: read the tables through the objects the site holds
(not through a reference taken before :func:`.recording.instrument`), and keep anything shared between
pages in a table of those objects.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
from collections import Counter

ALL = "\x00all"  # a table's items or values were read
KEYS = "\x00keys"  # a table's keys (or its length) were read
EMPTY = "\x00empty"  # a table that was empty when recording began was read
EVERYTHING = ("\x00", "\x00everything")  # a read that cannot be traced: depends on anything

_NOT_TRACED = frozenset({EVERYTHING})
log = logging.getLogger(__name__)


class _State:
    """The reads of the page being rendered in this process (``None`` between pages): the keys
    read of each table (a set per table, by the table's slot: no tuple is made per read) and the
    reads of the cache entries it used (a set of frozensets: an entry used ten times is added
    once); and the open frames of cache entries being worked out, innermost last: ``[table,
    key, reads, reads of the cache entries used]``."""

    names: list = [EVERYTHING[0]]  # the tables' names by slot (slot 0: reads of everything)
    sizes: dict = {}  # a table's name → its entries when recording began (see :func:`end_page`)
    page: list | None = None
    used: set = set()
    frames: list = []
    warned: set = set()


_S = _State


#: how far down a store looks for the frame of its key, and how many frames are kept (misses of
#: an empty table that no store follows pile up; the oldest are dropped — should one of them
#: belong to a computation still going on, its entry counts as untraced: slow, never wrong)
SCAN, KEPT_FRAMES = 64, 128


def trim() -> None:
    del _S.frames[:-KEPT_FRAMES]


def begin_page() -> None:
    _S.page = [set() for _ in _S.names]
    _S.used = set()
    _S.frames.clear()  # frames left open by a miss that was never stored


#: a page that read at least this many entries of a table, and at least half of them, depends
#: on the table as a whole (see :func:`end_page`)
WHOLE_FROM = 1000


def end_page() -> set:
    """The reads of the page that was being rendered, as ``(table, key)``.

    A page made from the whole graph (the network, the statements, the search index) reads most
    entries of the big tables one by one: hundreds of thousands of reads at a million triples,
    each to be numbered, written and checked by the next build — a few seconds of every
    incremental build, for nothing, since nearly any change to such a table is one it read.
    Where a page read :data:`WHOLE_FROM` entries of a table and at least half of them, its
    reads of that table become one read of all of it (:data:`ALL`: changed whenever anything
    in the table changed) — slower for a change to an entry it did not read, never wrong."""
    page, _S.page = _S.page, None
    _S.frames.clear()
    if page is None:
        return set()
    out = {(name, key) for name, keys in zip(_S.names, page) if keys for key in keys}
    for deps in _S.used:
        out |= deps
    _S.used = set()
    if len(out) >= WHOLE_FROM:
        counts = Counter(name for name, _key in out)
        sizes = _S.sizes
        whole = {name for name, n in counts.items()
                 if n >= WHOLE_FROM and name in sizes and 2 * n >= sizes[name]}
        if whole:
            out = {entry for entry in out if entry[0] not in whole}
            out.update((name, ALL) for name in whole)
    return out


class _Table:
    """What every recording table does on top of its built-in type (see the module documentation)."""

    _name: str
    _slot: int  # where a page's reads of this table go (:class:`_State`)
    _empty: str | None  # EMPTY for a table that was empty when recording began, else None
    _caches: bool  # a miss opens a frame (tables empty at the start, defaultdicts on ``[]``)
    _memo: dict  # key → frozenset of reads, for entries stored while pages were rendered

    def _setup(self, name: str) -> None:
        self._name = name
        self._slot = len(_S.names)
        _S.names.append(name)
        _S.sizes[name] = self._base_len()
        self._empty = EMPTY if not self._base_len() else None
        self._caches = self._empty is not None
        self._memo = {}

    def _read(self, key) -> None:
        page, frames = _S.page, _S.frames
        if page is None and not frames:
            return
        memo = self._memo
        if memo:
            deps = memo.get(key)
            if deps is not None:
                if page is not None:
                    _S.used.add(deps)
                if frames:
                    frames[-1][3].add(deps)
                return
        if page is not None:
            page[self._slot].add(self._empty or key)
        if frames:
            frames[-1][2].add((self._name, self._empty or key))

    def _whole(self, kind: str) -> None:
        if self._caches and self._base_len():
            self._note(EVERYTHING)  # a cache's content depends on what was rendered before
        else:
            self._note((self._name, self._empty or kind))

    def _note(self, entry) -> None:
        if _S.page is not None:
            _S.page[0 if entry is EVERYTHING else self._slot].add(entry[1])
        if _S.frames:
            _S.frames[-1][2].add(entry)

    def _open(self, key) -> None:
        _S.frames.append([self, key, set(), set()])
        if len(_S.frames) > 2 * KEPT_FRAMES:
            trim()

    def _stored(self, key) -> None:
        """``key`` is being stored: close its frame, or note that its reads are unknown."""
        frames = _S.frames
        i = len(frames) - 1
        # a computation in progress is near the top (frames above it are misses no store followed:
        # an empty table that is not a cache); one further down counts as untraced
        last = max(-1, i - SCAN) if key not in self._memo else max(-1, i - 1)
        while i > last and not (frames[i][0] is self and frames[i][1] == key):
            i -= 1
        if i > last:
            reads = frames[i][2]
            for inner in frames[i + 1:]:
                reads |= inner[2]
            for frame in frames[i:]:
                for deps in frame[3]:
                    reads |= deps
            del frames[i:]
            reads.add((self._name, self._empty or key))
            deps = frozenset(reads)
            old = self._memo.get(key)
            self._memo[key] = deps if old is None else old | deps
            if frames:
                frames[-1][3].add(deps)
        elif key not in self._memo:
            self._memo[key] = _NOT_TRACED
            if self._name not in _S.warned:
                _S.warned.add(self._name)
                log.info("%s: an entry stored without a miss before it; pages reading it are "
                         "rewritten on every change", self._name)

    def _untraced(self) -> None:
        """The table changed in a way entries cannot be traced through: reading it depends on anything."""
        self._memo = _AllKeys()


class _AllKeys(dict):
    """A memo where every key maps to :data:`EVERYTHING`."""

    def __missing__(self, key):
        return _NOT_TRACED

    def __bool__(self) -> bool:
        return True

    def get(self, key, default=None):
        return _NOT_TRACED


# ---------------------------------------------------------------- stable ids of what was read

def entry_id(entry) -> int:
    """A stable 64-bit number for a read ``(table, key)``: the same in every process and build
    (Python's own hash of a string changes with each process). Two reads may share a number;
    that only makes a page look affected when it is not."""
    name, key = entry
    if type(key) is str:
        data = key.encode("utf-8", "surrogatepass")
    else:
        try:
            data = marshal.dumps(key)
        except ValueError:  # a key the snapshot cannot keep either: read as everything
            name, data = EVERYTHING[0], EVERYTHING[1].encode()
    digest = hashlib.blake2b(name.encode() + b"\x00" + data, digest_size=8).digest()
    return int.from_bytes(digest, "little")


class Ids:
    """:func:`entry_id`, remembered (a process renders many pages that read the same things)."""

    def __init__(self):
        self.known: dict = {}

    def __call__(self, entry) -> int:
        known = self.known.get(entry)
        if known is None:
            known = self.known[entry] = entry_id(entry)
        return known
