"""Which languages a text is in, from its script and its commonest words (calls switch languages, so a
text can be in more than one): Chinese characters → zh; Spanish function words or ñ/¿/¡ → es; English
function words → en. A text with none of these (a bare number, a name) is looked at in all three.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "es", "zh")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SPANISH_TEXT = (
    "el la los las que de del por para con una es está mi su señor señora gracias hola llamo número nombre "
    "teléfono calle sí usted tengo quiero necesito bueno"
)
_SPANISH = frozenset(_SPANISH_TEXT.split())
_ENGLISH_TEXT = "the and is my your you what this that with for have can thank please name number calling help are was"
_ENGLISH = frozenset(_ENGLISH_TEXT.split())
_WORDS = re.compile(r"\w+")


def languages_of(text: str, language: str = "auto") -> frozenset[str]:
    """The languages whose rules run on `text`: `language` itself unless it is "auto"."""
    if language != "auto":
        if language not in LANGUAGES:
            raise ValueError(f"language must be auto, en, es or zh, not {language!r}")
        return frozenset({language})
    found = set()
    if _HAN.search(text):
        found.add("zh")
    words = _WORDS.findall(text.lower(), 0, 2000)
    if "ñ" in text or "¿" in text or "¡" in text or sum(w in _SPANISH for w in words) >= 2:
        found.add("es")
    if sum(w in _ENGLISH for w in words) >= 2:
        found.add("en")
    return frozenset(found) if found else frozenset(LANGUAGES)
