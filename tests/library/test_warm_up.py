"""jieba's dictionary is loaded once per process, in the background, when the library is first visited."""

from __future__ import annotations

import threading

import pytest

from heartline.library.search import analysis


def test_the_dictionary_is_loaded_once_in_a_background_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[str] = []
    loaded = threading.Event()

    def initialize() -> None:
        loads.append(threading.current_thread().name)
        loaded.set()

    monkeypatch.setattr(analysis, "_warm_up_started", False)
    monkeypatch.setattr(analysis.jieba.dt, "initialized", False)
    monkeypatch.setattr(analysis.jieba, "initialize", initialize)
    analysis.warm_up_in_background()
    analysis.warm_up_in_background()
    assert loaded.wait(timeout=5)
    assert loads == ["jieba-warm-up"]
