"""Where things are (issues #3, #15; named by behaviour, #13): the places the text names with their
containment, periods given as periods not dates, and no unverified Wikidata link.
"""

from __future__ import annotations


def test_places_only_session_2_names(select):
    rows = select("""
        SELECT ?p ?wd WHERE { VALUES ?p { <place/bayern#id> <place/baden-wuerttemberg#id> <place/rheinland-pfalz#id>
            <place/neue-bundeslaender#id> } ?p schema:containedInPlace <place/deutschland#id> .
          OPTIONAL { ?p schema:sameAs ?wd } } ORDER BY ?p""")
    got = {r["p"].rsplit("/", 1)[1]: r["wd"] for r in rows}
    assert got == {
        "baden-wuerttemberg#id": "http://www.wikidata.org/entity/Q985",
        "bayern#id": "http://www.wikidata.org/entity/Q980",
        "neue-bundeslaender#id": None,
        "rheinland-pfalz#id": "http://www.wikidata.org/entity/Q1200"}


def test_bochum_has_no_unverified_wikidata_link(ask):
    assert not ask("""ASK { VALUES ?p { <place/bochum#id> <place/dortmund-nordstadt#id> <place/harzer-strasse-berlin#id> }
                            { ?p schema:sameAs ?x } UNION { ?p owl:sameAs ?x } }""")


# ------------------------------------------------------------------ places and projects

def test_nordstadt_lies_in_dortmund_in_nrw_in_germany(select):
    rows = select("""
        SELECT ?name WHERE {
          <place/dortmund-nordstadt#id> a schema:Place ; schema:name "Dortmunder Nordstadt"@de ;
              schema:containedInPlace <place/dortmund#id> .
          <place/dortmund-nordstadt#id> schema:containedInPlace+ ?p . ?p schema:name ?name .
          FILTER(lang(?name) = "de") } ORDER BY ?name""")
    assert [r["name"] for r in rows] == ["Deutschland", "Dortmund", "Nordrhein-Westfalen"]


def test_nordstadt_1980s_as_a_period_not_a_date(ask):
    assert ask("""ASK {
        <claim/session-3/nordstadt-3#id> schema:mentions <place/dortmund-nordstadt#id> ;
            time:hasTime ?period .
        ?period a time:ProperInterval ;
            time:hasBeginning/time:inXSDgYear "1980"^^xsd:gYear ;
            time:hasEnd/time:inXSDgYear "1989"^^xsd:gYear .
        FILTER NOT EXISTS { <claim/session-3/nordstadt-3#id> schema:startDate|schema:dateCreated ?d } }""")
