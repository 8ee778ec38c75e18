"""The HTML of values and fact lists, shared by every template (``value``, ``facts``,
``incoming_list`` are Jinja globals) and by the entity pages' hot path.

They are written in Python rather than as Jinja macros because an entity page holds dozens of
them and a macro call costs tens of microseconds — at a million triples that was a third of the
page rendering. The safety rule is the templates' own: every piece of text and every attribute
value goes through :func:`markupsafe.escape`; only the fixed markup below is literal, and the
result is :class:`markupsafe.Markup`, so Jinja does not escape it twice.
"""

from __future__ import annotations

from markupsafe import Markup, escape

EXT_REL = ' rel="nofollow noopener noreferrer"'


def _attr(name: str, value) -> str:
    return f' {name}="{escape(value)}"' if value else ""


def value(v) -> Markup:
    """One value (:class:`dialoggraph.render.Value`): a link, an outside link, an IRI, a date,
    a blank node's facts or text; its language tag and its references to source passages."""
    if v.html is not None:
        return v.html
    k = v.kind
    if k == "link":
        out = f'<a href="{escape(v.href)}"{_attr("lang", v.lang)}{_attr("title", v.raw)}>{escape(v.text)}</a>'
        if v.note:
            out += f' <span class="note">{escape(v.note)}</span>'
    elif k == "ext":
        out = f'<a class="ext" href="{escape(v.href)}"{EXT_REL}{_attr("title", v.raw)}>{escape(v.text)}</a>'
    elif k == "iri":
        out = f'<code class="iri">{escape(v.text)}</code>'
    elif k == "date":
        out = f'<time datetime="{escape(v.raw)}">{escape(v.text)}</time>'
    elif k == "bnode":
        out = f'<div class="bnode">{facts(v.groups)}</div>'
    else:
        out = f'<span{_attr("lang", v.lang)}>{escape(v.text)}</span>'
    if v.lang and k != "link":
        out += f' <span class="lang">{escape(v.lang)}</span>'
    for r in v.refs:
        r = escape(r)
        out += f'<a class="ref" href="#beleg-{r}" aria-label="Beleg {r}">{r}</a>'
    return Markup(out)


def _values(values) -> str:
    return "".join(f"<li>{value(v)}</li>\n" for v in values)


def facts(groups) -> Markup:
    """Facts grouped by property: each group's ``head`` (see :func:`prop_head`) and values."""
    return Markup('<dl class="facts">\n' + "".join(
        f'<div class="fact">\n{g["head"]}\n<dd><ul class="values">\n{_values(g["values"])}</ul></dd>\n</div>\n'
        for g in groups) + "</dl>")


def incoming_list(groups) -> Markup:
    """"Referenced by": the inverse property's label (German, English), its CURIE, the linking
    nodes, and how many more there are."""
    out = ['<dl class="facts incoming">\n']
    for g in groups:
        en = f'<span class="en" lang="en">{escape(g["en"])}</span>' if g["en"] != g["label"] else ""
        more = (f'<li class="more">… und {escape(g["more"])} weitere <span lang="en">({escape(g["more"])} more)'
                f'</span></li>' if g["more"] else "")
        out.append(f'<div class="fact">\n<dt>{escape(g["label"])} {en}<code class="curie">^{escape(g["curie"])}'
                   f'</code></dt>\n<dd><ul class="values">\n{_values(g["values"])}{more}</ul></dd>\n</div>\n')
    out.append("</dl>")
    return Markup("".join(out))


def typebadges(types) -> Markup:
    """The type badges of a node: each class linked to its class page or its definition."""
    items = []
    for t in types:
        if t.href:
            ext = ' class="ext"' + EXT_REL if t.kind == "ext" else ""
            items.append(f'<li><a href="{escape(t.href)}"{ext} title="{escape(t.raw)}">{escape(t.text)}</a></li>\n')
        else:
            items.append(f"<li>{escape(t.text)}</li>\n")
    return Markup('<ul class="types" aria-label="Typen">\n' + "".join(items) + "</ul>")


def prop_head(prop, en: str, curie: str) -> Markup:
    """A property as the head of a fact group: its name (linked), its English name, its CURIE."""
    if prop.href:
        ext = ' class="ext"' + EXT_REL if prop.kind == "ext" else ""
        name = f'<a href="{escape(prop.href)}"{ext}>{escape(prop.text)}</a>'
    else:
        name = str(escape(prop.text))
    en_part = f'<span class="en" lang="en">{escape(en)}</span>' if en != prop.text else ""
    return Markup(f'<dt>{name}{en_part}<code class="curie">{escape(curie)}</code></dt>')


#: what the templates call
GLOBALS = {"value": value, "fact_list": facts, "incoming_list": incoming_list}
