"""Reading the styled error pages (heartline.core.error_pages) in tests."""

from __future__ import annotations

import html
import re

from django.http import HttpResponse

_MESSAGE = re.compile(r'<p class="error" role="alert" data-testid="error-message">(.*?)</p>', re.S)


def error_message(response: HttpResponse) -> str:
    """The message an error page shows, unescaped; "" when it shows none."""
    found = _MESSAGE.search(response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def is_error_page(response: HttpResponse) -> bool:
    return 'data-testid="error-page"' in response.content.decode()
