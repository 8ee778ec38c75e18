"""Files for machines: the sitemap (split past 50 000 addresses), robots.txt, and the Apache
rules for content negotiation on a static host."""

from __future__ import annotations

import shutil
from pathlib import Path

from dialoggraph.rdf.paths import SITE_DIR

SITEMAP_LIMIT = 50000
#: the site's own pages in the sitemap (besides the home page, the ontology and every entity)
SITEMAP_PAGES = ("read.html", "timeline.html", "themes.html", "network.html", "search.html", "statements.html",
                 "questions.html", "classes/index.html", "validation.html")


def write_machine_files(site) -> None:
    base = site.base
    urls = [base] + [base + f"{SITE_DIR}/{n}" for n in SITEMAP_PAGES]
    urls += [base + site.ontology_path]
    urls += [base + dp for dp in sorted(site.index.pages) if dp != ""]
    chunks = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)]
    tmpl = site.env.get_template("sitemap.xml")
    if len(chunks) == 1:
        (site.out / "sitemap.xml").write_text(tmpl.render(urls=urls), encoding="utf-8")
    else:
        names = []
        for i, chunk in enumerate(chunks, start=1):
            name = f"sitemap-{i}.xml"
            (site.out / name).write_text(tmpl.render(urls=chunk), encoding="utf-8")
            names.append(base + name)
        (site.out / "sitemap.xml").write_text(
            site.env.get_template("sitemap-index.xml").render(maps=names), encoding="utf-8")
    (site.out / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8")
    server = Path(__file__).resolve().parents[1] / "static" / "server"
    if (server / "htaccess").is_file():
        shutil.copyfile(server / "htaccess", site.out / ".htaccess")
