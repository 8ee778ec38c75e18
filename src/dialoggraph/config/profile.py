"""What a dataset decides about how its site looks: the presentation profile,
``[tool.dialoggraph.profile]`` in the project's ``pyproject.toml``.

Every key has an engine default (:data:`DEFAULTS`) that works for any dataset; a project sets
only what it wants otherwise, a key at a time (a list given replaces the default list). Classes
and properties are CURIEs with the project's prefixes — ``dgo:`` is the project's own ontology
namespace, ``schema:``, ``skos:``, ``oa:`` … the vocabularies of
:data:`dialoggraph.rdf.namespaces.VOCABULARIES` — or full http(s) IRIs; ``prefix:`` alone is the
whole namespace where namespaces are allowed. An unknown key, a wrong type or an unknown prefix
is a :class:`~dialoggraph.config.ConfigError` that names the key.

The names of terms on the pages (German, English) are not here: they are ``rdfs:label`` names, in
the engine's ``site/vocabulary-labels.ttl`` and, overriding them, in the project's ontology.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialoggraph.rdf.prefixes import prefix_map

from .profile_defaults import DEFAULTS

#: the site pages an entry point on the home page may name
SITE_PAGES = ("read", "statements", "timeline", "themes", "network", "search", "classes", "ontology", "validation")


@dataclass(frozen=True)
class EntryPoint:
    """A card under "Wo anfangen?" on the home page: a site page or a class's index."""

    page: str | None
    cls: str | None
    title: str
    text_de: str
    text_en: str


@dataclass(frozen=True)
class Group:
    """A named group of things by their classes: a theme's groups, the network's kinds. A node
    belongs when it has one of ``classes`` and none of ``excluded``; a group without classes
    takes what no other group takes."""

    key: str
    label_de: str
    label_en: str
    classes: frozenset[str]
    excluded: frozenset[str] = frozenset()
    #: a shorter heading where the group is a table's column (default: ``label_de``)
    column_de: str = ""

    def holds(self, types: set[str]) -> bool:
        return bool(types & self.classes) and not types & self.excluded


#: the kinds of sections the home page can show (``home.sections``)
SECTION_KINDS = ("programme", "people", "list", "timeline", "themes", "statements")


@dataclass(frozen=True)
class HomeSection:
    """A section of the home page, by content: the programme (events and their parts), people
    by their role, a list of things of some classes, the timeline, the themes or the statements.
    ``classes``/``excluded`` choose the things (for programme, people and list); ``limit`` bounds
    a list."""

    kind: str
    title_de: str
    title_en: str
    classes: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    limit: int = 60


@dataclass(frozen=True)
class Home:
    entry_points: tuple[EntryPoint, ...]
    #: what the home page shows, in this order (a section without anything to show is left out)
    sections: tuple[HomeSection, ...] = ()
    #: the property naming the kind of a role someone held (people are grouped by it)
    role_kind: str = ""


@dataclass(frozen=True)
class Classes:
    #: listed first on the home page and the class index, in this order; the rest by size
    order: tuple[str, ...]
    #: classes that get no index page of their own
    without_index: frozenset[str]
    #: the graph's scaffolding (namespaces or classes), listed apart and left out of the search
    technical: tuple[str, ...]
    #: classes that say little next to a more specific one (the primary type is another)
    generic: frozenset[str]

    def is_technical(self, cls: str) -> bool:
        return cls.startswith(self.technical)


@dataclass(frozen=True)
class Properties:
    #: facts shown first on entity pages, in this order; the rest by label
    order: tuple[str, ...]
    #: links that entity pages do not list under "referenced by"
    hidden_incoming: frozenset[str]


@dataclass(frozen=True)
class Timeline:
    entry_class: str
    #: the properties a date is read from, best first
    dates: tuple[str, ...]
    #: other dated things shown beside the entries: instances of these classes
    others: tuple[str, ...]
    #: the years of those other things: [from, to) — ``None``: all
    window: tuple[int, int] | None
    #: the axis covers at least these years (first, last) — ``None``: the entries' years
    axis: tuple[int, int] | None
    #: the kinds of marker (law, institution, report, event …) by class, the first that holds
    #: wins; a kind without classes takes the rest
    kinds: tuple[Group, ...] = ()
    #: the levels (federal, state …) by the class of a place the entry names through one of
    #: ``level_from``; an entry without such a place has no level
    levels: tuple[Group, ...] = ()
    #: the properties a level's place is read from, best first (jurisdiction, area served, place)
    level_from: tuple[str, ...] = ()

    def kind_of(self, types: set[str]) -> str:
        for kind in self.kinds:
            if kind.holds(types):
                return kind.key
        return next((k.key for k in self.kinds if not k.classes), "")

    def level_of(self, types: set[str]) -> str | None:
        return next((lv.key for lv in self.levels if lv.holds(types)), None)


