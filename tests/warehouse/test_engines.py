"""Choosing the engine and pointing Spark at the tables: settings parsed from the environment, URIs
mapped between delta-rs' and Hadoop's names (no Spark started here)."""

from __future__ import annotations

import pytest

from heartline.warehouse.engines import EngineError, check_engine, check_portable
from heartline.warehouse.spark import FIXED_CONF, SparkSettings, delta_rs_uri, parse_conf, spark_uri


def test_engine_names_are_checked_and_case_blind() -> None:
    assert check_engine(" Spark ") == "spark"
    with pytest.raises(EngineError, match="choose from duckdb, spark"):
        check_engine("trino")


def test_every_registered_metric_is_portable_today() -> None:
    check_portable("one-and-done", "spark")  # no exception: DUCKDB_ONLY is empty


def test_spark_settings_come_from_the_environment() -> None:
    settings = SparkSettings.from_env(
        {
            "HEARTLINE_SPARK_MASTER": "spark://spark-master:7077",
            "HEARTLINE_SPARK_CONF": "spark.executor.memory=16g; spark.hadoop.fs.s3a.path.style.access=true\n",
            "HEARTLINE_SPARK_TABLES_URI": "s3a://plan-data/heartline/warehouse/",
        }
    )

    assert settings.master == "spark://spark-master:7077"
    assert settings.tables_uri == "s3a://plan-data/heartline/warehouse"
    assert settings.session_conf()["spark.executor.memory"] == "16g"
    assert settings.session_conf()["spark.hadoop.fs.s3a.path.style.access"] == "true"


def test_the_session_always_counts_in_utc_whatever_the_operator_sets() -> None:
    settings = SparkSettings(conf=parse_conf("spark.sql.session.timeZone=America/Chicago"))

    assert settings.session_conf()["spark.sql.session.timeZone"] == FIXED_CONF["spark.sql.session.timeZone"] == "UTC"


def test_a_remote_session_gets_no_static_defaults() -> None:
    assert "spark.ui.showConsoleProgress" not in SparkSettings(remote="sc://spark:15002").session_conf()
    assert SparkSettings.from_env({}).master == "local[*]"


def test_a_conf_pair_without_a_value_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"'spark\.executor\.memory' is not key=value"):
        parse_conf("spark.executor.memory")


def test_s3a_is_read_by_delta_rs_as_s3_and_handed_back_to_spark_as_s3a() -> None:
    root = "s3a://plan-data/warehouse/contacts"

    assert delta_rs_uri(root) == "s3://plan-data/warehouse/contacts"
    assert spark_uri("s3://plan-data/warehouse/contacts/part-0.parquet", root) == (
        "s3a://plan-data/warehouse/contacts/part-0.parquet"
    )


def test_local_paths_pass_through_unchanged() -> None:
    assert delta_rs_uri("/srv/heartline/warehouse/contacts") == "/srv/heartline/warehouse/contacts"
    assert spark_uri("/srv/heartline/warehouse/contacts/p.parquet", "/srv/heartline/warehouse/contacts") == (
        "/srv/heartline/warehouse/contacts/p.parquet"
    )
    assert spark_uri("file:///srv/w/contacts/p.parquet", "/srv/w/contacts") == "file:///srv/w/contacts/p.parquet"
