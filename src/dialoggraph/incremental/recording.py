"""The recording tables (:mod:`.reads`): a dictionary, a set, a list and a long text that note
what a page reads of them, and :func:`instrument`, which puts them in place of the site's own.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .reads import _S, ALL, KEYS, _Table


class _Dict(_Table):
    """Methods of a recording dictionary (mixed into ``dict`` and its subclasses). The three
    reads of a key are written out in full: they run hundreds of times per page."""

    def _base_len(self) -> int:
        return dict.__len__(self)

    def get(self, key, default=None):
        page, frames = _S.page, _S.frames
        if page is not None or frames:
            memo = self._memo
            deps = memo.get(key) if memo else None
            if deps is None:
                if page is not None:
                    page[self._slot].add(self._empty or key)
                if frames:
                    frames[-1][2].add((self._name, self._empty or key))
                if self._caches and not dict.__contains__(self, key):
                    self._open(key)
            else:
                if page is not None:
                    _S.used.add(deps)
                if frames:
                    frames[-1][3].add(deps)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        found = dict.__contains__(self, key)
        page, frames = _S.page, _S.frames
        if page is not None or frames:
            memo = self._memo
            deps = memo.get(key) if memo else None
            if deps is None:
                if page is not None:
                    page[self._slot].add(self._empty or key)
                if frames:
                    frames[-1][2].add((self._name, self._empty or key))
                if self._caches and not found:
                    self._open(key)
            else:
                if page is not None:
                    _S.used.add(deps)
                if frames:
                    frames[-1][3].add(deps)
        return found

    def __getitem__(self, key):
        self._read(key)
        if (self._caches or self._default) and not dict.__contains__(self, key):
            self._open(key)  # a defaultdict stores the default right away (its __missing__)
        return super().__getitem__(key)

    def __setitem__(self, key, value) -> None:
        self._stored(key)
        dict.__setitem__(self, key, value)

    def setdefault(self, key, default=None):
        if dict.__contains__(self, key):
            self._read(key)
            return dict.__getitem__(self, key)
        self._stored(key)
        return dict.setdefault(self, key, default)

    def update(self, *args, **kwargs) -> None:
        self._untraced()
        super().update(*args, **kwargs)

    def __delitem__(self, key) -> None:
        self._untraced()
        dict.__delitem__(self, key)

    def pop(self, key, *default):
        self._untraced()
        return dict.pop(self, key, *default)

    def popitem(self):
        self._untraced()
        return dict.popitem(self)

    def clear(self) -> None:
        self._untraced()
        dict.clear(self)

    def __iter__(self):
        self._whole(KEYS)
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._whole(KEYS)
        return dict.__len__(self)

    def keys(self):
        self._whole(KEYS)
        return dict.keys(self)

    def values(self):
        self._whole(ALL)
        return dict.values(self)

    def items(self):
        self._whole(ALL)
        return dict.items(self)

    def copy(self):
        self._whole(ALL)
        return dict(dict.items(self))

    def __eq__(self, other) -> bool:
        self._whole(ALL)
        return dict.__eq__(self, other)

    __hash__ = None


class _Set(_Table):
    """Methods of a recording set."""

    _default = False

    def _base_len(self) -> int:
        return set.__len__(self)

    def __contains__(self, key) -> bool:
        self._read(key)
        found = set.__contains__(self, key)
        if self._caches and not found:
            self._open(key)
        return found

    def add(self, key) -> None:
        if not set.__contains__(self, key):
            self._stored(key)
        set.add(self, key)

    def discard(self, key) -> None:
        self._untraced()
        set.discard(self, key)

    def remove(self, key) -> None:
        self._untraced()
        set.remove(self, key)

    def pop(self):
        self._untraced()
        return set.pop(self)

    def clear(self) -> None:
        self._untraced()
        set.clear(self)

    def update(self, *others) -> None:
        for other in others:
            for key in other:
                self.add(key)

    def __iter__(self):
        self._whole(KEYS)
        return set.__iter__(self)

    def __len__(self) -> int:
        self._whole(KEYS)
        return set.__len__(self)

    def _plain(self) -> set:
        self._whole(KEYS)
        return set(set.__iter__(self))

    def __or__(self, other):
        return self._plain() | other

    def __and__(self, other):
        return self._plain() & other

    def __sub__(self, other):
        return self._plain() - other

    def __xor__(self, other):
        return self._plain() ^ other

    def __ror__(self, other):
        return other | self._plain()

    def __rand__(self, other):
        return other & self._plain()

    def __rsub__(self, other):
        return other - self._plain()

    def __rxor__(self, other):
        return other ^ self._plain()

    def union(self, *others):
        return self._plain().union(*others)

    def intersection(self, *others):
        return self._plain().intersection(*others)

    def difference(self, *others):
        return self._plain().difference(*others)

    def isdisjoint(self, other) -> bool:
        return self._plain().isdisjoint(other)

    def issubset(self, other) -> bool:
        return self._plain().issubset(other)

    def issuperset(self, other) -> bool:
        return self._plain().issuperset(other)

    def copy(self):
        return self._plain()

    def __eq__(self, other) -> bool:
        return self._plain() == other

    __hash__ = None


class _List(_Table):
    """Methods of a recording list: reading an item notes its position, anything else the
    whole list; a list changed while pages render is read as everything."""

    _default = False

    def _base_len(self) -> int:
        return list.__len__(self)

    def __getitem__(self, i):
        if type(i) is int:
            self._read(i if i >= 0 else i + list.__len__(self))
        elif type(i) is slice:
            # the positions it takes, and the length (a slice that reaches past the end takes
            # what a longer list adds): a page of a list depends on its items, not on all
            self._whole(KEYS)
            for j in range(*i.indices(list.__len__(self))):
                self._read(j)
        else:
            self._whole(ALL)
        return list.__getitem__(self, i)

    def __iter__(self):
        self._whole(ALL)
        return list.__iter__(self)

    def __reversed__(self):
        self._whole(ALL)
        return list.__reversed__(self)

    def __len__(self) -> int:
        self._whole(KEYS)
        return list.__len__(self)

    def __contains__(self, value) -> bool:
        self._whole(ALL)
        return list.__contains__(self, value)

    def _plain(self) -> list:
        self._whole(ALL)
        return list(list.__iter__(self))

    def index(self, *args):
        return self._plain().index(*args)

    def count(self, value):
        return self._plain().count(value)

    def copy(self):
        return self._plain()

    def __add__(self, other):
        return self._plain() + other

    def __radd__(self, other):
        return other + self._plain()

    def __mul__(self, n):
        return self._plain() * n

    __rmul__ = __mul__

    def __eq__(self, other) -> bool:
        return self._plain() == other

    def __lt__(self, other) -> bool:
        return self._plain() < other

    def __gt__(self, other) -> bool:
        return self._plain() > other

    __hash__ = None


def _mutator(name: str):
    def changed(self, *args, **kwargs):
        self._untraced()
        return getattr(list, name)(self, *args, **kwargs)
    changed.__name__ = name
    return changed


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse", "__setitem__",
              "__delitem__", "__iadd__", "__imul__"):
    setattr(_List, _name, _mutator(_name))


class RecordingStr(str):
    """A long text a page helper holds (the source text): any use of it from Python code reads
    all of it. (C code handed the text itself — a regular expression's search — is not seen;
    the pages that scan the source are the site's own, written every time.)"""

    _name: str
    _slot: int

    def _all(self) -> None:
        if _S.page is not None:
            _S.page[self._slot].add(ALL)
        if _S.frames:
            _S.frames[-1][2].add((self._name, ALL))


def _reading(method: str):
    def read(self, *args, **kwargs):
        RecordingStr._all(self)
        return getattr(str, method)(self, *args, **kwargs)
    read.__name__ = method
    return read


for _name in [n for n in dir(str) if not n.startswith("_")] + [
        "__getitem__", "__iter__", "__len__", "__contains__", "__add__", "__radd__", "__mod__", "__rmod__", "__mul__",
        "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__format__", "__str__"]:
    if hasattr(str, _name):
        setattr(RecordingStr, _name, _reading(_name))

#: a string attribute this long is data (the source text), recorded like a table
LONG_TEXT = 1000


def recording_text(text: str, name: str) -> RecordingStr:
    made = RecordingStr(text)
    made._name = name
    made._slot = len(_S.names)
    _S.names.append(name)
    return made


_KINDS: dict[type, type] = {}


def _recording_type(kind: type) -> type:
    made = _KINDS.get(kind)
    if made is None:
        mixin = _Set if issubclass(kind, set) else _List if issubclass(kind, list) else _Dict
        made = _KINDS[kind] = type("Recording" + kind.__name__.capitalize(), (mixin, kind), {})
    return made


def recording(table, name: str):
    """A recording copy of ``table`` (same type, same content) named ``name``."""
    kind = type(table)
    made = _recording_type(kind)
    if issubclass(kind, (set, list)):
        copy = made(table)
    else:
        copy = made.__new__(made)  # no __init__: a Counter's would call update()
        if kind is defaultdict:
            copy.default_factory = table.default_factory
        dict.update(copy, table)
    copy._default = kind is defaultdict
    copy._setup(name)
    return copy


#: the built-in types recorded; subclasses of others (a user's own mapping) are left alone
TABLE_TYPES = (dict, defaultdict, Counter, set, list)

#: a table of at most this many tables (statements by role …) has its inner tables recorded one
#: by one: reading one entry of an inner table is not reading all of them
NESTED_UP_TO = 64


def instrument(root, package: str = "dialoggraph.site", state: dict | None = None) -> dict[str, object]:
    """Replace every table of ``root`` and of the objects it holds whose class comes from
    ``package`` by a recording copy; the tables by name (``index._label``, ``links._values`` …).
    An object reached twice (the class pages held by the site and the links) keeps one copy.
    A class names in ``PURE_CACHES`` the tables whose content depends on their keys, the
    settings and the ontology alone (a cache of prefixes, the names of terms): they stay as they
    are (a change to the settings or the ontology makes a clean build).

    ``state`` receives every other attribute of those objects (a string, a number, a list: the
    source text, the parts of the reading view …) by name: reads of them are not recorded, so
    the incremental build compares them as a whole (:func:`.tables.state_of`)."""
    del _S.names[1:]  # the tables of an earlier site are not read any more
    _S.sizes.clear()
    tables: dict[str, object] = {}
    copies: dict[int, object] = {}
    seen: set[int] = set()

    def walk(obj, path: str) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        fields = getattr(obj, "__dict__", None)
        if fields is None:
            return
        pure = getattr(type(obj), "PURE_CACHES", ())
        for attr, value in list(fields.items()):
            name = f"{path}{attr}"
            if attr in pure:
                continue
            if type(value) in TABLE_TYPES:
                copy = copies.get(id(value))
                if copy is None:
                    copy = copies[id(value)] = recording(value, name)
                    tables[name] = copy
                    _nest(copy, name, tables, copies)
                setattr(obj, attr, copy)
            elif type(value).__module__.startswith(package) and not isinstance(value, type):
                walk(value, name + ".")
            elif type(value) is str and len(value) >= LONG_TEXT:
                copy = copies.get(id(value))
                if copy is None:
                    copy = copies[id(value)] = recording_text(value, name)
                    tables[name] = copy
                setattr(obj, attr, copy)
            elif state is not None:
                state[name] = value

    walk(root, "")
    return tables


def _nest(table, name: str, tables: dict, copies: dict) -> None:
    """The inner tables of a small table of tables, each recorded as a table of its own."""
    if not isinstance(table, dict) or not 0 < dict.__len__(table) <= NESTED_UP_TO:
        return
    inner = list(dict.items(table))
    if not all(type(v) in (dict, defaultdict, Counter) for _k, v in inner):
        return
    for key, value in inner:
        inner_name = f"{name}[{key!r}]"
        copy = copies.get(id(value))
        if copy is None:
            copy = copies[id(value)] = recording(value, inner_name)
            tables[inner_name] = copy
        dict.__setitem__(table, key, copy)
