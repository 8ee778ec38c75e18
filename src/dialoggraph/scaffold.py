"""A new project for another documentation (``dialoggraph init DIR --source FILE``).

The new project is complete and builds at once: its settings (its own base IRI and metadata),
a copy of the source text, the source document with a section per heading of the text (each
anchored by its heading), an empty data file per top-level section to fill, a folder for its own
ontology terms, shapes and queries, and a README. The ontology and shapes are *shared*: the
settings name the folders of the project ``init`` runs from (this repository's ``ontology/`` and
``shapes/``), so both projects stay in step; ``--copy`` copies them instead, for a project that
must stand alone.

Headings: Markdown headings (``#``, ``##`` …) when the text has them, the shallowest level being
the top; otherwise the lines that stand alone between blank lines, are short, start with a
capital letter or a digit and do not end like a sentence, a label or a reference (``. , ; : ! )``) —
all of them top-level. A heuristic: the curator renames, nests or removes sections afterwards.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dialoggraph.config import Settings

#: the longest line that can be a heading of a text without Markdown headings
HEADING_MAX = 100


class ScaffoldError(Exception):
    """The new project cannot be made (the folder is not empty, the source is unreadable…)."""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 = top level
    offset: int


def slug(text: str, limit: int = 60) -> str:
    """``Session 1: World Café „Aspekt“`` → ``session-1-world-cafe-aspekt`` (ASCII; ä→ae, ß→ss)."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-") or "abschnitt"


def headings(text: str) -> list[Heading]:
    """The headings of ``text`` (see the module documentation), in order."""
    markdown = [Heading(m.group(2).strip(), len(m.group(1)), m.start(2))
                for m in re.finditer(r"^(#{1,6})[ \t]+(\S.*?)[ \t#]*$", text, re.M)]
    if markdown:
        top = min(h.level for h in markdown)
        return [Heading(h.text, h.level - top + 1, h.offset) for h in markdown]
    out = []
    for m in re.finditer(r"(?:\A|\n[ \t]*\n)[ \t]*([^\n]+?)[ \t]*(?=\n[ \t]*\n|\n?\Z)", text):
        line = m.group(1)
        if (len(line) <= HEADING_MAX and re.match(r"[A-ZÄÖÜ0-9„\"]", line) and not re.search(r"[.,;:!)]$", line)
                and not line.startswith(("- ", "* ", "→"))):
            out.append(Heading(line, 1, m.start(1)))
    return out


