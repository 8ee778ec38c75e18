"""Incremental builds: reuse what the last build made when its inputs did not change, and write
the same bytes as a clean build.

The last build leaves a cache beside its output (:mod:`.cache`: ``.site.cache/`` next to
``site/``): the hashes of every input it read, the engine and settings it ran with, every output
file with its inode, what each page read (:mod:`.reads`, :mod:`.records`) and the tables those
reads refer to (:mod:`.tables`). The next build

* does nothing when every input is as it was ("up to date");
* otherwise loads, anchors, validates and indexes the graph as always, compares the new tables
  with the kept ones and renders only the pages that read something that changed, and pages new
  since (:mod:`.plan`); the other pages (the site's own too, where they record their reads,
  whole or unit by unit: :mod:`.site_pages`), and the dumps of unchanged data, keep their files — hard links into the
  new folder, which is swapped in whole as in a clean build (:mod:`.outputs`); the dumps of
  changed data are patched: only the pieces whose triples changed are written (:mod:`.dumps`);
* makes a clean build, and says why, when anything is uncertain: another engine (code,
  templates, libraries), other settings or profile, another ontology (the names of terms are on
  every page), a cache in another format or damaged, an output folder that is not the one the
  cache describes or whose files changed since. Even then a file that comes out with the bytes
  it had keeps its inode (its old file is linked in).

What a page depends on is recorded while it is rendered, at the tables of the page index and
the links (:mod:`.reads`), not worked out from the pages' code: a new page, a new table or a new
cache needs no declaration here. Byte-identity with a clean build is the contract, and
tests/test_incremental.py compares every file after edits of every kind.
"""

from .cache import CacheIgnored, NextCache, Previous, cache_folder, open_previous
from .inputs import relative
from .plan import Plan, recorded_entity_pages, recorded_task

__all__ = ["CacheIgnored", "NextCache", "Plan", "Previous", "cache_folder", "open_previous", "recorded_entity_pages",
           "recorded_task", "relative"]
