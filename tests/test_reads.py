"""What a page records of the tables it reads (dialoggraph.incremental.reads): key by key, and a
table read nearly whole as one read of all of it; and what changed between two snapshots."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dialoggraph.incremental.reads import ALL, EVERYTHING, KEYS, WHOLE_FROM, _S, begin_page, end_page
from dialoggraph.incremental.recording import recording
from dialoggraph.incremental.tables import changed, encode, snapshot


def _tables(size: int):
    _S.sizes.clear()
    del _S.names[1:]
    return recording({f"k{i}": i for i in range(size)}, "index.labels"), recording({"a": 1, "b": 2}, "index.small")


def test_a_few_reads_are_recorded_key_by_key():
    labels, small = _tables(10 * WHOLE_FROM)
    begin_page()
    for i in range(WHOLE_FROM - 1):
        labels.get(f"k{i}")
    small.get("a")
    reads = end_page()
    assert ("index.labels", ALL) not in reads
    assert len(reads) == WHOLE_FROM and ("index.small", "a") in reads


def test_most_of_a_big_table_is_one_read_of_all_of_it():
    labels, small = _tables(3 * WHOLE_FROM)
    begin_page()
    for i in range(2 * WHOLE_FROM):
        labels[f"k{i}"]
    small.get("a")
    assert end_page() == {("index.labels", ALL), ("index.small", "a")}


def test_many_reads_of_a_much_bigger_table_stay_key_by_key():
    labels, _small = _tables(10 * WHOLE_FROM)
    begin_page()
    for i in range(2 * WHOLE_FROM):
        f"k{i}" in labels
    reads = end_page()
    assert len(reads) == 2 * WHOLE_FROM and ("index.labels", ALL) not in reads


@pytest.mark.parametrize("kind", [tuple, list])
def test_changed_names_every_entry_that_differs_hashable_or_not(kind):
    """Entries are compared in C where their values can be hashed (tuples: the snapshot's own
    form) and one by one where they cannot (lists in a table marshal wrote as it was): the same
    answer either way."""
    before = {"t": {"a": kind((1, 2)), "b": kind((3,)), "c": kind(())}, "same": {"x": kind((1,))}}
    after = {"t": {"a": kind((1, 2)), "b": kind((4,)), "d": kind(())}, "same": {"x": kind((1,))}}
    assert changed(before, after) == {EVERYTHING, ("t", ALL), ("t", KEYS), ("t", "b"), ("t", "c"), ("t", "d")}


@dataclass
class _Held:
    """A value two tables hold (a statement by number and by IRI)."""
    text: str
    terms: list


def test_a_value_two_tables_hold_is_converted_once_per_snapshot_and_again_in_the_next():
    import pyoxigraph as ox

    held = _Held("Zitat", [ox.NamedNode("http://example.org/a")])
    tables = {"by_n": [held], "by_iri": {"http://example.org/s": held}}
    first = snapshot(tables)
    assert first["by_n"][0] == first["by_iri"]["http://example.org/s"]
    assert first["by_n"][0][1][0] == "Zitat"
    held.text = "Anderes Zitat"  # the next build's value, at the same address
    second = snapshot(tables)
    assert second["by_n"][0][1][0] == "Anderes Zitat"
    assert changed(first, second) >= {("by_n", 0), ("by_iri", "http://example.org/s")}
    # outside a snapshot nothing is remembered either
    held.text = "Drittes Zitat"
    assert encode("by_n", tables["by_n"])[0][0][1][0] == "Drittes Zitat"
