"""Validated graph → a browsable static site: one page per document path, the site's own pages,
search, and each page's description for machines.

``Site(graphs, out_dir)`` indexes the sorted triples in one pass (:class:`.index.SiteIndex`) and
ties the parts together: :class:`.links.Links` (where a node is described), :class:`.entity.EntityPages`
(an entity's page), :class:`.descriptions.Descriptions` (its Turtle and JSON-LD), :mod:`.pages` (home,
class indexes, search, timeline, themes, network, reading view, ontology, validation, files for
machines) and the one Jinja2 environment (:mod:`.templates`). ``Site.tasks()`` hands the pages to
the build as independent tasks (:mod:`dialoggraph.runtime`). An entity's annotations are fragments
of its own document, so its page holds its passages and there is no page per annotation. Links
between pages are relative, so the site works from any folder, from ``file://`` and behind the
server.

Safety rules, enforced by the templates and :mod:`.markup`, proven by tests/test_render_xss.py:

* every literal and label reaches the HTML escaped (Jinja2 autoescape, MarkupSafe's ``escape``);
* only ``http``/``https`` IRIs become outside links, relative links are made from publishable
  document paths (:mod:`dialoggraph.rdf.paths`); any other IRI (``javascript:``, ``data:``…) is text;
* JSON-LD inside ``<script>`` goes through Jinja's ``tojson`` (``<``, ``>``, ``&``, ``'`` escaped).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dialoggraph.export.dumps import EXPORT_FILES
from dialoggraph.rdf.paths import STATIC_DIR, depth_prefix, description_files, page_file
from dialoggraph.rdf.prefixes import Prefixes

from . import pages
from .descriptions import Descriptions, write_file
from .entity import EntityPages
from .index import SiteIndex
from .links import Links, class_page_files
from .statement_views import BROWSER
from .pages.reading import Reading
from .templates import Chrome, environment, ontology_path

CHUNK = 500  # entity pages per task
#: site pages written last, in the build's own process: the home page lists the dumps with their
#: sizes, the validation page shows the report (which may arrive from a process of its own)
FINAL_PAGES = ("home", "validation")


def entity_files(dp: str) -> list[str]:
    """The files :meth:`Site.write_entity` writes for the document path ``dp`` (relative to the
    output folder): its page (none for the base IRI's own path: that is the home page) and its
    descriptions (none where a dump of that name is written)."""
    files = description_files(dp)
    page = files.pop("text/html")
    return ([page] if dp != "" else []) + [f for f in files.values() if f not in EXPORT_FILES]


def entity_pages_task(site: "Site", chunk: list[str]) -> int:
    """A worker task (see :mod:`dialoggraph.runtime`): write the entity pages of ``chunk``."""
    for dp in chunk:
        site.write_entity(dp)
    return len(chunk)


def site_page_task(site: "Site", name: str) -> int:
    """A worker task: write one of the site's own pages (:data:`.pages.PAGES`)."""
    pages.write_one(site, name)
    return 1


class Site:
    """The site of a validated graph (``graphs``: settings, corpus, data, VoID, summary, report),
    written into ``out_dir``."""

    #: tables an incremental build does not record reads of: their content does not reach a
    #: page (dialoggraph.incremental.reads)
    PURE_CACHES = ("_dirs", "chunk_costs")

    def __init__(self, graphs, out_dir: Path):
        self.graphs = graphs
        self.settings = settings = graphs.settings
        self.out = out_dir
        self.outs = str(out_dir) + os.sep
        self.base = settings.base_iri
        #: what this dataset decides about how it looks ([tool.dialoggraph.profile])
        self.profile = settings.profile
        self.ontology = graphs.corpus.ontology
        data = list(graphs.data) + sorted(graphs.void, key=str)
        self.index = SiteIndex(self.base, data, self.ontology, self.profile.classes.generic)
        self.prefixes = Prefixes(self.base)
        self.env = environment(settings)
        self.chrome = Chrome(self.env)
        # document paths that have a page: the data's, the ontology's and the home page
        self.ontology_path = ontology_path(settings)
        page_paths = set(self.index.pages) | {self.ontology_path, ""}
        self.class_pages = class_page_files(set(self.index.instances) - self.profile.classes.without_index,
                                            self.prefixes)
        if len(self.index.statements):  # the statements browser replaces their class index
            for cls in self.index.statements.model.classes:
                if cls in self.class_pages:
                    self.class_pages[cls] = BROWSER
        self.links = Links(self.index, self.base, settings.ontology_ns, page_paths, self.class_pages,
                           self.prefixes)
        # the server's own SPARQL route is no link on a static host (only a configured endpoint is)
        if settings.sparql_endpoint != settings.served_endpoint:
            self.links.not_links = frozenset({settings.served_endpoint})
        self.descriptions = Descriptions(self.index, self.base, self.outs, self.prefixes)
        #: the source text and the parts of the reading view (entity pages link their passages there)
        self.reading = Reading(settings)
        self.entities: EntityPages | None = None  # made by tasks(), before any worker forks
        self._dirs: set[Path] = set()
        self.chunk_costs: dict[str, int] = {}

    # ------------------------------------------------------------------ tasks

    def tasks(self) -> tuple[list, list]:
        """The pages as worker tasks: (the site's own pages, longest first, then the entity pages
        in chunks; the final pages, for after everything else). Writes the static files and
        prepares the templates first, so that forked workers inherit them."""
        self.write_static()
        self.entities = EntityPages(self.settings, self.index, self.links, self.chrome,
                                    self.env.get_template("entity.html"), self.reading)
        paths = sorted(self.index.pages)
        first = [(site_page_task, name) for name in pages.PAGES if name not in FINAL_PAGES]
        chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
        # the costly chunks first (a theme cited ten thousand times sorts all its citations), so
        # no worker is left alone with a long one at the end; the cheapest come last
        #: a chunk's first page → the chunk's cost (the build gives costly chunks a worker each)
        self.chunk_costs = {chunk[0]: sum(map(self.page_cost, chunk)) for chunk in chunks}
        chunks.sort(key=lambda chunk: -self.chunk_costs[chunk[0]])
        first += [(entity_pages_task, chunk) for chunk in chunks]
        return first, [(site_page_task, name) for name in FINAL_PAGES]

    def chunk_cost(self, chunk: list[str]) -> int:
        cost = self.chunk_costs.get(chunk[0])
        return cost if cost is not None and len(chunk) == CHUNK else sum(map(self.page_cost, chunk))

    def page_cost(self, dp: str) -> int:
        """A page's work, roughly: its triples and the triples pointing to its subjects."""
        incoming = self.index.incoming
        return sum(len(triples) + len(incoming.get(s, ())) for s, triples in self.index.pages[dp].items())

    # ------------------------------------------------------------------ writing

    def write_entity(self, dp: str) -> None:
        """The page of ``dp`` and its descriptions (the base IRI's own page is the home page)."""
        subjects = self.index.pages[dp]
        main = self.index.main_subject(dp)
        file = page_file(dp)
        root = depth_prefix(file)
        self.ensure_dir((self.out / file).parent)
        if dp != "":
            html = self.entities.html(dp, main, subjects, file, root)
            write_file(self.outs + file, html.encode("utf-8"))
        self.descriptions.write(dp, subjects)

    def ensure_dir(self, folder: Path) -> None:
        if folder not in self._dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)

    def write_static(self) -> None:
        shutil.copytree(Path(__file__).parent / "static", self.out / STATIC_DIR, dirs_exist_ok=True)
