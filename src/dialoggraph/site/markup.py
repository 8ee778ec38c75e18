"""The HTML of values and fact lists, shared by every template (``value``, ``facts``,
``incoming_list`` are Jinja globals) and by the entity pages' hot path.

They are written in Python rather than as Jinja macros because an entity page holds dozens of
them and a macro call costs tens of microseconds — at a million triples that was a third of the
page rendering. The safety rule is the templates' own: every piece of text and every attribute
value goes through MarkupSafe's escaping (:func:`esc`); only the fixed markup below is literal,
and what a template receives is :class:`markupsafe.Markup`, so Jinja does not escape it twice.
Inside this module the pieces stay plain ``str`` (built only from escaped text and fixed markup):
wrapping every piece in ``Markup`` cost more than the escaping itself.
"""

from __future__ import annotations

from markupsafe import Markup, escape

EXT_REL = ' rel="nofollow noopener noreferrer"'


def esc(s) -> str:
    """:func:`markupsafe.escape` as a plain ``str``; markup (``__html__``) passes unchanged."""
    t = type(s)
    if t is str:
        # most labels and IRIs hold none of the five characters escape() replaces: no round trip
        # through a Markup object then (substring tests: faster than a pattern on long texts)
        if "&" in s or "<" in s or ">" in s or "'" in s or '"' in s:
            return str(escape(s))
        return s
    if t is Markup:  # what escape() would return as it is, without the round trip
        return str(s)
    return str(escape(s))


def _attr(name: str, value) -> str:
    return f' {name}="{esc(value)}"' if value else ""


_LANGS: dict[str, str] = {}  # a language tag → escaped: a few tags, on most values
_NOTES: dict[str, str] = {}  # a link's note (its class's name) → escaped: a few hundred at most


def _lang(tag: str) -> str:
    out = _LANGS.get(tag)
    if out is None:
        out = _LANGS[tag] = esc(tag)
    return out


def _note(note: str) -> str:
    out = _NOTES.get(note)
    if out is None:
        out = _NOTES[note] = esc(note)
    return out


def value_html(v) -> str:
    """One value (:class:`dialoggraph.site.values.Value`): a link, an outside link, an IRI, a date,
    a blank node's facts or text; its language tag and its references to source passages."""
    if v.html is not None:
        return v.html
    k = v.kind
    if k == "link":
        lang = f' lang="{_lang(v.lang)}"' if v.lang else ""
        out = f'<a href="{esc(v.href)}"{lang}{_attr("title", v.raw)}>{esc(v.text)}</a>'
        if v.note:
            out += f' <span class="note">{_note(v.note)}</span>'
    elif k == "ext":
        out = f'<a class="ext" href="{esc(v.href)}"{EXT_REL}{_attr("title", v.raw)}>{esc(v.text)}</a>'
    elif k == "iri":
        out = f'<code class="iri">{esc(v.text)}</code>'
    elif k == "date":
        out = f'<time datetime="{esc(v.raw)}">{esc(v.text)}</time>'
    elif k == "bnode":
        out = f'<div class="bnode">{facts_html(v.groups)}</div>'
    else:
        out = f'<span lang="{_lang(v.lang)}">{esc(v.text)}</span>' if v.lang else f"<span>{esc(v.text)}</span>"
    if v.lang and k != "link":
        out += f' <span class="lang">{_lang(v.lang)}</span>'
    for r in v.refs:  # passage numbers: integers, so nothing to escape
        r = int(r)
        out += f'<a class="ref" href="#beleg-{r}" aria-label="Beleg {r}">{r}</a>'
    if v.marks:  # written by mark_html: escaped already
        out += "".join(v.marks)
    return out


def value(v) -> Markup:
    return Markup(value_html(v))


def _values(values) -> str:
    return "".join([f"<li>{value_html(v)}</li>\n" for v in values])


def facts_html(groups) -> str:
    """Facts grouped by property: each group's ``head`` (see :func:`prop_head`) and values."""
    return '<dl class="facts">\n' + "".join([
        f'<div class="fact">\n{g["head"]}\n<dd><ul class="values">\n{_values(g["values"])}</ul></dd>\n</div>\n'
        for g in groups]) + "</dl>"


def facts(groups) -> Markup:
    return Markup(facts_html(groups))


