"""Helpers for the site tests: a strict HTML reader (balanced tags, ids, links, headings,
scripts, embedded JSON-LD) used on every built page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_SELF_CLOSING_OK = {"path", "circle", "line", "rect", "polyline", "polygon", "ellipse"}


@dataclass
class Page:
    path: Path
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, value)
    headings: list[int] = field(default_factory=list)
    tags: list[tuple[str, dict]] = field(default_factory=list)
    scripts: list[dict] = field(default_factory=list)  # attrs + "text"
    errors: list[str] = field(default_factory=list)
    lang: str | None = None

    @property
    def jsonld(self) -> list:
        return [json.loads(s["text"]) for s in self.scripts if s.get("type") == "application/ld+json"]


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []
        self.script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.page.tags.append((tag, a))
        if tag == "html":
            self.page.lang = a.get("lang")
        if "id" in a:
            self.page.ids.append(a["id"])
        for name in ("href", "src", "action"):
            if name in a:
                self.page.links.append((name, a[name] or ""))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.page.headings.append(int(tag[1]))
        if tag == "script":
            self.script = {**a, "text": ""}
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in VOID or tag in SVG_SELF_CLOSING_OK:
            self.handle_starttag(tag, attrs)
            if tag not in VOID:
                self.stack.pop()
        else:
            self.page.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.page.errors.append(f"end tag for void element </{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.page.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}> "
                                    f"at line {self.getpos()[0]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script" and self.script is not None:
            self.page.scripts.append(self.script)
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script["text"] += data


def read_page(path: Path) -> Page:
    page = Page(path)
    text = path.read_text(encoding="utf-8")
    if not text.startswith("<!DOCTYPE html>"):
        page.errors.append("no <!DOCTYPE html>")
    reader = _Reader(page)
    reader.feed(text)
    reader.close()
    if reader.stack:
        page.errors.append(f"unclosed elements: {reader.stack}")
    dupes = {i for i in page.ids if page.ids.count(i) > 1}
    if dupes:
        page.errors.append(f"duplicate ids: {sorted(dupes)[:5]}")
    return page


def heading_problems(levels: list[int]) -> list[str]:
    """WCAG basics: exactly one h1, first; no level skipped on the way down."""
    out = []
    if levels.count(1) != 1 or (levels and levels[0] != 1):
        out.append(f"expected one h1 first, got {levels[:5]}")
    for prev, cur in zip(levels, levels[1:]):
        if cur > prev + 1:
            out.append(f"h{prev} followed by h{cur}")
            break
    return out


# ---------------------------------------------------------------------------- hostile fixture

HOSTILE_SOURCE = """Dokumentation <script>alert('doc')</script>

Eve </script><script>alert('eve')</script> arbeitet bei ACME "><svg onload=alert('org')>.

2005 <script>alert('tl')</script> wurde etwas beschlossen.

Auf der Tagung "><svg onload=alert('event')> sagte Eve: <script>alert('claim')</script> über Thema "><img src=x onerror=alert('theme')> als These "><img src=x onerror=alert('kind')>.

