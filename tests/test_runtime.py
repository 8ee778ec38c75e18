"""The process and collector tricks (runtime.py): forked workers run independent tasks over
inherited state and stop at the first failure; the collector is paused and given back."""

from __future__ import annotations

import gc
import math
import multiprocessing
import os

import pytest

from dialoggraph.runtime import (RECYCLE_AFTER, Workers, _batch, _exclusive_batch, batched, collector_paused,
                                 worker_count)


class State:
    """What workers inherit: set before the fork, read in the children without pickling."""

    def __init__(self):
        self.base = 1000
        self.parent = os.getpid()


def _add(state: State, n: int) -> int:
    return state.base + n


def _where(state: State, _n: int) -> int:
    return 0 if os.getpid() == state.parent else 1


def _fail_on_three(state: State, n: int) -> int:
    if n == 3:
        raise ValueError("task 3 failed")
    return n


@pytest.mark.parametrize("count", [1, 2])
def test_every_task_runs_once_with_the_inherited_state(count: int):
    with Workers(State(), count) as pool:
        results = sorted(pool.run([(_add, n) for n in range(20)]))
    assert results == [1000 + n for n in range(20)]


def test_tasks_run_in_forked_processes_only_when_asked():
    with Workers(State(), 1) as pool:
        assert set(pool.run([(_where, n) for n in range(5)])) == {0}
    with Workers(State(), 2) as pool:
        assert set(pool.run([(_where, n) for n in range(5)])) == {1}
    assert not multiprocessing.active_children()


def test_a_failing_task_stops_the_pool_and_raises():
    with pytest.raises(ValueError, match="task 3 failed"):
        with Workers(State(), 2) as pool:
            for _ in pool.run([(_fail_on_three, n) for n in range(10)]):
                pass
    assert not multiprocessing.active_children()


def test_the_collector_is_paused_inside_and_given_back():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


@pytest.mark.parametrize("env, triples, expected", [("", 100, 1), ("3", 100, 3), ("0", 100, 1), ("99", 10, 16)])
def test_worker_count_follows_size_and_setting(monkeypatch, env: str, triples: int, expected: int):
    monkeypatch.setenv("DIALOGGRAPH_WORKERS", env)
    assert worker_count(triples) == expected


def test_big_graphs_get_one_worker_per_cpu(monkeypatch):
    monkeypatch.delenv("DIALOGGRAPH_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert worker_count(10_000_000) == 3


def _page(_state, n):
    return n


def _heavy(_state, n):
    return n


def test_heavy_batches_take_turns_only_with_enough_other_work():
    """A site page made from the whole graph is a batch of its own; such batches wait for each
    other (the memory cap) only when there are enough light batches to keep the second worker
    busy meanwhile — after a small edit there are not, and waiting would leave it idle."""
    weight = lambda task: math.inf if task[0] is _heavy else 1.0  # noqa: E731
    few = [(_heavy, 1), (_heavy, 2), (_page, 3)]
    batches = batched(few, weight)
    assert [f for f, _ in batches] == [_batch, _batch, _batch]
    assert sorted(n for _, tasks in batches for _, n in tasks) == [1, 2, 3]
    many = [(_heavy, 1), (_heavy, 2)] + [(_page, n) for n in range(3, 3 + 4 * RECYCLE_AFTER)]
    batches = batched(many, weight)
    assert [f for f, _ in batches[:4]] == [_exclusive_batch, _batch, _exclusive_batch, _batch]
    assert sorted(n for _, tasks in batches for _, n in tasks) == list(range(1, 3 + 4 * RECYCLE_AFTER))
