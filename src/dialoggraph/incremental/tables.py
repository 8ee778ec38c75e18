"""The tables pages read, as they stand before the first page is rendered (a *snapshot*): kept
in the cache and compared with the next build's, entry by entry, to find what changed.

A snapshot holds each table as a plain dictionary in a form :mod:`marshal` can write — strings,
numbers, tuples — so that it can be kept and compared without knowing what the table means: a
pyoxigraph term becomes its hash (pyoxigraph's hashes are the same in every process of one
pyoxigraph version; Python's hashes of strings are not, so strings stay strings), a list of
terms one hash for all of them, a dataclass its fields. A value of any other kind makes the table
*opaque*: every entry of it counts as changed in every build (slow, never wrong).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import operator
import os
from contextlib import contextmanager
from itertools import islice

import pyoxigraph as ox

from .reads import ALL, EMPTY, EVERYTHING, KEYS, _Table

_SCALARS = frozenset({str, int, float, bool, bytes, type(None)})
_TERMS = frozenset({ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple, ox.Quad, ox.DefaultGraph,
                    ox.Variable})


class Opaque(Exception):
    """A value the snapshot cannot write."""


def plain(table) -> dict:
    """A table's content, read without recording it (a set as a dictionary of its members, a
    list of its items by position)."""
    if isinstance(table, (set, frozenset)):
        return dict.fromkeys(set.__iter__(table), True)
    if isinstance(table, str):  # a long text (:class:`.reads.RecordingStr`): read as a whole
        return {ALL: hashlib.sha256(str.encode(table, "utf-8", "surrogatepass")).hexdigest()}
    if isinstance(table, list):
        return dict(enumerate(list.__iter__(table)))
    return dict(dict.items(table))


def normal(value):
    """``value`` in a form marshal writes, equal for equal values in any process."""
    return converter(type(value))(value)


def converter(kind: type):
    """The function :func:`normal` applies to a value of ``kind``."""
    convert = _NORMALS.get(kind)
    if convert is None:
        convert = _NORMALS[kind] = _normaliser(kind)
    return convert


def normal_all(values) -> list:
    """:func:`normal` of each of ``values`` (a table's values are mostly of one type: its
    converter is looked up once, not once per value)."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        return list(map(converter(kinds.pop()), values))
    return list(map(normal, values))


def _same(value):
    return value


def _term(value):
    return ("\x00term", hash(value))


def _sequence(tag: str):
    def convert(value):
        if value and _TERMS.issuperset(map(type, value)):
            return ("\x00terms", len(value), hash(tuple(value)))
        return (tag, tuple(map(normal, value)))
    return convert


def _mapping(value):
    return ("\x00dict", tuple(zip(map(normal, value.keys()), map(normal, value.values()))))


def _set(value):
    return ("\x00set", frozenset(map(normal, value)))


def _opaque(value):
    raise Opaque(type(value).__qualname__)


def _normaliser(kind: type):
    """How :func:`normal` converts a value of ``kind`` (worked out once per type: a snapshot
    converts hundreds of thousands of values of a few types)."""
    if kind in _SCALARS:
        return _same
    if issubclass(kind, _Table):  # a table inside a table: compared on its own
        return lambda value: ("\x00table", value._name)
    if kind in _TERMS:
        return _term
    if kind is list or kind is tuple:
        return _sequence("\x00list" if kind is list else "\x00tuple")
    if issubclass(kind, dict):
        return _mapping
    if issubclass(kind, (set, frozenset)):
        return _set
    tag = "\x00" + kind.__qualname__
    if issubclass(kind, tuple):  # a named tuple
        return lambda value: (tag, tuple(map(normal, value)))
    if dataclasses.is_dataclass(kind):
        fields = operator.attrgetter(*(f.name for f in dataclasses.fields(kind)))
        if len(dataclasses.fields(kind)) == 1:
            return _shared(lambda value: (tag, (normal(fields(value)),)))
        return _shared(lambda value: (tag, tuple(map(normal, fields(value)))))
    return _opaque


