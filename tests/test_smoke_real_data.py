"""The real project data loads, anchors and conforms; a first look-up through SPARQL."""


def test_real_data_conforms(graphs):
    assert graphs.report.conforms, [str(r) for r in graphs.report.violations]


def test_track_leads(select):
    rows = select("""
        SELECT ?name WHERE {
          <event/nrw-dialogforum-2016/track/integration-und-transformation#id> schema:organizer ?role .
          ?role a dgo:EventRole ; dgo:eventRole <role/track-lead#id> ; schema:organizer ?p .
          ?p schema:name ?name } ORDER BY ?name""")
    assert [r["name"] for r in rows] == ["Jan Üblacker", "Sebastian Kurtenbach"]