def incoming_list(groups) -> Markup:
    """"Referenced by": the inverse property's label (German, English), its CURIE, the linking
    nodes, and how many more there are."""
    out = ['<dl class="facts incoming">\n']
    for g in groups:
        en = f'<span class="en" lang="en">{esc(g["en"])}</span>' if g["en"] != g["label"] else ""
        more = (f'<li class="more">… und {esc(g["more"])} weitere <span lang="en">({esc(g["more"])} more)'
                f'</span></li>' if g["more"] else "")
        out.append(f'<div class="fact">\n<dt>{esc(g["label"])} {en}<code class="curie">^{esc(g["curie"])}'
                   f'</code></dt>\n<dd><ul class="values">\n{_values(g["values"])}{more}</ul></dd>\n</div>\n')
    out.append("</dl>")
    return Markup("".join(out))


def typebadges(types) -> Markup:
    """The type badges of a node: each class linked to its class page or its definition."""
    items = []
    for t in types:
        if t.href:
            ext = ' class="ext"' + EXT_REL if t.kind == "ext" else ""
            items.append(f'<li><a href="{esc(t.href)}"{ext} title="{esc(t.raw)}">{esc(t.text)}</a></li>\n')
        else:
            items.append(f"<li>{esc(t.text)}</li>\n")
    return Markup('<ul class="types" aria-label="Typen">\n' + "".join(items) + "</ul>")


def prop_head(prop, en: str, curie: str) -> Markup:
    """A property as the head of a fact group: its name (linked), its English name, its CURIE."""
    if prop.href:
        ext = ' class="ext"' + EXT_REL if prop.kind == "ext" else ""
        name = f'<a href="{esc(prop.href)}"{ext}>{esc(prop.text)}</a>'
    else:
        name = esc(prop.text)
    en_part = f'<span class="en" lang="en">{esc(en)}</span>' if en != prop.text else ""
    return Markup(f'<dt>{name}{en_part}<code class="curie">{esc(curie)}</code></dt>')


def passage_items(passages) -> Markup:
    """The numbered source passages of an entity page (``<li>`` items): the quote in its context,
    its section, a link into the reading view and its character range. The passage is the
    annotation: its ids (``anno-1``, ``anno-1-target`` …: the fragments of the annotation's
    nodes) are on the item, so a link to any of them lands here."""
    out = []
    for p in passages:
        prefix = f'<span class="ctx">{esc(p.prefix)}</span>' if p.prefix else ""
        suffix = f'<span class="ctx">{esc(p.suffix)}</span>' if p.suffix else ""
        section = f"Abschnitt: {value_html(p.section)} · " if p.section else ""
        read = esc(p.read)
        ids = "".join(f'<span id="{esc(i)}"></span>' for i in p.ids)
        out.append(f'<li id="beleg-{int(p.n)}">{ids}\n<blockquote cite="{read}"><p>{prefix}<mark>{esc(p.exact)}'
                   f'</mark>{suffix}</p></blockquote>\n<p class="passage-meta">{section}<a href="{read}">Im Text '
                   f'lesen <span lang="en">(read in context)</span></a> · Zeichen {int(p.start)}–{int(p.end)}'
                   f'</p>\n</li>\n')
    return Markup("".join(out))


def subnodes(others) -> Markup:
    """The further subjects of an entity page (its annotations and their parts, hash IRIs), each
    a section with its id, label, types, IRI, facts and the links pointing to it."""
    out = []
    for o in others:
        label = esc(o.label)
        ident = f' id="{esc(o.id)}"' if o.id else ""
        incoming = ('<h3>Verweise hierher <span class="en" lang="en">Referenced by</span></h3>\n'
                    f"{incoming_list(o.incoming)}\n" if o.incoming else "")
        out.append(f'<section class="subnode"{ident} aria-label="{label}">\n<h2>{label}</h2>\n{esc(o.types)}\n'
                   f'<p class="iri-line"><code class="iri">{esc(o.iri)}</code></p>\n{facts_html(o.facts)}\n'
                   f"{incoming}</section>\n")
    return Markup("".join(out))


def class_rows(entries) -> Markup:
    """The table rows of a class page: ``(href, text, lang, other types, iri)`` per member."""
    out = []
    for href, text, lang, others, iri in entries:
        name = (f'<a href="{esc(href)}"{_attr("lang", lang)}>{esc(text)}</a>' if href else esc(text))
        out.append(f'<tr><td>{name}</td><td>{esc(others)}</td><td><code class="iri">{esc(iri)}</code></td></tr>\n')
    return Markup("".join(out))


def _anchors(ids) -> str:
    return "".join(f'<span id="{esc(i)}" class="anchor-target"></span>' for i in ids)