#: id of a value → its normal form, while one snapshot is taken (:func:`sharing`)
_SEEN: dict[int, object] | None = None


def _shared(convert):
    """``convert`` for values that several tables hold (the same statement by number and by
    IRI, a passage in the passages of its node and in its statement): converted once per
    snapshot (:func:`sharing`)."""
    def once(value):
        seen = _SEEN
        if seen is None:
            return convert(value)
        key = id(value)
        out = seen.get(key)
        if out is None:
            out = seen[key] = convert(value)
        return out
    return once


@contextmanager
def sharing():
    """Convert a value several tables hold once while the block runs (its tables stay alive,
    unchanged: an ``id`` names one value)."""
    global _SEEN
    _SEEN = {}
    try:
        yield
    finally:
        _SEEN = None


_NORMALS: dict[type, object] = {}


def snapshot(tables: dict[str, object]) -> dict[str, dict]:
    """Every table in its comparable form (see the module documentation)."""
    with sharing():
        return {name: encode(name, table)[0] for name, table in tables.items()}


def encode(name: str, table) -> tuple[dict, bytes]:
    """A table in its comparable form, and that form written by marshal."""
    content = plain(table)
    data = None
    try:
        # a few entries first: a table of terms fails at once, not after marshalling half of it
        marshal.dumps(list(islice(content.items(), 8)))
        data = marshal.dumps(content)
    except ValueError:
        try:
            if set(map(type, content)) <= {str}:  # (the usual keys: marshal writes them all)
                content = dict(zip(content, normal_all(content.values())))
            else:
                content = {k: normal(v) for k, v in content.items() if _keeps(k)}
        except Opaque:
            nonce = os.urandom(16)  # differs from every other build: always changed
            content = {k: ("\x00opaque", nonce) for k in content if _keeps(k)}
            content["\x00opaque"] = nonce
        data = marshal.dumps(content)
    return content, data


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def file_name(name: str) -> str:
    """A table's file in the cache (table names hold brackets and quotes)."""
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:20] + ".bin"


def _keeps(key) -> bool:
    """Whether marshal writes ``key`` (the read of any other key counts as reading everything)."""
    if type(key) is str:
        return True
    try:
        marshal.dumps(key)
    except ValueError:
        return False
    return True


_MISSING = ("\x00missing",)


def changed(old: dict[str, dict], new: dict[str, dict], names=None) -> set[tuple]:
    """What a page may have read and is different now: ``(table, key)``, ``(table, KEYS)``,
    ``(table, ALL)``, ``(table, EMPTY)`` — and always :data:`~.reads.EVERYTHING`. ``names``:
    the tables to compare (default: all of both)."""
    out = {EVERYTHING}
    for name in (old.keys() | new.keys()) if names is None else names:
        before, after = old.get(name, {}), new.get(name, {})
        same_order = list(before) == list(after)
        if same_order and before == after:
            continue
        out.add((name, ALL))
        if not same_order:
            out.add((name, KEYS))
        if bool(before) != bool(after):
            out.add((name, EMPTY))
        try:  # the entries in one and not the other, in C (five times the loop below at 1M)
            out.update((name, key) for key, _ in before.items() ^ after.items())
            continue
        except TypeError:  # a value that cannot be hashed (a list in a table marshal wrote as it was)
            pass
        get_before, get_after = before.get, after.get
        for key in before.keys() | after.keys():
            if get_before(key, _MISSING) != get_after(key, _MISSING):
                out.add((name, key))
    return out


def state_of(attributes: dict[str, object], scratch: str) -> dict[str, object]:
    """The other attributes of the page helpers (:func:`.reads.instrument`) in comparable form:
    those that can reach a page (strings, numbers, lists, tuples …); folders and files of this
    build, the settings and other objects left out (a change to the settings makes a clean build)."""
    out = {}
    for name, value in attributes.items():
        if isinstance(value, str) and value.startswith(scratch):
            continue
        try:
            out[name] = normal(value)
        except Opaque:
            continue
    return out
