"""Spark as the metrics engine: a SparkSession from the settings and a table source reading Delta tables.

Spark reads the same Delta tables as DuckDB, the same way: each table's *current version* as the list
of its Parquet data files, which delta-rs reads from the table's log (`DeltaTable.file_uris()`). No
Delta Lake jars are needed (none can be fetched offline), so what this reader cannot see is anything
only the Delta log knows beyond the file list: **deletion vectors** (delta-rs writes none, and
Heartline's writers use delta-rs) and column mapping. Tables live in the warehouse folder, or under
`HEARTLINE_SPARK_TABLES_URI` (e.g. `s3a://bucket/heartline/warehouse`, one folder per table as on
disk): the log is read by delta-rs (`s3a://` is read as `s3://`, credentials from the usual AWS_*
variables) and the file URIs are passed to Spark in the root's own scheme, so the cluster reads them
with its own Hadoop file system (S3A settings in docs/deployment.md).

Settings (environment, read by `SparkSettings.from_env`):
- HEARTLINE_SPARK_MASTER: `spark.master`, default `local[*]` (a cluster: `spark://host:7077`, `yarn`…);
- HEARTLINE_SPARK_REMOTE: a Spark Connect URL (`sc://host:15002`; Databricks Connect's URL), instead
  of a master;
- HEARTLINE_SPARK_CONF: more Spark settings, `key=value` pairs separated by `;` or new lines;
- HEARTLINE_SPARK_TABLES_URI: where Spark reads the tables (empty: the warehouse folder).
The session always runs in UTC (`spark.sql.session.timeZone`): calendars convert explicitly.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import ibis
import pyarrow as pa
from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

from heartline.warehouse.calendar import Calendar
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

# Settings the answers depend on: not overridable by HEARTLINE_SPARK_CONF.
FIXED_CONF = {"spark.sql.session.timeZone": "UTC"}
DEFAULT_CONF = {"spark.ui.showConsoleProgress": "false"}
# delta-rs reads the log through object_store, which names S3 `s3://`; Hadoop names it `s3a://`.
_DELTA_RS_SCHEMES = {"s3a": "s3", "s3n": "s3"}


def parse_conf(text: str) -> dict[str, str]:
    """`key=value` pairs separated by `;` or new lines; ValueError naming a pair without `=`."""
    conf: dict[str, str] = {}
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        key, has_value, value = part.partition("=")
        if not has_value or not key.strip():
            raise ValueError(f"HEARTLINE_SPARK_CONF: {part!r} is not key=value")
        conf[key.strip()] = value.strip()
    return conf


@dataclass(frozen=True)
class SparkSettings:
    master: str = "local[*]"
    remote: str = ""
    conf: Mapping[str, str] = field(default_factory=dict)
    tables_uri: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SparkSettings:
        env = os.environ if environ is None else environ
        return cls(
            master=env.get("HEARTLINE_SPARK_MASTER", "") or "local[*]",
            remote=env.get("HEARTLINE_SPARK_REMOTE", ""),
            conf=parse_conf(env.get("HEARTLINE_SPARK_CONF", "")),
            tables_uri=env.get("HEARTLINE_SPARK_TABLES_URI", "").rstrip("/"),
        )

    def session_conf(self) -> dict[str, str]:
        """What the session is built with; a remote session gets only the operator's and the fixed
        settings (a static one such as the console progress bar cannot be set on a running cluster)."""
        defaults = {} if self.remote else DEFAULT_CONF
        return {**defaults, **self.conf, **FIXED_CONF}


def spark_session(settings: SparkSettings) -> Any:
    """The SparkSession `settings` describe (an active one is reused, with the fixed settings set).

    A remote URL goes to Databricks Connect's `DatabricksSession` when that package is installed
    (it replaces PySpark in the environment), else to PySpark's Spark Connect client."""
    if settings.remote:
        try:
            from databricks.connect import DatabricksSession  # type: ignore[import-not-found]
        except ImportError:
            from pyspark.sql import SparkSession

            builder = SparkSession.builder.remote(settings.remote)
        else:  # pragma: no cover - Databricks Connect is not a dependency
            builder = DatabricksSession.builder.remote(settings.remote)
    else:
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("heartline").master(settings.master)
    for key, value in settings.session_conf().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    for key, value in FIXED_CONF.items():
        session.conf.set(key, value)  # a session that was already running keeps other settings
    return session


