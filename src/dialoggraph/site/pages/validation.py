"""The validation report's page: every SHACL result with its focus node, path, message and shape."""

from __future__ import annotations

from collections import Counter

from ..values import Value
from .common import site_file, write


def write_validation(site) -> None:
    report = site.graphs.report
    links = site.links
    root = "../"
    rows = []
    for r in report.results:
        focus = links.value(r.focus, root) if r.focus.startswith(("http://", "https://")) else Value("text", r.focus)
        path = links.term(r.path, root) if r.path.startswith(("http://", "https://")) else Value("text", r.path)
        de, _, en = r.message.partition(" / ")
        rows.append({"severity": r.severity, "focus": focus, "path": path, "value": r.value,
                     "de": de, "en": en, "shape": site.links.curie(r.shape), "origin": r.origin})
    counts = Counter(r.severity for r in report.results)
    write(site, site_file("validation.html"), "validation.html", rows=rows, conforms=report.conforms,
          counts=counts, summary=site.graphs.summary)
