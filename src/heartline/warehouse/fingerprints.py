"""Which staged rows are new and which may have changed, found by fingerprint a share at a time.

Each row, staged or stored, is reduced to a fingerprint: a 64-bit hash of its natural key and one of
its other values (`StagedWrite._fingerprint`). Past `FINGERPRINT_SHARE_ROWS` rows on either side,
both sides' fingerprints are computed once by DuckDB and written to disk split into shares by
`key hash % shares`; the shares are then joined one at a time, each small enough for DuckDB's hash
join to stay in memory. A hash join of both sides whole went to disk at 100M rows (a re-run of 100M
contacts: 361–631 s).

A staged row whose key hash no stored row has is new for certain. One whose key hash and values
hash both equal a stored row's is unchanged: wrongly so only if the row changed and its values
hash equals its stored row's anyway (a 64-bit collision), or if its key is new and both its hashes
equal another key's stored row's. Every other row is marked changed and goes to the merge, which
compares it with the stored row on the key itself (a key hash shared by two stored keys at most
sends an unchanged row there for nothing). The marks are bits, one per staged row in staged order.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

# Rows of each side joined at once: DuckDB's hash table of 5M stored fingerprints (~150 MB) stays
# within the ingest's memory limit (staged.DUCKDB_MEMORY_LIMIT).
FINGERPRINT_SHARE_ROWS = 5_000_000
POSITION = "__position"  # a staged row's place among all staged rows (0, 1, …), in the staged SQL


@dataclass
class Marks:
    """New and changed staged rows, one bit per staged row (100M rows: 25 MB)."""

    rows: int
    new: np.ndarray = field(init=False)
    changed: np.ndarray = field(init=False)
    new_count: int = 0
    changed_count: int = 0

    def __post_init__(self) -> None:
        self.new = np.zeros((self.rows + 7) // 8, dtype=np.uint8)
        self.changed = np.zeros((self.rows + 7) // 8, dtype=np.uint8)

    @staticmethod
    def _set(bits: np.ndarray, positions: np.ndarray) -> int:
        """Mark `positions`; returns how many distinct ones there were."""
        if not len(positions):
            return 0
        positions = np.sort(positions.astype(np.uint64))
        positions = positions[np.concatenate(([True], positions[1:] != positions[:-1]))]  # a row met twice
        byte = (positions >> np.uint64(3)).astype(np.int64)
        bit = np.left_shift(np.uint8(1), (positions & np.uint64(7)).astype(np.uint8))
        starts = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
        # Distinct positions: the bits of one byte are distinct, so their sum is their OR.
        bits[byte[starts]] |= np.add.reduceat(bit, starts).astype(np.uint8)
        return len(positions)

    def mark(self, new: np.ndarray, changed: np.ndarray) -> None:
        self.new_count += self._set(self.new, new)
        self.changed_count += self._set(self.changed, changed)


def marked(bits: np.ndarray, first: int, count: int) -> np.ndarray:
    """The marked rows among positions [first, first + count), as offsets from `first`."""
    low = first // 8
    flags = np.unpackbits(bits[low : (first + count + 7) // 8], bitorder="little")
    return np.flatnonzero(flags[first - low * 8 : first - low * 8 + count])


@dataclass(frozen=True)
class StagedFiles:
    """Staged Parquet files read as one sequence of rows: a row's `POSITION` is its place in it."""

    files: list[tuple[Path, int]]  # each file and its rows, in staged order
    columns: list[str]  # the table's columns, in its order

    def _first(self, index: int) -> int:
        return sum(rows for _, rows in self.files[:index])

    def numbered(self, which: list[int]) -> str:
        """SQL of the rows of files `which` (indexes), each with its `POSITION`."""
        cases = " ".join(f"WHEN {_quoted(self.files[i][0])} THEN {self._first(i)}" for i in which)
        listing = ", ".join(_quoted(self.files[i][0]) for i in which)
        return (
            "SELECT * EXCLUDE (filename, file_row_number), "  # noqa: S608
            f'(CASE filename {cases} END) + file_row_number AS "{POSITION}" '
            f"FROM read_parquet([{listing}], filename = true, file_row_number = true)"
        )

    def groups(self, bits: np.ndarray, most: int) -> Iterator[tuple[list[int], np.ndarray | None]]:
        """The files holding rows marked in `bits`: ([file], None) for a file whose rows are all
        marked, else (a few files, their marked rows' positions), up to about `most` rows at a time."""
        which: list[int] = []
        chosen: list[np.ndarray] = []
        held = 0
        for index, (_, rows) in enumerate(self.files):
            first = self._first(index)
            found = marked(bits, first, rows)
            if len(found) == rows:
                yield [index], None
            elif len(found):
                which.append(index)
                chosen.append(found + first)
                held += len(found)
                if held >= most:
                    yield which, np.concatenate(chosen)
                    which, chosen, held = [], [], 0
        if which:
            yield which, np.concatenate(chosen)

    def rows(self, con: duckdb.DuckDBPyConnection, which: list[int], positions: np.ndarray | None) -> str:
        """SQL of the rows of files `which` at `positions` (all of them: None), in the table's columns;
        the positions stay registered on `con` until the next call."""
        columns = ", ".join(f'"{n}"' for n in self.columns)
        if positions is None:
            listing = ", ".join(_quoted(self.files[i][0]) for i in which)
            return f"SELECT {columns} FROM read_parquet([{listing}])"  # noqa: S608
        con.register("chosen_rows", pa.table({"p": pa.array(positions, pa.int64())}))
        return (
            f"SELECT {columns} FROM ({self.numbered(which)}) b "  # noqa: S608
            f'SEMI JOIN chosen_rows c ON b."{POSITION}" = c.p'
        )


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _compare(con: duckdb.DuckDBPyConnection, marks: Marks, staged: str, stored: str) -> None:
    """Mark the staged rows of one share new (key hash not stored) or changed (a values hash differs)."""
    found = con.execute(
        f"SELECT b.p, s.k IS NULL AS new FROM {staged} b LEFT JOIN {stored} s ON b.k = s.k "  # noqa: S608
        "WHERE s.k IS NULL OR s.v <> b.v"
    ).fetchnumpy()
    positions, new = np.asarray(found["p"]), np.asarray(found["new"], dtype=bool)
    marks.mark(positions[new], positions[~new])


