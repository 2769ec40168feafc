"""Remembered metric results are reused until a write makes a new table version."""

from __future__ import annotations

import pyarrow as pa

from heartline.contacts.metrics import ContactVolume
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.result_cache import Remembered, ResultCache
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.warehouse.hand_facts import utc


class CountingSource(DuckDBSource):
    """A DuckDB source that counts the queries it runs."""

    executed = 0

    def execute(self, expr):  # type: ignore[no-untyped-def]
        self.executed += 1
        return super().execute(expr)


def contacts(*ids: str, unit: str = "u1") -> pa.Table:
    return pa.Table.from_pylist([{"contact_id": i, "unit": unit, "started_at": utc(2026, 1, 5, 9, 0)} for i in ids])


def volume(source: DuckDBSource, scope: Scope) -> ContactVolume:
    return ContactVolume(MetricQuery(by=("unit",)), scope, source)


def test_the_same_question_on_unchanged_data_is_answered_from_memory(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1", "c2"))
    source, cache = CountingSource(wh), ResultCache(wh)

    first = cache.run(volume(source, Scope.everything()))
    second = cache.run(volume(source, Scope.everything()))

    assert (
        second.rows
        == first.rows
        == [
            {
                "unit": "u1",
                "value": 2.0,
                "ci_low": None,
                "ci_high": None,
                "numerator": None,
                "denominator": None,
                "n": 2,
            }
        ]
    )
    assert source.executed == 1


def test_a_write_makes_the_next_answer_fresh(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1", "c2"))
    source, cache = CountingSource(wh), ResultCache(wh)
    cache.run(volume(source, Scope.everything()))

    write_batch(wh, CONTACTS, contacts("c3"))

    assert cache.run(volume(source, Scope.everything())).rows[0]["n"] == 3
    assert source.executed == 2


def test_another_scope_is_another_question(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1", "c2"))
    write_batch(wh, CONTACTS, contacts("d1", unit="u2"))
    source, cache = CountingSource(wh), ResultCache(wh)
    cache.run(volume(source, Scope.everything()))

    rows = cache.run(volume(source, Scope.of_units("u2"))).rows

    assert rows == [
        {"unit": "u2", "value": 1.0, "ci_low": None, "ci_high": None, "numerator": None, "denominator": None, "n": 1}
    ]
    assert source.executed == 2


def test_a_remembered_answer_is_computed_again_after_a_write(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1"))
    remembered = Remembered(wh)
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    assert remembered.get(("page", "u1"), compute) == 1
    assert remembered.get(("page", "u1"), compute) == 1  # unchanged data: kept
    assert remembered.get(("page", "u2"), compute) == 2  # another key: computed
    write_batch(wh, CONTACTS, contacts("c2"))
    assert remembered.get(("page", "u1"), compute) == 3  # a new table version: computed again
