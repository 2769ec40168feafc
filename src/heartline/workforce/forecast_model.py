"""The forecasting method, on plain data: daily totals with known events, split into intervals.

Standard workforce practice, made explicit:

1. Per queue, the **daily** offered totals (days counted in the organization's time zone) are modelled
   on the log scale (`log1p`) by statsforecast's ARIMA(1,0,1)(0,1,1)₇ (coefficients by conditional
   sum of squares) — weekly seasonality by the seasonal difference — with the planning calendar's
   events as **known regressors** (one 0/1 column per enrollment period or mailing, one for all
   holidays). A regressor with no variation in the
   history (an event never seen before) carries no information and is left out; `regressors` names
   the ones used. Forecasts and their prediction interval (default 80%) are transformed back, so the
   point forecast is the median.
2. Each forecast day is split into intervals by the **intraday profile** of its weekday: the share of
   that weekday's calls in each interval over the last 8 weeks (holidays left out); intraday
   (daily) seasonality therefore comes from the profile. An interval's bounds combine the day's
   interval (scaled by the share) with Poisson variation of the interval count.
3. **Handle time** per interval is the call-weighted mean handle time of that weekday and time of day
   over the last 8 weeks (else of that time of day, else of the queue).

The **backtest** re-fits the model at rolling origins (`windows` origins a week apart, the last one
`horizon` days before the end of the history) and scores each day of each horizon: MASE (absolute
error over the in-sample mean absolute weekly-seasonal difference), WAPE (sum of absolute errors over
the sum of actuals), and for the model the share of actual days inside the prediction interval
(coverage), beside the same scores of two baselines: seasonal-naive (the last observed week repeated)
and last-year-same-week (the same weekday 52 weeks before).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsforecast.models import ARIMA

from heartline.workforce.calendar_events import HOLIDAY, CalendarEvent, regressor_of

SEASON = 7
LAST_YEAR_LAG = 364  # 52 weeks: the same weekday a year before
PROFILE_DAYS = 56
MIN_HISTORY_DAYS = 28
DEFAULT_LEVEL = 80
DEFAULT_WINDOWS = 4
MAX_BACKTEST_HORIZON = 28
INTERVAL_COLUMNS = ("queue", "interval_start", "interval_seconds", "calls", "calls_low", "calls_high", "aht_seconds")
HISTORY_COLUMNS = ("queue", "interval_start", "calls", "handled", "handle_seconds")

MODEL = "arima_events"
SEASONAL_NAIVE = "seasonal_naive"
LAST_YEAR = "last_year_same_week"


class ForecastError(ValueError):
    """The history cannot carry a forecast (too short, malformed); the message says what is missing."""


@dataclass(frozen=True)
class BacktestScore:
    """How one method did over the backtest: n scored days, MASE, WAPE and (for the model) coverage."""

    method: str
    n: int
    mase: float | None
    wape: float | None
    coverage: float | None = None

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class QueueForecast:
    """A queue's forecast: intervals (the contract's columns), days, the history's days and the backtest."""

    queue: str
    intervals: pd.DataFrame
    daily: pd.DataFrame  # day, calls, calls_low, calls_high
    history: pd.DataFrame  # day, calls
    backtest: list[BacktestScore]
    backtest_windows: int
    backtest_horizon_days: int
    level: int
    regressors: list[str] = field(default_factory=list)
    history_ends: dt.date | None = None  # the last day with contacts (the forecast bridges any gap after it)


ORDER = (1, 0, 1)
SEASONAL_ORDER = (0, 1, 1)


def _fitted(y: np.ndarray, x: np.ndarray | None) -> ARIMA:
    """The ARIMA fitted to `y` (regressors `x`): coefficients by conditional sum of squares (fast),
    then the exact state-space model with them fixed, which carries the forecasts and their intervals
    (statsforecast 2.1's CSS-only model predicts zeros)."""
    css = ARIMA(order=ORDER, seasonal_order=SEASONAL_ORDER, season_length=SEASON, method="CSS")
    css.fit(y, x)
    coefficients = {str(k): float(v) for k, v in css.model_["coef"].items()}
    model = ARIMA(order=ORDER, seasonal_order=SEASONAL_ORDER, season_length=SEASON, method="CSS-ML", fixed=coefficients)
    model.fit(y, x)
    return model


