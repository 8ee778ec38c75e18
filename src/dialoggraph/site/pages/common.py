"""What every page of the site's own uses: writing a page, the site's folder, technical classes."""

from __future__ import annotations

from dialoggraph.rdf.paths import SITE_DIR

from .. import labels as L
from ..templates import render_page

#: classes that the home page lists apart, as the technical scaffolding of the graph
TECHNICAL_NS = (L.OA, L.TIME, L.VOID, L.DCAT)


def write(site, rel: str, template: str, **ctx) -> None:
    """Render ``template`` as the page ``rel`` (relative to the site's folder) and write it."""
    html = render_page(site.env, site.chrome, template, rel, **ctx)
    target = site.out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def site_file(name: str) -> str:
    """A page in the site's own folder (``_site/``)."""
    return f"{SITE_DIR}/{name}"


def is_technical(cls: str) -> bool:
    return cls.startswith(TECHNICAL_NS)