@dataclass(frozen=True)
class Themes:
    #: the path (below the base IRI) of the theme schemes; other schemes are vocabularies
    schemes: str
    #: the properties that say what something is about
    about: frozenset[str]
    #: what concerns a theme, grouped, in the order shown
    groups: tuple[Group, ...]
    #: the groups in the order they claim a node that fits several
    precedence: tuple[Group, ...]
    lead_de: str
    lead_en: str

    def group_of(self, types: set[str]) -> str:
        """The key of the group a node of these classes is shown in ("" if none takes it)."""
        for group in self.precedence:
            if group.holds(types):
                return group.key
        return next((g.key for g in self.groups if not g.classes), "")


@dataclass(frozen=True)
class Search:
    #: the order of the index (and of equally good hits): a class of the first rank first
    ranks: tuple[frozenset[str], ...]
    #: the class indexes offered for browsing, in this order
    browse: tuple[str, ...]
    #: names to try, shown in the search field
    examples: tuple[str, ...]

    def rank(self, types: set[str]) -> int:
        return next((i for i, classes in enumerate(self.ranks) if types & classes), len(self.ranks))


@dataclass(frozen=True)
class Network:
    #: the kinds of nodes, in the order of the circle; the first kind's nodes are the table's rows
    kinds: tuple[Group, ...]
    #: an edge has a node of one of these kinds at an end
    hubs: frozenset[str]
    #: nodes of these classes connect nothing
    skip: frozenset[str]
    #: links through which a node takes part in or belongs to another (performer, organizer,
    #: attendee, affiliation, member, author …): a line drawn solid
    participation: frozenset[str] = frozenset()
    #: links through which a node is only named by or about another (mentions, about,
    #: references …): a line drawn dashed. A link in neither list connects nothing; a path through
    #: a node between two (a role, a statement, a timeline entry) is participation only when both
    #: of its links are
    mention: frozenset[str] = frozenset()

    def kind_of(self, types: set[str]) -> str | None:
        return next((k.key for k in self.kinds if k.holds(types)), None)


@dataclass(frozen=True)
class Void:
    #: ``void:exampleResource``: the first instance of each of these classes
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    home: Home
    classes: Classes
    properties: Properties
    timeline: Timeline
    themes: Themes
    search: Search
    network: Network
    void: Void


_CARD = ("title", "text_de", "text_en")



class ProfileError(ValueError):
    """A key of the profile cannot be used (the message names it); the settings raise it as a
    :class:`~dialoggraph.config.ConfigError`."""