def event_matrix(events: Iterable[CalendarEvent], queue: str, days: pd.Index) -> pd.DataFrame:
    """0/1 regressors per day for the events of `queue` (one column per regressor)."""
    columns: dict[str, np.ndarray] = {}
    day_values = days.values.astype("datetime64[D]")
    for event in events:
        if not event.applies_to(queue):
            continue
        name = regressor_of(event)
        on = (day_values >= np.datetime64(event.starts_on)) & (day_values <= np.datetime64(event.ends_on))
        columns[name] = np.maximum(columns.get(name, np.zeros(len(days))), on.astype(float))
    return pd.DataFrame(columns, index=days)


def _informative(x: pd.DataFrame) -> list[str]:
    """Regressors that vary in the history (after the weekly difference they still carry information)."""
    return [c for c in x.columns if x[c].nunique() > 1]


def fit_predict(
    y: np.ndarray, x_train: pd.DataFrame, x_future: pd.DataFrame, horizon: int, level: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Median, low and high of the next `horizon` days of `y` (daily counts), with the regressors used."""
    used = _informative(x_train)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        xt = x_train[used].to_numpy(dtype=float) if used else None
        xf = x_future[used].to_numpy(dtype=float) if used else None
        try:
            predicted = _fitted(np.log1p(y), xt).predict(horizon, xf, level=[level])
        except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):  # singular regressors: none
            used = []
            predicted = _fitted(np.log1p(y), None).predict(horizon, None, level=[level])
    back = [
        np.clip(np.expm1(np.asarray(predicted[k], dtype=float)), 0, None)
        for k in ("mean", f"lo-{level}", f"hi-{level}")
    ]
    return back[0], back[1], back[2], used


def seasonal_naive(y: np.ndarray, horizon: int) -> np.ndarray:
    last_week = y[-SEASON:]
    return np.array([last_week[i % SEASON] for i in range(horizon)], dtype=float)


def _scale(y: np.ndarray) -> float:
    """MASE's denominator: the in-sample mean absolute weekly-seasonal difference."""
    diffs = np.abs(y[SEASON:] - y[:-SEASON])
    return float(diffs.mean()) if diffs.size else math.nan


def _score(
    method: str,
    actual: list[np.ndarray],
    predicted: list[np.ndarray],
    scales: list[float],
    covered: list[np.ndarray] | None = None,
) -> BacktestScore:
    scaled: list[np.ndarray] = []
    errors: list[np.ndarray] = []
    actuals: list[np.ndarray] = []
    for a, p, s in zip(actual, predicted, scales, strict=True):
        keep = ~np.isnan(p)
        errors.append(np.abs(a[keep] - p[keep]))
        actuals.append(a[keep])
        if s > 0:
            scaled.append(np.abs(a[keep] - p[keep]) / s)
    n = int(sum(e.size for e in errors))
    if n == 0:
        return BacktestScore(method, 0, None, None, None)
    total = float(sum(a.sum() for a in actuals))
    mase = float(np.concatenate(scaled).mean()) if scaled and sum(s.size for s in scaled) else None
    wape = float(sum(e.sum() for e in errors)) / total if total > 0 else None
    coverage = float(np.concatenate(covered).mean()) if covered else None
    return BacktestScore(method, n, mase, wape, coverage)


def backtest(y: np.ndarray, x: pd.DataFrame, horizon: int, windows: int, level: int) -> tuple[list[BacktestScore], int]:
    """Rolling-origin scores of the model and the two baselines on daily counts `y` (regressors `x`,
    one row per day of `y`); the number of windows that fitted in the history."""
    origins = [len(y) - horizon - SEASON * k for k in range(windows - 1, -1, -1)]
    origins = [o for o in origins if o >= MIN_HISTORY_DAYS]
    actual: list[np.ndarray] = []
    model: list[np.ndarray] = []
    naive: list[np.ndarray] = []
    last_year: list[np.ndarray] = []
    covered: list[np.ndarray] = []
    scales: list[float] = []
    for origin in origins:
        future = y[origin : origin + horizon]
        point, low, high, _ = fit_predict(
            y[:origin], x.iloc[:origin], x.iloc[origin : origin + horizon], horizon, level
        )
        actual.append(future)
        model.append(point)
        covered.append((future >= low) & (future <= high))
        naive.append(seasonal_naive(y[:origin], horizon))
        lagged = np.arange(origin, origin + horizon) - LAST_YEAR_LAG
        last_year.append(np.where(lagged >= 0, y[np.clip(lagged, 0, None)], np.nan))
        scales.append(_scale(y[:origin]))
    scores = [
        _score(MODEL, actual, model, scales, covered),
        _score(SEASONAL_NAIVE, actual, naive, scales),
        _score(LAST_YEAR, actual, last_year, scales),
    ]
    return scores, len(origins)


def _local(history: pd.DataFrame, zone: str) -> pd.DataFrame:
    local = history["interval_start"].dt.tz_convert(zone)
    return history.assign(
        day=local.dt.tz_localize(None).dt.normalize(),
        dow=local.dt.dayofweek,
        slot=local.dt.hour * 60 + local.dt.minute,
    )


def _profiles(recent: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, float]:
    """Intraday shares by (dow, slot) and by slot; handle time by (dow, slot), by slot, and overall."""
    by_dow_slot = recent.groupby(["dow", "slot"])[["calls", "handled", "handle_seconds"]].sum()
    day_totals = by_dow_slot["calls"].groupby(level="dow").transform("sum")
    share = (by_dow_slot["calls"] / day_totals.where(day_totals > 0)).dropna()
    by_slot = recent.groupby("slot")[["calls", "handled", "handle_seconds"]].sum()
    slot_share = by_slot["calls"] / by_slot["calls"].sum() if by_slot["calls"].sum() > 0 else by_slot["calls"] * 0.0
    aht = (by_dow_slot["handle_seconds"] / by_dow_slot["handled"].where(by_dow_slot["handled"] > 0)).dropna()
    slot_aht = (by_slot["handle_seconds"] / by_slot["handled"].where(by_slot["handled"] > 0)).dropna()
    handled = float(recent["handled"].sum())
    overall = float(recent["handle_seconds"].sum()) / handled if handled > 0 else 0.0
    return share, slot_share, aht, slot_aht, overall


def _future_intervals(first_day: dt.date, days: int, interval_seconds: int, zone: str) -> pd.DataFrame:
    start = pd.Timestamp(first_day).tz_localize(zone)
    end = pd.Timestamp(first_day + dt.timedelta(days=days)).tz_localize(zone)
    instants = pd.date_range(
        start.tz_convert("UTC"), end.tz_convert("UTC"), freq=f"{interval_seconds}s", inclusive="left"
    )
    local = instants.tz_convert(zone)
    return pd.DataFrame(
        {
            "interval_start": instants,
            "day": local.tz_localize(None).normalize(),
            "dow": local.dayofweek,
            "slot": local.hour * 60 + local.minute,
        }
    )


def forecast_queue(
    queue: str,
    history: pd.DataFrame,
    *,
    first_day: dt.date,
    weeks: int,
    interval_seconds: int,
    events: Sequence[CalendarEvent],
    zone: str = "UTC",
    level: int = DEFAULT_LEVEL,
    windows: int = DEFAULT_WINDOWS,
) -> QueueForecast:
    """Forecast `queue` for `weeks` weeks from `first_day` (local), from its interval `history`
    (columns HISTORY_COLUMNS, interval_start tz-aware; only rows before `first_day` are used)."""
    if weeks < 1:
        raise ForecastError("weeks must be at least 1")
    missing = [c for c in HISTORY_COLUMNS if c not in history.columns]
    if missing:
        raise ForecastError(f"history lacks columns {missing}")
    local = _local(history[history["queue"] == queue], zone)
    local = local[local["day"] < pd.Timestamp(first_day)]
    if local.empty:
        raise ForecastError(f"queue {queue!r} has no offered contacts before {first_day}")
    # The history runs to its last day with contacts: days after it were not loaded yet, not quiet.
    days = pd.date_range(local["day"].min(), local["day"].max(), freq="D")
    if len(days) < MIN_HISTORY_DAYS:
        raise ForecastError(
            f"queue {queue!r} has {len(days)} days of history; the forecast needs at least {MIN_HISTORY_DAYS}"
        )
    daily = local.groupby("day")["calls"].sum().reindex(days, fill_value=0).astype(float)
    horizon = weeks * 7
    gap = (pd.Timestamp(first_day) - days[-1]).days - 1  # days between the history's end and the forecast's start
    future_days = pd.date_range(days[-1] + pd.Timedelta(days=1), periods=gap + horizon, freq="D")
    x = event_matrix(events, queue, days.append(future_days))
    y = daily.to_numpy()
    ahead = fit_predict(y, x.iloc[: len(days)], x.iloc[len(days) :], gap + horizon, level)
    point, low, high, used = ahead[0][gap:], ahead[1][gap:], ahead[2][gap:], ahead[3]
    future_days = future_days[gap:]

    bt_horizon = min(horizon, MAX_BACKTEST_HORIZON)
    scores, fitted_windows = backtest(y, x.iloc[: len(days)], bt_horizon, windows, level)

    holidays = set(x.index[x[HOLIDAY] > 0]) if HOLIDAY in x.columns else set()
    recent = local[(local["day"] >= days[-1] - pd.Timedelta(days=PROFILE_DAYS - 1)) & ~local["day"].isin(holidays)]
    share, slot_share, aht, slot_aht, overall_aht = _profiles(recent)

    slots = _future_intervals(first_day, horizon, interval_seconds, zone)
    day_frame = pd.DataFrame({"day": future_days, "d_point": point, "d_low": low, "d_high": high})
    slots = slots.merge(day_frame, on="day", how="left")
    key = pd.MultiIndex.from_arrays([slots["dow"], slots["slot"]])
    by_dow = pd.Series(share.reindex(key).to_numpy(), index=slots.index)
    dow_known = slots["dow"].isin(share.index.get_level_values("dow").unique())
    s = by_dow.where(dow_known, slots["slot"].map(slot_share)).fillna(0.0).to_numpy()
    calls = s * slots["d_point"].to_numpy()
    z = float(norm.ppf(0.5 + level / 200))
    below = np.sqrt((s * (slots["d_point"] - slots["d_low"]).to_numpy()) ** 2 + z * z * calls)
    above = np.sqrt((s * (slots["d_high"] - slots["d_point"]).to_numpy()) ** 2 + z * z * calls)
    handle = pd.Series(aht.reindex(key).to_numpy(), index=slots.index)
    handle = handle.fillna(slots["slot"].map(slot_aht)).fillna(overall_aht)
    intervals = pd.DataFrame(
        {
            "queue": queue,
            "interval_start": slots["interval_start"],
            "interval_seconds": interval_seconds,
            "calls": calls,
            "calls_low": np.clip(calls - below, 0, None),
            "calls_high": calls + above,
            "aht_seconds": handle.to_numpy(dtype=float),
        },
        columns=list(INTERVAL_COLUMNS),
    )
    return QueueForecast(
        queue=queue,
        intervals=intervals,
        daily=pd.DataFrame({"day": future_days.date, "calls": point, "calls_low": low, "calls_high": high}),
        history=pd.DataFrame({"day": days.date, "calls": y}),
        backtest=scores,
        backtest_windows=fitted_windows,
        backtest_horizon_days=bt_horizon,
        level=level,
        regressors=used,
        history_ends=days[-1].date(),
    )
