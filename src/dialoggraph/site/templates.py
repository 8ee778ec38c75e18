"""The one Jinja2 environment of the program: every HTML page — the site's and the server's —
comes from :func:`environment`.

It needs no built graph: ``environment()`` alone gives the templates with the rules below;
``environment(settings)`` adds what the page chrome shows of the dataset (title, licence,
the ontology's page). The rules:

* autoescape for every template and every string template: data never becomes markup;
* ``tojson`` writes sorted, compact JSON that keeps non-ASCII text (``<``, ``>``, ``&``, ``'``
  still escaped by Jinja), so JSON-LD in a page is deterministic;
* ``trim_blocks``/``lstrip_blocks``: block tags leave no blank lines; files end as written;
* the HTML helpers of :mod:`.markup` (``value``, ``fact_list`` …) and the site's folders
  (``SITE``, ``STATIC``) are globals of every template.

A page template extends ``base.html`` and receives ``root`` (the way back to the site's root,
``""`` or ``"../"`` …), ``file`` and ``chrome`` (:class:`Chrome`: the head links, header and
footer, rendered once per depth).
"""

from __future__ import annotations

from types import SimpleNamespace

from jinja2 import Environment, PackageLoader, select_autoescape

from dialoggraph.config import Settings
from dialoggraph.rdf.paths import SITE_DIR, STATIC_DIR, depth_prefix, document_path, page_file

from . import markup
from .values import is_web_iri

#: names of common licences, by IRI without a final slash
LICENSES = {"https://creativecommons.org/licenses/by/4.0": "CC BY 4.0",
            "https://creativecommons.org/publicdomain/zero/1.0": "CC0 1.0",
            "https://creativecommons.org/licenses/by-sa/4.0": "CC BY-SA 4.0"}

#: ``tojson``: sorted keys, no spaces, non-ASCII as written
JSON_DUMPS = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}


def environment(settings: Settings | None = None) -> Environment:
    """A configured environment (see the module documentation); with ``settings``, the chrome's
    dataset globals too (:func:`dataset_globals`)."""
    env = Environment(loader=PackageLoader("dialoggraph.site", "templates"), auto_reload=False,
                      autoescape=select_autoescape(("html", "xml"), default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = dict(JSON_DUMPS)
    env.globals.update(SITE=SITE_DIR, STATIC=STATIC_DIR, **markup.GLOBALS)
    if settings is not None:
        env.globals.update(dataset_globals(settings))
    return env


def dataset_globals(settings: Settings) -> dict:
    """What the header and footer show of the dataset: its brand (the title up to the first
    comma), titles, licence (a link only for an http(s) IRI) and the ontology's page."""
    meta = settings.dataset
    lic = meta.license
    return {"site_brand": meta.title_de.split(",")[0], "site_title": meta.title_de,
            "site_title_en": meta.title_en, "license": lic if is_web_iri(lic) else None,
            "license_name": LICENSES.get(lic.rstrip("/"), lic),
            "ontology_page": page_file(ontology_path(settings))}


def ontology_path(settings: Settings) -> str:
    """The document path of the project's ontology (its page and descriptions)."""
    return document_path(settings.ontology_ns, settings.base_iri)


class Chrome:
    """Head links, header and footer of a page at a depth (``root``), rendered once by the macros
    of ``_chrome.html`` and reused by every page at that depth."""

    #: tables whose entries depend on their key, the settings and the ontology alone: an
    #: incremental build does not record reads of them (dialoggraph.incremental.reads)
    PURE_CACHES = ("_by_root",)

    def __init__(self, env: Environment):
        self._macros = env.get_template("_chrome.html").module
        self._by_root: dict[str, SimpleNamespace] = {}

    def at(self, root: str) -> SimpleNamespace:
        c = self._by_root.get(root)
        if c is None:
            m = self._macros
            c = self._by_root[root] = SimpleNamespace(head=m.head(root), header=m.header(root),
                                                      footer=m.footer(root))
        return c


def render_page(env: Environment, chrome: Chrome, template: str, file: str, **ctx) -> str:
    """A page of the site (or the server) at ``file``, relative to the site's root."""
    root = depth_prefix(file)
    return env.get_template(template).render(root=root, file=file, chrome=chrome.at(root), **ctx)