def read_profile(table, base_iri: str) -> Profile:
    """The profile of a project at ``base_iri`` from its ``[tool.dialoggraph.profile]`` table
    (``{}`` or ``None``: the defaults)."""
    r = _Reader(prefix_map(base_iri))
    table = r.table({} if table is None else table, "profile", set(DEFAULTS))
    sec = {}
    for name, defaults in DEFAULTS.items():
        given = r.table(table.get(name, {}), f"profile.{name}", set(defaults) | _OPTIONAL.get(name, set()))
        sec[name] = _Section(r, f"profile.{name}", {**defaults, **given}, given)
    home, classes, props, tl, th, se, nw, void = sec.values()
    groups = th.groups("groups")
    by_key = {g.key: g for g in groups}
    # a project's own groups claim in their own order unless it says otherwise; likewise its
    # own kinds of network nodes are all hubs
    precedence = [g.key for g in groups] if "groups" in th.given and "precedence" not in th.given \
        else th.keys("precedence", list(by_key))
    kinds = nw.groups("kinds")
    if len(kinds) < 2:
        raise ProfileError("profile.network.kinds: needs two kinds at least (the network connects different kinds)")
    hubs = [k.key for k in kinds] if "kinds" in nw.given and "hubs" not in nw.given \
        else nw.keys("hubs", [k.key for k in kinds])
    return Profile(
        home=Home(home.entry_points("entry_points"), home.sections("sections"), home.iri("role_kind")),
        classes=Classes(tuple(classes.iri_list("order")), frozenset(classes.iri_list("without_index")),
                        tuple(classes.iri_list("technical", namespaces=True)), frozenset(classes.iri_list("generic"))),
        properties=Properties(tuple(props.iri_list("order")), frozenset(props.iri_list("hidden_incoming"))),
        timeline=Timeline(tl.iri("entry_class"), tuple(tl.iri_list("dates")), tuple(tl.iri_list("others")),
                          tl.years("window", half_open=True), tl.years("axis"), tl.groups("kinds"),
                          _levels(tl.groups("levels")), tuple(tl.iri_list("level_from"))),
        themes=Themes(th.text("schemes"), frozenset(th.iri_list("about")), groups,
                      tuple(by_key[k] for k in precedence), th.text("lead_de"), th.text("lead_en")),
        search=Search(tuple(frozenset(r.iri_list(rank, f"profile.search.ranks[{i}]"))
                            for i, rank in enumerate(se.list("ranks"))),
                      tuple(se.iri_list("browse")), tuple(se.texts("examples"))),
        network=Network(kinds, frozenset(hubs), frozenset(nw.iri_list("skip")),
                        frozenset(nw.iri_list("participation")), frozenset(nw.iri_list("mention"))),
        void=Void(tuple(void.iri_list("examples"))),
    )


#: the levels a timeline can tell apart (its lanes on the axis)
MAX_LEVELS = 5


def _levels(levels: tuple[Group, ...]) -> tuple[Group, ...]:
    if len(levels) > MAX_LEVELS:
        raise ProfileError(f"profile.timeline.levels: {MAX_LEVELS} levels at most, got {len(levels)}")
    unclassed = [lv.key for lv in levels if not lv.classes]
    if unclassed:
        raise ProfileError(f"profile.timeline.levels: {unclassed[0]!r} needs the classes of its places")
    return levels


#: keys without a default value (absent: not set)
_OPTIONAL = {"timeline": {"window", "axis"}}


class _Section:
    """The values of one table of the profile (defaults merged), read key by key."""

    def __init__(self, reader: "_Reader", where: str, values: dict, given: dict):
        self.r, self.where, self.values, self.given = reader, where, values, given

    def __getattr__(self, check: str):
        """``section.iri("entry_class")`` → ``reader.iri(value, "profile.timeline.entry_class")``."""
        method = getattr(self.r, check)
        return lambda k, *args, **kw: method(self.values.get(k), f"{self.where}.{k}", *args, **kw)