- Ein Punkt mit [<img src=x onerror=alert('md')>](javascript:void) und *<svg onload=alert('em')>* \\<b>
"""

HOSTILE_DATA = r'''@prefix dg: <> .
@prefix dgo: <ontology#> .
@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<doc/track-doku-2016#id> a schema:Report , bibo:Document ;
    schema:name "Dokumentation <script>alert('doc')</script>"@de ;
    dgo:anchorText "Dokumentation <script>alert('doc')</script>" .

<doc/track-doku-2016/section/kopf#id> a dgo:DocumentSection ;
    schema:name "\"><img src=x onerror=alert('section')>"@de ;
    schema:position 1 ; schema:isPartOf <doc/track-doku-2016#id> ;
    dgo:anchorText "Dokumentation <script>alert('doc')</script>" .

<person/eve#id> a schema:Person , foaf:Person ;
    schema:name "Eve </script><script>alert('eve')</script>" ;
    schema:alternateName "\"><img src=x onerror=alert('alt')>" ;
    schema:description "<b>fett</b> & <i>kursiv</i> \u2028 '\"` </SCRIPT >"@de ;
    schema:sameAs <javascript:alert('same')> ;
    schema:url <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==> ;
    owl:sameAs <vbscript:msgbox('vb')> , <JavaScript:alert('case')> ;
    schema:affiliation <org/acme#id> ;
    dgo:anchorText "Eve </script><script>alert('eve')</script>" .

<org/acme#id> a schema:Organization , org:FormalOrganization ;
    schema:name "ACME \"><svg onload=alert('org')>"@de ;
    dgo:anchorText "ACME \"><svg onload=alert('org')>" .

<timeline/2005-x#id> a dgo:TimelineEntry , schema:Event , prov:Activity ;
    schema:name "2005: <script>alert('tl')</script>"@de ;
    schema:startDate "2005"^^xsd:gYear ;
    time:hasTime <timeline/2005-x#time> ;
    schema:mentions <person/eve#id> ;
    dgo:anchorText "2005 <script>alert('tl')</script>" .
<timeline/2005-x#time> a time:Instant ; time:inXSDgYear "2005"^^xsd:gYear .

<event/tagung#id> a schema:Event ;
    schema:name "Tagung \"><svg onload=alert('event')>"@de ;
    schema:performer <person/eve#id> ;
    dgo:anchorText "Auf der Tagung \"><svg onload=alert('event')>" .

<theme/#scheme> a skos:ConceptScheme , schema:DefinedTermSet ;
    skos:prefLabel "Themen \"><img src=x onerror=alert('scheme')>"@de ;
    skos:hasTopConcept <theme/evil#id> , <statement-type/evil#id> ;
    dgo:anchorText "über Thema" .

<theme/evil#id> a skos:Concept , schema:DefinedTerm ;
    skos:inScheme <theme/#scheme> ; skos:topConceptOf <theme/#scheme> ;
    skos:prefLabel "Thema \"><img src=x onerror=alert('theme')>"@de ;
    dgo:anchorText "Thema \"><img src=x onerror=alert('theme')>" .

<statement-type/evil#id> a skos:Concept , schema:DefinedTerm ;
    skos:inScheme <theme/#scheme> ; skos:topConceptOf <theme/#scheme> ;
    skos:prefLabel "These \"><img src=x onerror=alert('kind')>"@de ;
    dgo:anchorText "These \"><img src=x onerror=alert('kind')>" .

<claim/evil-1#id> a schema:Claim ;
    schema:text "<script>alert('claim')</script> über Thema"@de ;
    prov:wasAttributedTo <person/eve#id> ;
    prov:wasGeneratedBy <event/tagung#id> ;
    schema:additionalType <statement-type/evil#id> ;
    schema:about <theme/evil#id> ;
    schema:mentions <org/acme#id> ;
    schema:appearance <doc/track-doku-2016#id> ;
    dgo:anchorText "sagte Eve: <script>alert('claim')</script> über Thema" .

<inference/evil#id> a dgo:EditorialInference , prov:Activity ;
    rdfs:label "Schluss \"><img src=x onerror=alert('why')>"@de ;
    skos:editorialNote "Begründung <script>alert('reason')</script>"@de ;
    prov:wasAssociatedWith <agent/mallory#id> ;
    prov:used <doc/track-doku-2016#id> ;
    dgo:anchorText "sagte Eve:" .

<agent/mallory#id> a prov:Agent , foaf:Organization ;
    schema:name "Mallory <script>alert('who')</script>"@de .

<claim/evil-1#fact-attributed> a rdf:Statement ;
    rdf:subject <claim/evil-1#id> ; rdf:predicate prov:wasAttributedTo ; rdf:object <person/eve#id> ;
    skos:editorialNote "Notiz <script>alert('note')</script>"@de ;
    prov:wasGeneratedBy <inference/evil#id> .
'''

HOSTILE_STRINGS = ["<script>", "</script>", "onerror=", "onload=", "<img", "<svg onload"]


def build_hostile_site(project: Path, tmp: Path) -> Path:
    """A small project whose labels, literals and IRIs are hostile; returns its built site."""
    import shutil
    import tomllib

    from dialoggraph.build import build
    from dialoggraph.config import load_settings

    shutil.copy(project / "pyproject.toml", tmp / "pyproject.toml")
    shutil.copytree(project / "ontology", tmp / "ontology")
    shutil.copytree(project / "shapes", tmp / "shapes")
    cfg = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["dialoggraph"]
    source = tmp / cfg["source_file"]
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(HOSTILE_SOURCE, encoding="utf-8")
    (tmp / cfg.get("data_dir", "data")).mkdir(exist_ok=True)
    (tmp / cfg.get("data_dir", "data") / "hostile.ttl").write_text(HOSTILE_DATA, encoding="utf-8")
    build(load_settings(tmp), tmp / "site")
    return tmp / "site"