def _share(folder: Path, share: int, columns: str) -> str:
    """SQL of one share's spilled fingerprints (no rows when no key hash fell in it)."""
    where = folder / f"share={share}"
    if not where.is_dir():
        return "(SELECT 0::UBIGINT AS k, 0::UBIGINT AS v, 0::BIGINT AS p LIMIT 0)"
    return f"(SELECT {columns} FROM read_parquet('{(where / '*.parquet').as_posix()}'))"  # noqa: S608


def compare(
    con: duckdb.DuckDBPyConnection,
    staged: str,
    stored: str,
    fingerprint: tuple[str, str],
    sizes: tuple[int, int],
    spill: Path,
) -> Marks:
    """Mark the rows of the SQL relation `staged` (with `POSITION` numbering its `sizes[0]` rows) new
    or changed against the relation `stored` (`sizes[1]` rows), by fingerprint a share at a time;
    fingerprints spilled to `spill` are removed before returning."""
    key_hash, values_hash = fingerprint
    staged_rows, stored_rows = sizes
    marks = Marks(staged_rows)
    shares = max(1, -(-max(staged_rows, stored_rows) // FINGERPRINT_SHARE_ROWS))
    sides = {
        "staged": f'SELECT {key_hash} AS k, {values_hash} AS v, "{POSITION}" AS p FROM {staged}',  # noqa: S608
        "stored": f"SELECT {key_hash} AS k, {values_hash} AS v FROM {stored}",  # noqa: S608
    }
    if shares == 1:  # both sides' fingerprints fit in memory at once
        _compare(con, marks, f"({sides['staged']})", f"({sides['stored']})")
        return marks
    folder = spill / f"fingerprints-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    try:
        for side, sql in sides.items():
            # Computed once (reading every row), each share to files of its own.
            con.execute(
                f"COPY (SELECT *, k % {shares} AS share FROM ({sql})) "  # noqa: S608
                f"TO '{(folder / side).as_posix()}' (FORMAT parquet, PARTITION_BY (share))"
            )
        for share in range(shares):
            _compare(con, marks, _share(folder / "staged", share, "k, v, p"), _share(folder / "stored", share, "k, v"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return marks