class _Reader:
    """Checks and converts the values of the profile; every error names its key."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes

    def table(self, value, key: str, known: set[str]) -> dict:
        if not isinstance(value, dict):
            raise ProfileError(f"{key}: expected a table, got {value!r}")
        unknown = sorted(set(value) - known)
        if unknown:
            raise ProfileError(f"{key}.{unknown[0]}: unknown key (known: {', '.join(sorted(known))})")
        return value

    def list(self, value, key: str) -> list:
        if not isinstance(value, list):
            raise ProfileError(f"{key}: expected a list, got {value!r}")
        return value

    def text(self, value, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{key}: expected a text, got {value!r}")
        return value

    def texts(self, value, key: str) -> list[str]:
        return [self.text(v, f"{key}[{i}]") for i, v in enumerate(self.list(value, key))]

    def iri(self, value, key: str, namespace: bool = False) -> str:
        """A CURIE of the project's prefixes or a full http(s) IRI; ``prefix:`` alone (the
        namespace) only where ``namespace``."""
        if not isinstance(value, str) or ":" not in value:
            raise ProfileError(f"{key}: expected a CURIE (schema:Person) or an http(s) IRI, got {value!r}")
        if value.startswith(("http://", "https://")):
            return value
        prefix, local = value.split(":", 1)
        if prefix not in self.prefixes:
            raise ProfileError(f"{key}: unknown prefix {prefix!r} in {value!r} (known: {', '.join(self.prefixes)})")
        if not local and not namespace:
            raise ProfileError(f"{key}: {value!r} names a namespace, not a term")
        return self.prefixes[prefix] + local

    def iri_list(self, value, key: str, namespaces: bool = False) -> list[str]:
        return [self.iri(v, f"{key}[{i}]", namespaces) for i, v in enumerate(self.list(value, key))]

    def keys(self, value, key: str, allowed: list[str]) -> list[str]:
        out = []
        for i, v in enumerate(self.list(value, key)):
            if v not in allowed:
                raise ProfileError(f"{key}[{i}]: {v!r} is none of {', '.join(allowed)}")
            out.append(v)
        return out

    def years(self, value, key: str, half_open: bool = False) -> tuple[int, int] | None:
        if value is None:
            return None
        if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)
                and value[0] < value[1] + (0 if half_open else 1)):
            shape = "[from, to) as two years, from before to" if half_open else "[first, last] as two years in order"
            raise ProfileError(f"{key}: expected {shape}, got {value!r}")
        return (value[0], value[1])

    def entry_points(self, value, key: str) -> tuple[EntryPoint, ...]:
        out = []
        for i, v in enumerate(self.list(value, key)):
            where = f"{key}[{i}]"
            v = self.table(v, where, {"page", "class", *_CARD})
            if ("page" in v) == ("class" in v):
                raise ProfileError(f"{where}: needs either page (a site page) or class (a class index)")
            missing = [k for k in _CARD if k not in v]
            if missing:
                raise ProfileError(f"{where}.{missing[0]}: missing")
            page = v.get("page")
            if page is not None and page not in SITE_PAGES:
                raise ProfileError(f"{where}.page: {page!r} is none of {', '.join(SITE_PAGES)}")
            cls = self.iri(v["class"], f"{where}.class") if "class" in v else None
            out.append(EntryPoint(page, cls, *(self.text(v[k], f"{where}.{k}") for k in _CARD)))
        return tuple(out)

    def sections(self, value, key: str) -> tuple[HomeSection, ...]:
        out = []
        for i, v in enumerate(self.list(value, key)):
            where = f"{key}[{i}]"
            v = self.table(v, where, {"kind", "title_de", "title_en", "classes", "excluded", "limit"})
            for k in ("kind", "title_de", "title_en"):
                if k not in v:
                    raise ProfileError(f"{where}.{k}: missing")
            if v["kind"] not in SECTION_KINDS:
                raise ProfileError(f"{where}.kind: {v['kind']!r} is none of {', '.join(SECTION_KINDS)}")
            classes = frozenset(self.iri_list(v.get("classes", []), f"{where}.classes"))
            if v["kind"] in ("programme", "people", "list") and not classes:
                raise ProfileError(f"{where}.classes: a {v['kind']} section needs the classes of its things")
            limit = v.get("limit", 60)
            if type(limit) is not int or limit < 1:
                raise ProfileError(f"{where}.limit: expected a positive number, got {limit!r}")
            out.append(HomeSection(v["kind"], self.text(v["title_de"], f"{where}.title_de"),
                                   self.text(v["title_en"], f"{where}.title_en"), classes,
                                   frozenset(self.iri_list(v.get("excluded", []), f"{where}.excluded")), limit))
        return tuple(out)

    def groups(self, value, key: str) -> tuple[Group, ...]:
        out, seen = [], set()
        for i, v in enumerate(self.list(value, key)):
            where = f"{key}[{i}]"
            v = self.table(v, where, {"key", "label_de", "label_en", "classes", "excluded", "column_de"})
            for k in ("key", "label_de", "label_en"):
                if k not in v:
                    raise ProfileError(f"{where}.{k}: missing")
            name = self.text(v["key"], f"{where}.key")
            if not name.replace("-", "").isalnum() or not name.isascii() or name in seen:
                raise ProfileError(f"{where}.key: {name!r} must be a new word of letters, digits and '-'")
            seen.add(name)
            out.append(Group(name, self.text(v["label_de"], f"{where}.label_de"),
                             self.text(v["label_en"], f"{where}.label_en"),
                             frozenset(self.iri_list(v.get("classes", []), f"{where}.classes")),
                             frozenset(self.iri_list(v.get("excluded", []), f"{where}.excluded")),
                             self.text(v.get("column_de", v["label_de"]), f"{where}.column_de")))
        return tuple(out)