def _run_html(run) -> str:
    """A stretch of the source text: its pieces (the original's links as styled text, emphasis),
    as a link to the one entity its passages anchor, a link to the list of several, or plain."""
    text = []
    for piece in run["pieces"]:
        t = esc(piece["text"])
        if piece["em"]:
            t = f"<em>{t}</em>"
        if piece["link"]:
            t = f'<span class="src-link">{t}</span>'
        text.append(_anchors(piece["anchors"]) + t if piece["anchors"] else t)
    inner = "".join(text)
    entities = run["entities"]
    level = int(run["level"])
    if not entities:
        return f'<mark class="m{level}">{inner}</mark>' if level else inner
    if len(entities) == 1 and not run["more"]:
        v = entities[0]
        title = f"{v.note}: {v.text}" if v.note else v.text
        if v.href:
            return f'<a class="p m{level}" href="{esc(v.href)}" title="{esc(title)}">{inner}</a>'
        return f'<mark class="p m{level}" title="{esc(title)}">{inner}</mark>'
    count = len(entities) + int(run["more"])
    lid = esc(run["list_id"])
    return (f'<a class="p multi m{level}" id="{lid}-back" href="#{lid}" title="{count} verknüpfte Entitäten">'
            f'{inner}</a>')


def _run_lists(lines) -> str:
    """The lists of entities of the runs that anchor several, shown when their run is chosen."""
    out = []
    for line in lines:
        for run in line["runs"]:
            if "list_id" in run:
                lid = esc(run["list_id"])
                more = (f'<li class="more">… und {int(run["more"])} weitere <span lang="en">more</span></li>'
                        if run["more"] else "")
                out.append(f'<div class="plist" id="{lid}"><p>Diese Stelle belegt '
                           f'<span lang="en">(this passage is evidence for)</span>:</p><ul>'
                           + "".join(f"<li>{value_html(v)}</li>" for v in run["entities"])
                           + f'{more}</ul><a class="plist-close" href="#{lid}-back">Schließen '
                           f'<span lang="en">close</span></a></div>')
    return "".join(out)


def _line_html(line) -> str:
    return "".join(_run_html(run) for run in line["runs"])


def reading_blocks(blocks) -> Markup:
    """The reading view's paragraphs (see :mod:`dialoggraph.site.pages.reading`): headings with
    their section anchors and linked entities, lines of text, list items; each run of text
    highlighted and linked as its passages say."""
    out = []
    for b in blocks:
        n = int(b["n"])
        out.append(f'<div class="src-block" id="p-{n}">\n')
        for part in b["parts"]:
            kind, lines = part["kind"], part["lines"]
            if kind == "heading":
                level = int(part["level"])
                out.append(_anchors(part["ids"]))
                out.append(f'<h{level} class="src-heading">{_line_html(lines[0])}</h{level}>\n')
                if part["refs"]:
                    out.append('<p class="heading-refs">Verknüpft <span lang="en">(linked)</span>: '
                               + " · ".join(value_html(v) for v in part["refs"]) + "</p>\n")
            elif kind == "item":
                out.append('<ul class="src-list">\n' + "".join(
                    f"<li>{_line_html(line)}</li>\n" for line in lines) + "</ul>\n")
            else:
                out.append('<p class="src">' + "<br>\n".join(_line_html(line) for line in lines) + "</p>\n")
            out.append(_run_lists(lines))
        out.append(_anchors(b["anchors"]) + "</div>\n")
    return Markup("".join(out))


# ---------------------------------------------------------------- marks: how a fact is known

MARK_WORDS = {"inference": ("erschlossen", "inferred"), "outside": ("extern", "outside the text"),
              "other": ("vermerkt", "noted")}


def mark_html(m, href: str | None, source, ident: str | None = None) -> str:
    """A quiet word beside a value the text does not state ("erschlossen", "extern"), linked to
    the reasoning's page: its reason (what was concluded, a note on this fact, the source, who)
    shows on hover and keyboard focus and is read as text by screen readers. ``m``: a
    :class:`.marks.Mark`; ``href``: the activity's page; ``source``: the source as a value;
    ``ident``: the id of the fact's node, on its subject's page."""
    de, _en = MARK_WORDS.get(m.kind, MARK_WORDS["other"])
    parts = [f"{esc(m.kind_label)}: {esc(m.what)}"]
    if m.note:
        parts.append(esc(m.note))
    if source is not None:
        parts.append(f"Quelle: {esc(source.text)}")
    if m.who:
        parts.append(f"Vermerkt von: {esc(', '.join(m.who))}")
    why = ". ".join(p.rstrip(".") for p in parts) + "."
    word = (f'<a class="mark-word" href="{esc(href)}">{esc(de)}</a>' if href
            else f'<span class="mark-word" tabindex="0">{esc(de)}</span>')
    ident = f' id="{esc(ident)}"' if ident else ""
    return f' <span class="mark mark-{esc(m.kind)}"{ident}>{word}<span class="mark-why"> {why}</span></span>'


