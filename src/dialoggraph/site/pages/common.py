"""What every page of the site's own uses: writing a page, the site's folder, technical classes,
the units of a page."""

from __future__ import annotations

from contextlib import contextmanager

from dialoggraph.rdf.paths import SITE_DIR

from ..templates import render_page


def write(site, rel: str, template: str, **ctx) -> None:
    """Render ``template`` as the page ``rel`` (relative to the site's folder) and write it."""
    html = render_page(site.env, site.chrome, template, rel, **ctx)
    target = site.out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def site_file(name: str) -> str:
    """A page in the site's own folder (``_site/``)."""
    return f"{SITE_DIR}/{name}"


def is_technical(site, cls: str) -> bool:
    """A class of the graph's scaffolding (annotations, times, the dataset's description)."""
    return site.profile.classes.is_technical(cls)


def listed_first(site):
    """A class's place in the profile's order of classes (those not named: after them)."""
    order = {cls: i for i, cls in enumerate(site.profile.classes.order)}
    return lambda cls: order.get(cls, len(order))


#: the site's own pages a link (an entry point on the home page) may name, by file
PAGE_FILES = {"read": "read.html", "statements": "statements.html", "timeline": "timeline.html", "themes": "themes.html",
              "network": "network.html", "search": "search.html", "classes": "classes/index.html",
              "validation": "validation.html"}


def page_href(site, name: str) -> str | None:
    """The file of one of the site's own pages, relative to the site's folder (``None`` for the
    statements browser of a dataset without statements)."""
    if name == "statements" and not len(site.index.statements):
        return None
    if name == "ontology":
        return site.env.globals["ontology_page"]
    return site_file(PAGE_FILES[name])


class Units:
    """The units of a site page that an incremental build renders or keeps one by one (one
    page of a class's members, one part of the reading view), so that an edit re-renders only
    the units that show it. A page asks for each of its units in turn, every time, in a ``with``:

        with unit("classes", name, token) as render:
            if render:
                ...  # this unit's pages

    ``render`` is False when the build keeps the unit's files from the last build; the build
    records what a unit reads and which files it writes between entering and leaving
    (:mod:`dialoggraph.incremental.site_pages`). A unit's pages may depend only on what the unit
    reads, on what the page read outside its units, and on its ``token``: what the page hands
    into the unit that the unit does not read itself (the members on one page of a class,
    sorted by the labels of all members). A token is made of strings, numbers and tuples; a unit
    whose token is not the last build's is rendered again. Work whose every effect on the pages
    goes into tokens may run :meth:`untracked`: its reads are not recorded (a label that moves
    a member to another page changes two tokens, not every page of the class). Anything else
    the page carries from one unit to the next is worked out outside the units. This default,
    without an incremental build, renders every unit."""

    @contextmanager
    def unit(self, page: str, name: str, token=None):
        yield True

    @contextmanager
    def untracked(self, page: str):
        yield


#: the units of the page being written (an incremental build puts its own in place, per task)
UNITS: list[Units] = [Units()]


def unit(page: str, name: str, token=None):
    """The unit ``name`` of the site page ``page`` (see :class:`Units`)."""
    return UNITS[0].unit(page, name, token)


def untracked(page: str):
    """Reads of the site page ``page`` that only reach its pages through tokens (see :class:`Units`)."""
    return UNITS[0].untracked(page)
