"""bench/generate.py: a seeded project generator for scale tests. The same size and seed give a
byte-identical project, of about the size asked for, that validates like curated data; every
quote is unique by construction, at any size (the naming scheme is tested here at the counts of a
10M project, without writing one)."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from pathlib import Path

from dialoggraph.pipeline.anchor import QuoteIndex
from dialoggraph.build import prepare
from dialoggraph.config import load_settings

from .test_compiled_shacl_matches_pyshacl import _load_generator


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_10k_is_deterministic_sized_and_valid(tmp_path):
    generate = _load_generator().generate
    built = generate(10_000, 3, tmp_path / "a")
    generate(10_000, 3, tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert 9_500 <= built <= 10_500
    generate(10_000, 4, tmp_path / "c")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    graphs = prepare(load_settings(tmp_path / "a"))  # raises unless every quote is placed and it conforms
    assert graphs.summary.triples == built
    assert graphs.report.results == []  # no warning either


def test_permutation_is_a_bijection():
    permute = _load_generator().permute
    for n in (1, 2, 3, 30, 91, 870, 12_649, 40_000):
        for key in (7, 2**63 + 12345):
            assert sorted(permute(i, n, key) for i in range(n)) == list(range(n))
    # seeded: another key, another order
    assert [permute(i, 870, 1) for i in range(20)] != [permute(i, 870, 2) for i in range(20)]


def test_name_streams_move_on_to_longer_names_and_end_where_asked():
    gen = _load_generator()
    topics = gen.NameStream("t", lambda t: [(["A", "B", "C"], t + 1)])
    names = [topics.next()[0] for _ in range(3 + 6 + 6)]  # tiers of 3, 6 and 6 arrangements
    assert len(set(names)) == 15
    assert [len(n) for n in names] == [1] * 3 + [2] * 6 + [3] * 6
    assert topics.next() is None  # four different topics out of three: the lists are exhausted
    once = gen.NameStream("c", lambda t: [], last=0)
    assert once.next() == [] and once.next() is None


# What a 10M project draws, rounded up: seed 5 wrote 26 442 people, 18 098 organisations and
# units, 5 425 laws and 2 532 programmes (about 100 times a 100k project, which cites 40 documents).
PEOPLE, ORGS, LAWS, INSTRUMENTS, DOCUMENTS = 30_000, 14_000, 6_000, 3_000, 5_000
# Forum numbers where outline numbers are prefixes of one another (6 / 60 / 600 / 6000 …), with
# as many tracks, sessions, tables and timeline entries as the generator writes at most.
FORUMS = sorted({n for base in (1, 10, 100, 1000, 10_000) for n in range(base, base + 13)})


def test_naming_scheme_keeps_quotes_unique_at_10m_scale():
    """Every name the naming scheme gives a 10M project, in every frame the
    generator writes it, and every outline number of forums up to 10 012 (with 6 and 60, 1.1 and
    11.1 …): each quote is found exactly once by the anchor stage's own index."""
    gen = _load_generator()
    Q = gen.QUOTES
    world = gen.Generator(10_000_000, 5)
    world.places()  # the full gazetteer: 16 states, 97 cities
    naming, rnd = gen.Naming(5), random.Random(5)
    lines: list[str] = []
    quotes: list[str] = []

    def say(quote: str, line: str | None = None) -> None:
        quotes.append(quote)
        lines.append(line or f"- {quote}")

    orgs, persons = [], []
    for _ in range(ORGS):
        _kind, name, _en = naming.org(rnd.randrange(len(gen.ORG_KINDS)), rnd.choice(world.cities))
        orgs.append(name)
        say(Q["institution"].format(org=name))
        if rnd.random() < 0.35:
            unit, _en = gen.Naming.unit(rnd.randrange(len(gen.UNIT_KINDS)), rnd.choice(gen.NOUNS), name)
            orgs.append(unit)
            say(Q["institution"].format(org=unit))
    assert len(set(orgs)) == len(orgs)
    for _ in range(PEOPLE):
        given, family = naming.person(rnd.choice("fm"), rnd.random() < 0.12)
        persons.append(f"{given} {family}")
    assert len(set(persons)) == PEOPLE
    assert any(len(p.split()) == 3 for p in persons)  # the counts reach second given names
    people = [(f"{rnd.choice(gen.TITLES)}{p}", rnd.choice(orgs)) for p in persons]
    for person, org in people:
        if rnd.random() < 0.15:
            say(Q["post"].format(person=person, post=rnd.choice(gen.POSTS)[0], org=org))
    laws = [naming.law(rnd.randrange(len(gen.LAW_KINDS)), rnd.choice(world.states))[0] for _ in range(LAWS)]
    assert len(set(laws)) == LAWS
    for law in laws:
        say(Q["law"].format(law=law, year=rnd.randint(1990, 2024), state=rnd.choice(world.states)["name"]))
    instruments = [naming.instrument(rnd.randrange(len(gen.INSTRUMENT_KINDS)), rnd.choice(world.states))[0]
                   for _ in range(INSTRUMENTS)]
    documents = [naming.document(rnd.randrange(len(gen.DOC_KINDS)), rnd.choice(world.cities))
                 for _ in range(DOCUMENTS)]
    assert len(set(instruments)) == INSTRUMENTS and len(set(documents)) == DOCUMENTS
    assert max(s.tier for s in naming.streams.values()) >= 1  # the counts reach the longer names

    theme = "Bildung"
    docs = iter(documents)
    for n in FORUMS:
        say(Q["forum"].format(ref=n, start="2010-05-03", end="2010-05-04", venue=f"Rathaus {n}"),
            Q["forum"].format(ref=n, start="2010-05-03", end="2010-05-04", venue=f"Rathaus {n}"))
        for t in range(1, 5):
            num = f"{n}.{t}"
            say(Q["track"].format(ref=num, theme=theme), Q["track"].format(ref=num, theme=theme))
            for person, org in rnd.sample(people, 2):
                say(Q["track-lead"].format(ref=num, person=person, org=org))
            for s in range(1, 4):
                snum = f"{num}.{s}"
                for kind in ("world-cafe", "panel", "audience"):
                    q = Q[kind].format(ref=snum, tables=5, theme=theme)
                    say(q, q)
                person, org = rnd.choice(people)
                q = Q["input"].format(ref=snum, person=person, org=org, theme=theme)
                say(q, q)
                say(Q["instrument"].format(law=rnd.choice(laws), instrument=rnd.choice(instruments), ref=snum))
                for _ in range(2):
                    say(Q["document"].format(ref=snum, document=next(docs, rnd.choice(documents))))
                for i, (person, org) in enumerate(rnd.sample(people, 5), start=1):
                    ref = f"{snum}.{i}"
                    say(Q["table"].format(ref=ref, theme=theme, person=person, org=org))
                    q = Q["table-group"].format(ref=ref, theme=theme)
                    say(q, q)
                    say(Q["timeline"].format(event=f"2003: In Bayern tritt „{rnd.choice(laws)}“ in Kraft", ref=ref))
                    say(Q["moderator" if i == 1 else "panelist"].format(ref=snum, person=person, org=org))

    index = QuoteIndex(unicodedata.normalize("NFC", "\n".join(lines) + "\n"))
    found = {q: len(index.finditer(q)) for q in quotes}
    assert {q: n for q, n in found.items() if n != 1} == {}
    assert len(found) == len(quotes)  # and no quote was written twice


def test_200k_says_every_quote_once_in_its_scope():
    """A generated corpus, not written: each quote occurs once in the text, each statement once
    in its section (located like the anchor stage does, heading by heading)."""
    gen = _load_generator()
    g = gen.Generator(200_000, 11)
    g.build()
    g.check()
    text = unicodedata.normalize("NFC", "\n".join(g.lines) + "\n")
    index = QuoteIndex(text)
    sections = [e for e in g.files["document.ttl"] if "dgo:DocumentSection" in e.types]
    starts, cursor = {}, 0
    for e in sections:
        cursor = index.search(e.quotes[0], cursor)[0]
        starts[e.iri] = cursor
    ends = dict(zip(starts, [*list(starts.values())[1:], len(text)]))
    scoped = 0
    for entities in g.files.values():
        for e in entities:
            if e.iri in starts:
                continue
            for q in set(e.quotes):
                if e.scope:  # statement sections (tables, inputs, panels) hold no subsection
                    scoped += 1
                    assert len(index.finditer(q, starts[e.scope], ends[e.scope])) == 1, (e.iri, q)
                else:
                    assert len(index.finditer(q)) == 1, (e.iri, q)
    assert scoped > 3000