def _quoted(text: str) -> str:
    """A double-quoted string, as Turtle and TOML both read it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def init_project(target: Path, source: Path, parent: Settings, base_iri: str | None = None,
                 title: str | None = None, copy: bool = False) -> list[Path]:
    """Make the project in ``target`` (created; an existing folder must be empty) for the
    documentation ``source``, sharing (or with ``copy``, copying) ``parent``'s ontology and
    shapes. Returns the files written."""
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target}: not empty — init never overwrites; name a new folder")
    try:
        raw = source.read_bytes()
        text = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"{source}: cannot read the source as UTF-8 text: {exc}") from None
    found = headings(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ScaffoldError(f"{source}: the source is empty")
    title = (title or (found[0].text if found else lines[0])).strip()
    name = slug(title, 40)
    base_iri = base_iri or f"https://data.example.org/{name}/"
    if not re.match(r"https?://[^/]+/", base_iri) or not base_iri.endswith("/"):
        raise ScaffoldError(f"--base-iri must be an http(s) IRI ending in '/': {base_iri!r}")

    written: list[Path] = []

    def write(relative: str, content: str | bytes) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)

    target.mkdir(parents=True, exist_ok=True)
    source_name = slug(source.stem) + (source.suffix or ".txt")
    write(f"data/source/{source_name}", raw)
    doc = f"doc/{name}"
    first_line_end = text.index(lines[0]) + len(lines[0])
    if not found or found[0].offset >= first_line_end:  # the text's first line opens the document
        found.insert(0, Heading(lines[0], 1, text.index(lines[0])))

    ontology_dirs, shapes_dirs = _shared(target, parent, copy, write)
    write("pyproject.toml", _pyproject(base_iri, title, source_name, doc, ontology_dirs, shapes_dirs))
    write("data/document.ttl", _document(doc, title, found))
    top = [h for h in found if h.level == 1]
    for n, heading in enumerate(top, start=1):
        write(f"data/{n:02d}-{slug(heading.text, 40)}.ttl",
              f"# Abschnitt / section {n}: {heading.text}\n# (offset {heading.offset} in the NFC text)\n"
              "@prefix dg: <> .\n@prefix dgo: <ontology#> .\n@prefix schema: <https://schema.org/> .\n"
              "@prefix prov: <http://www.w3.org/ns/prov#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n")
    write("ontology/local.ttl", "# Terms of this project only (the shared ontology comes from the settings).\n"
                                "@prefix dgo: <ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n")
    write("shapes/local.ttl", "# Shapes of this project only (the shared shapes come from the settings).\n"
                              "@prefix dgs: <shapes/> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    write("queries/README.md", "# Named queries\n\nOne `.rq` file per question, with a header "
                               "(`# title@de:`, `# title@en:`, `# question@de:` …); check queries in "
                               "`checks/` (`*-violation.rq` fail `dialoggraph check`).\n")
    write(".gitignore", "site/\n.site.*\n.venv/\n")
    write("README.md", _readme(title, source_name, ontology_dirs, copy))
    return written


def _shared(target: Path, parent: Settings, copy: bool, write) -> tuple[list[str], list[str]]:
    """The folders the new project reads its ontology and shapes from: the parent's, by a path
    relative to the new project (or copies of their files)."""
    dirs: dict[str, list[str]] = {"ontology": [], "shapes": []}
    for role, folders in (("ontology", parent.ontology_dirs), ("shapes", parent.shapes_dirs)):
        for n, folder in enumerate(folders):
            if copy:
                name = f"{role}/shared" if len(folders) == 1 else f"{role}/shared-{n + 1}"
                for path in sorted(folder.glob("*.ttl")):
                    write(f"{name}/{path.name}", path.read_bytes())
            else:
                dirs[role].append(os.path.relpath(folder, target).replace(os.sep, "/"))
        dirs[role].append(role)  # the project's own folder, read last
    return dirs["ontology"], dirs["shapes"]


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def _pyproject(base_iri: str, title: str, source_name: str, doc: str, ontology_dirs: list[str],
               shapes_dirs: list[str]) -> str:
    today = datetime.date.today().isoformat()
    return f'''# A dialoggraph project: `dialoggraph build` makes the site, `dialoggraph check` reviews it.
[tool.dialoggraph]
# Set this to a place you control before you publish (README of dialoggraph: "Your own base IRI").
base_iri = {_quoted(base_iri)}
out_dir = "site"
ontology_dir = {_toml_list(ontology_dirs)}
data_dir = "data"
shapes_dir = {_toml_list(shapes_dirs)}
queries_dir = "queries"
source_file = "data/source/{source_name}"
source_document = "{doc}#id"
validator = "auto"

[tool.dialoggraph.dataset]
iri = "dataset#id"
title_de = {_quoted("Wissensgraph: " + title)}
title_en = {_quoted("Knowledge graph: " + title)}
description_de = {_quoted("Wissensgraph der Dokumentation „" + title + "“: jede Aussage mit ihrer Textstelle belegt.")}
description_en = {_quoted("Knowledge graph of the documentation “" + title + "”, each fact traced to its passage.")}
license = "https://creativecommons.org/licenses/by/4.0/"
creator = "dialoggraph contributors"
issued = "{today}"

# The presentation profile: what this documentation decides about how its site looks. Every key
# has an engine default that works for any dataset (README of dialoggraph, "The presentation
# profile", lists them all); set only what should differ, for example:
[tool.dialoggraph.profile.search]
examples = []  # names readers may try, shown in the search field: ["…", "…"]

[tool.dialoggraph.profile.timeline]
# window = [2000, 2021]  # the years of other dated things beside the timeline's entries, [from, to)
# axis = [2000, 2020]    # the axis covers at least these years
'''


def _document(doc: str, title: str, found: list[Heading]) -> str:
    out = [f"# The source document and its sections, found by `dialoggraph init` from the text's headings:",
           "# rename, nest (schema:isPartOf) or remove them as the document's structure asks.",
           "@prefix dg: <> .", "@prefix dgo: <ontology#> .", "@prefix schema: <https://schema.org/> .",
           "@prefix bibo: <http://purl.org/ontology/bibo/> .", "",
           f"<{doc}#id> a schema:Report , bibo:Document ;",
           f"    schema:name {_quoted(title)}@de ;",
           '    schema:inLanguage "de" ;',
           f"    dgo:anchorText {_quoted(found[0].text)} .", ""]
    parents: dict[int, str] = {}
    used: set[str] = set()
    for position, heading in enumerate(found, start=1):
        name = slug(heading.text, 50)
        while name in used:
            name += "-x"
        used.add(name)
        iri = f"{doc}/section/{name}#id"
        parent = next((parents[level] for level in range(heading.level - 1, 0, -1) if level in parents),
                      f"{doc}#id")
        parents[heading.level] = iri
        for deeper in [lv for lv in parents if lv > heading.level]:
            del parents[deeper]
        out += [f"<{iri}> a dgo:DocumentSection ;",
                f"    schema:name {_quoted(heading.text)}@de ;",
                f"    schema:position {position} ; schema:isPartOf <{parent}> ;",
                f"    dgo:anchorText {_quoted(heading.text)} .", ""]
    return "\n".join(out)


def _readme(title: str, source_name: str, ontology_dirs: list[str], copy: bool) -> str:
    shared = ("copies of the ontology and shapes it was made from (`ontology/shared*`, `shapes/shared*`)"
              if copy else "the ontology and shapes of the project it was made from, by path: "
              + ", ".join(f"`{d}`" for d in ontology_dirs[:-1]) + " (kept in step with it)")
    return f"""# {title}

A knowledge graph of this documentation, made with dialoggraph: people, institutions, events,
statements — each fact traced to its passage in `data/source/{source_name}`.

```sh
dialoggraph build        # validate and write the site into site/
dialoggraph serve        # serve it on http://127.0.0.1:8000/ with a SPARQL endpoint
dialoggraph check        # what a reviewer asks: coverage of the text, gaps, warnings
```

- `data/document.ttl`: the document and its sections (from the text's headings).
- `data/NN-….ttl`: one file per top-level section, to fill — every entity with the words it
  comes from (`dgo:anchorText "…"`, copied verbatim from the source).
- This project uses {shared}; `ontology/local.ttl` and `shapes/local.ttl` take its own terms
  and shapes.
- `queries/`: named SPARQL queries; `queries/checks/` check queries for `dialoggraph check`.
- Settings (base IRI, metadata) in `pyproject.toml` under `[tool.dialoggraph]`.
"""
