"""A server process compiles Heartline's templates and indexes its URL names before its first request
(config.preload), so a person's first view of a page does not pay for them."""

from __future__ import annotations

from django.template import engines

from heartline.config.preload import warm_first_view_paths


def test_a_worker_has_every_page_template_compiled_before_its_first_request() -> None:
    cached = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    cached.reset()

    warm_first_view_paths()

    assert {"core/base.html", "contacts/one_and_done.html", "voice/analysis.html", "voice/_analysis.html"} <= set(
        cached.get_template_cache
    )