@lru_cache(maxsize=1)
def spark_backend() -> Any:
    """The process's Ibis PySpark backend on the session of the environment's settings (~7 s to start)."""
    return ibis.pyspark.connect(spark_session(SparkSettings.from_env()))


def delta_rs_uri(uri: str) -> str:
    """`uri` as delta-rs names it (`s3a://b/t` → `s3://b/t`; local paths unchanged)."""
    scheme = urlsplit(uri).scheme
    if scheme in _DELTA_RS_SCHEMES:
        return _DELTA_RS_SCHEMES[scheme] + uri[len(scheme) :]
    return uri


def spark_uri(file_uri: str, root: str) -> str:
    """A data file's URI (as delta-rs lists it) in the scheme of the tables' root, for Spark."""
    root_scheme, file_scheme = urlsplit(root).scheme, urlsplit(file_uri).scheme
    if root_scheme and file_scheme and root_scheme != file_scheme and len(root_scheme) > 1:
        return root_scheme + file_uri[len(file_scheme) :]
    return file_uri


class SparkSource:
    """Warehouse tables as Spark temporary views over the Parquet files of their current Delta version.

    The view of a version is named after it (`contacts__v12`), so a query planned against one version
    keeps reading it while a writer commits the next. `warehouse` is the local warehouse, or None when
    the tables are read from `tables_uri` (then derived tables are not consulted: their freshness stamp
    lives beside a local table)."""

    engine = "pyspark"

    def __init__(
        self,
        warehouse: Warehouse | None,
        backend: Any,
        calendar: Calendar | None = None,
        tables_uri: str = "",
    ) -> None:
        if warehouse is None and not tables_uri:
            raise ValueError("SparkSource needs a warehouse folder or a tables URI")
        self.warehouse = None if tables_uri else warehouse
        self.backend = backend
        self.calendar = calendar or Calendar()
        self.tables_uri = tables_uri
        self._views: dict[str, str] = {}
        self._lock = threading.Lock()

    def location(self, spec: TableSpec) -> str:
        if self.warehouse is None:
            return f"{self.tables_uri}/{spec.name}"
        return str(self.warehouse.path(spec))

    def _delta(self, spec: TableSpec) -> DeltaTable | None:
        if self.warehouse is not None:
            return self.warehouse.open(spec)
        try:
            return DeltaTable(delta_rs_uri(self.location(spec)))
        except TableNotFoundError:
            return None

    def table(self, spec: TableSpec) -> ibis.Table:
        delta = self._delta(spec)
        version = "empty" if delta is None else f"v{delta.version()}"
        view = f"{spec.name}__{version}"
        with self._lock:
            if self._views.get(spec.name) != view:
                files = [] if delta is None else [spark_uri(f, self.location(spec)) for f in delta.file_uris()]
                self._register(spec, view, files)
                self._views[spec.name] = view
        return self.backend.table(view)

    def _register(self, spec: TableSpec, view: str, files: list[str]) -> None:
        """A temporary view `view` of `files` read with `spec`'s schema (no job to infer one): a column
        no file has (the table grew it later) reads as nulls, as on DuckDB; no files, an empty table."""
        from pyspark.sql.pandas.types import from_arrow_schema

        session = self.backend._session
        wanted = from_arrow_schema(spec.schema)
        frame = session.read.schema(wanted).parquet(*files) if files else session.createDataFrame([], wanted)
        frame.createOrReplaceTempView(view)

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]:
        return list(self.to_arrow(expr).to_pylist())

    def to_arrow(self, expr: ibis.Table) -> pa.Table:
        """`expr`'s rows as an Arrow table in `expr`'s schema, converted by Spark itself (Ibis'
        `to_pyarrow` goes through pandas, where an integer column with nulls becomes floats)."""
        from ibis.formats.pyarrow import PyArrowData

        frame = self.backend._session.sql(str(self.backend.compile(expr)))
        return PyArrowData.convert_table(frame.toArrow(), expr.schema())


def spark_source(warehouse: Warehouse, calendar: Calendar | None = None) -> SparkSource:
    """A Spark source on the process's session, reading the tables where the settings say."""
    settings = SparkSettings.from_env()
    return SparkSource(warehouse, spark_backend(), calendar, tables_uri=settings.tables_uri)
