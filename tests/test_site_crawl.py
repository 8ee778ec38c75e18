"""Crawl the whole built site from its home page: every internal link (href, src, form action)
resolves to a file, every #fragment to an element id, and every page is reachable."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.dgkit import built_site
from tests.render_support import read_page


def _is_internal(link: str) -> bool:
    scheme = urlsplit(link).scheme
    return not scheme and not link.startswith("//")


def test_crawl_whole_site(settings):
    site = built_site(settings).resolve()
    pages: dict[Path, object] = {}
    queue = deque([site / "index.html"])
    seen = {site / "index.html"}
    broken, bad_fragments, fragment_checks = [], [], []
    while queue:
        path = queue.popleft()
        page = pages[path] = read_page(path)
        for attr, link in page.links:
            if not _is_internal(link):
                continue
            parts = urlsplit(link)
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/"):
                target = target / "index.html"
            if site not in target.parents and target != site:
                broken.append((str(path.relative_to(site)), link, "leaves the site"))
                continue
            if not target.is_file():
                broken.append((str(path.relative_to(site)), link))
                continue
            if parts.fragment:
                fragment_checks.append((path, link, target, unquote(parts.fragment)))
            if target.suffix == ".html" and target not in seen:
                seen.add(target)
                queue.append(target)
    for source, link, target, fragment in fragment_checks:
        page = pages.get(target) or read_page(target)
        if fragment not in page.ids:
            bad_fragments.append((str(source.relative_to(site)), link))
    assert not broken, broken[:20]
    assert not bad_fragments, bad_fragments[:20]
    all_pages = {p.resolve() for p in site.rglob("*.html")}
    unreachable = sorted(str(p.relative_to(site)) for p in all_pages - seen)
    assert not unreachable, unreachable[:20]
    assert len(seen) > 100
