"""The snapshot of the tables pages read, taken and compared table by table.

For each table: its comparable form (:func:`.tables.encode`), kept in the next cache, and — when
its digest is not the last build's — the entries that differ from the last build's snapshot, as
the numbers the pages' reads are recorded under (:func:`.reads.entry_id`). A table's comparable
form is dropped as soon as it is compared: the build no longer holds a second copy of the page
index's tables until every table is converted (at a million triples some 0.25 GB of the build's
peak).
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field

from .cache import CacheIgnored, NextCache, Previous
from .reads import entry_id
from .tables import changed, digest, encode, sharing


@dataclass
class Found:
    """What the snapshot found: the tables whose digest is not the last build's, the numbers of
    the entries that changed in them, the contents given as such (``extra``), and why the last
    cache could not be compared, if it could not."""

    differ: list[str] = field(default_factory=list)
    changes: set[int] = field(default_factory=set)
    kept: dict[str, dict] = field(default_factory=dict)
    ignored: str | None = None


def take(tables: dict[str, object], extra: dict[str, dict], cache: NextCache, previous: Previous | None) -> Found:
    """The snapshot of ``tables`` (recording copies, read without recording) and of ``extra``
    (contents in comparable form already), written into ``cache``; compared with ``previous``
    (its ``digests`` loaded) unless it is ``None``."""
    found = Found()
    with sharing():  # a statement held by number and by IRI is converted once
        for name, content in extra.items():
            found.kept[name] = content
            _keep(name, content, marshal.dumps(content), cache, previous, found)
        for name, table in tables.items():
            _keep(name, *encode(name, table), cache, previous, found)
    return found


def _keep(name: str, content: dict, encoded: bytes, cache: NextCache, previous: Previous | None,
          found: Found) -> None:
    """One table into the cache, and compared with the last build's."""
    d = digest(encoded)
    cache.put_table(name, encoded, d, previous)
    if previous is None or previous.digests.get(name) == d:
        return
    found.differ.append(name)
    if found.ignored is not None:
        return
    try:
        before = {name: previous.table(name)} if name in previous.digests else {}
    except CacheIgnored as exc:
        found.ignored = str(exc)
        return
    found.changes |= {entry_id(entry) for entry in changed(before, {name: content}, [name])}