# ---------------------------------------------------------------- summary and statements


def summary_rows(rows) -> Markup:
    """The summary at the top of an entity page: a row's label (German, English) and its values
    (a start and an end date as one span)."""
    out = ['<dl class="summary">\n']
    for r in rows:
        if r.span:
            vals = f"{value_html(r.values[0])}–{value_html(r.values[1])}"
        else:
            vals = '<span class="sep"> · </span>'.join([value_html(v) for v in r.values])
        out.append(f'<div><dt>{esc(r.de)} <span class="en" lang="en">{esc(r.en)}</span></dt>'
                   f"<dd>{vals}</dd></div>\n")
    out.append("</dl>")
    return Markup("".join(out))


def _links(values) -> str:
    return ", ".join([value_html(v) for v in values])


def statement_item(s, attrs: str = "") -> str:
    """One statement in a list: «its text», linked to its page; its speaker, kind and themes;
    a link to its passage in the reading view. ``attrs``: the item's attributes, escaped."""
    lang = f' lang="{_lang(s.lang)}"' if s.lang else ""
    text = f"«{esc(s.text)}»"
    quote = f'<a href="{esc(s.href)}">{text}</a>' if s.href else text
    meta = []
    if s.speakers:
        meta.append(f'<span class="stmt-who">{_links(s.speakers)}</span>')
    elif s.attributed:  # the page's own speaker, left out — but not its mark
        meta.append(f'<span class="stmt-who">zugeschrieben{"".join(s.attributed)}</span>')
    if s.kinds:
        meta.append(f'<span class="stmt-kind">{_links(s.kinds)}</span>')
    if s.themes:
        meta.append(f'<span class="stmt-themes">Themen: {_links(s.themes)}</span>')
    if s.read:
        meta.append(f'<a class="stmt-read" href="{esc(s.read)}">Textstelle</a>')
    sep = '<span class="sep"> · </span>'
    return (f'<li class="stmt"{attrs}><p class="stmt-text"{lang}>{quote}</p>\n'
            f'<p class="stmt-meta">{sep.join(meta)}</p></li>\n')


def statement_sections(sections) -> Markup:
    """An entity page's statements: one part per role (headed when there are several), each in
    groups by event, the items in document order, a link to the statements browser."""
    if not sections:
        return Markup("")
    several = len(sections) > 1
    out = ['<section class="statements" aria-labelledby="h-statements">\n<h2 id="h-statements">Aussagen '
           '<span class="en" lang="en">Statements</span></h2>\n']
    for sec in sections:
        level = 4 if several else 3
        if several:
            out.append(f'<h3 class="stmt-role">{esc(sec.de)} <span class="en" lang="en">{esc(sec.en)}</span></h3>\n')
        n = int(sec.count)
        more = f", die ersten {int(n - sec.more)} hier" if sec.more else ""
        out.append(f'<p class="stmt-count">{n} Aussage{"n" if n != 1 else ""} in der Reihenfolge des Textes'
                   f'{more} · <a href="{esc(sec.browser)}">im Aussagen-Browser <span lang="en">'
                   f'(statements browser)</span></a></p>\n')
        for g in sec.groups:
            items = '<ol class="stmts">\n' + "".join(g.items) + "</ol>\n"
            if sec.folded:
                k = len(g.items)
                head = f'<p class="stmt-group">{g.head}</p>\n' if g.head else ""
                out.append(f'<details class="stmt-fold">\n<summary>{esc(g.text)} <span class="count">{k}</span>'
                           f'</summary>\n{head}{items}</details>\n')
            else:
                if g.head:
                    out.append(f'<h{level} class="stmt-group">{g.head}</h{level}>\n')
                out.append(items)
    out.append("</section>")
    return Markup("".join(out))


def claim_opening(o) -> Markup:
    """The first line of a statement's page: "Speaker, Event:" — then its text as the title."""
    who = _links(o.speakers) if o.speakers else esc("Ohne Zuschreibung")
    where = f", {_links(o.events)}" if o.events else ""
    return Markup(f'<p class="claim-by">{who}{where}:</p>')


#: what the templates call
GLOBALS = {"value": value, "fact_list": facts, "incoming_list": incoming_list, "passage_items": passage_items,
           "subnodes": subnodes, "class_rows": class_rows, "reading_blocks": reading_blocks,
           "summary_rows": summary_rows, "statement_sections": statement_sections, "claim_opening": claim_opening}
