"""The survey item bank and the surveys built from it, worded in English, Spanish and Chinese.

Every item is a column of the `survey_responses` warehouse table (see `tables.py`), so an item's code
is both the file column an integrator sends and the name analysts and the CLI use. Scales:

- `likelihood`: 0–10 likelihood to recommend (the NPS item);
- `satisfaction`: 1–5 satisfaction (CSAT; top box is 4–5);
- `agreement`: 1–5 agreement with a statement (driver items);
- `frequency`: the CAHPS Never / Sometimes / Usually / Always scale;
- `yes_no`: Yes / No;
- `rating`: a CAHPS 0–10 rating (0 worst, 10 best);
- `text`: the free-text verbatim.

Two surveys use the bank: the post-contact survey sent after a member's contact, and the periodic
CAHPS-style customer-service survey. Wording is ours, modelled on the CAHPS Health Plan survey's
customer-service items; it is not the licensed CAHPS instrument.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

LANGUAGES = ("en", "es", "zh")


class Scale(Enum):
    LIKELIHOOD = "likelihood"
    SATISFACTION = "satisfaction"
    AGREEMENT = "agreement"
    FREQUENCY = "frequency"
    YES_NO = "yes_no"
    RATING = "rating"
    TEXT = "text"


FREQUENCY_ANSWERS = ("Never", "Sometimes", "Usually", "Always")
YES_NO_ANSWERS = ("Yes", "No")
# Numeric scales: (lowest, highest) whole numbers.
NUMERIC_RANGES: dict[Scale, tuple[int, int]] = {
    Scale.LIKELIHOOD: (0, 10),
    Scale.SATISFACTION: (1, 5),
    Scale.AGREEMENT: (1, 5),
    Scale.RATING: (0, 10),
}


@dataclass(frozen=True)
class Item:
    """One question: its code (the column), scale, wording per language and whether it is a driver."""

    code: str
    scale: Scale
    label: str  # a short name for pages and charts
    wording: dict[str, str]
    driver: bool = False

    @property
    def numeric(self) -> bool:
        return self.scale in NUMERIC_RANGES


@dataclass(frozen=True)
class Survey:
    code: str
    name: str
    items: tuple[Item, ...]


ITEMS: tuple[Item, ...] = (
    Item(
        "nps",
        Scale.LIKELIHOOD,
        "Likelihood to recommend",
        {
            "en": "How likely are you to recommend our health plan to a friend or family member? (0–10)",
            "es": "¿Qué tan probable es que recomiende nuestro plan de salud a un amigo o familiar? (0–10)",
            "zh": "您向朋友或家人推荐我们健康计划的可能性有多大？（0–10）",
        },
    ),
    Item(
        "csat",
        Scale.SATISFACTION,
        "Satisfaction with this contact",
        {
            "en": "Overall, how satisfied were you with this contact? (1 very dissatisfied – 5 very satisfied)",
            "es": "En general, ¿qué tan satisfecho quedó con este contacto? (1 muy insatisfecho – 5 muy satisfecho)",
            "zh": "总体而言，您对这次联系的满意程度如何？（1 非常不满意 – 5 非常满意）",
        },
    ),
    Item(
        "resolved",
        Scale.YES_NO,
        "Resolved in this contact",
        {
            "en": "Was your question or problem resolved during this contact?",
            "es": "¿Se resolvió su pregunta o problema durante este contacto?",
            "zh": "您的问题是否在这次联系中得到解决？",
        },
        driver=True,
    ),
    Item(
        "ease",
        Scale.AGREEMENT,
        "Easy to get help",
        {
            "en": "It was easy to get the help I needed. (1 strongly disagree – 5 strongly agree)",
            "es": "Fue fácil obtener la ayuda que necesitaba. (1 muy en desacuerdo – 5 muy de acuerdo)",
            "zh": "获得我需要的帮助很容易。（1 非常不同意 – 5 非常同意）",
        },
        driver=True,
    ),
    Item(
        "wait_time",
        Scale.AGREEMENT,
        "Reasonable wait",
        {
            "en": "I waited a reasonable time to reach someone. (1–5)",
            "es": "Esperé un tiempo razonable para comunicarme con alguien. (1–5)",
            "zh": "我等待了合理的时间就联系到了工作人员。（1–5）",
        },
        driver=True,
    ),
    Item(
        "courtesy",
        Scale.AGREEMENT,
        "Courtesy and respect",
        {
            "en": "The representative treated me with courtesy and respect. (1–5)",
            "es": "El representante me trató con cortesía y respeto. (1–5)",
            "zh": "客服代表以礼貌和尊重的态度对待我。（1–5）",
        },
        driver=True,
    ),
    Item(
        "knowledge",
        Scale.AGREEMENT,
        "Knew the answer",
        {
            "en": "The representative knew the answer or found it quickly. (1–5)",
            "es": "El representante sabía la respuesta o la encontró rápidamente. (1–5)",
            "zh": "客服代表知道答案或很快找到了答案。（1–5）",
        },
        driver=True,
    ),
    Item(
        "clarity",
        Scale.AGREEMENT,
        "Explained clearly",
        {
            "en": "Things were explained in a way that was easy to understand. (1–5)",
            "es": "Me explicaron las cosas de manera fácil de entender. (1–5)",
            "zh": "工作人员的解释通俗易懂。（1–5）",
        },
        driver=True,
    ),
    Item(
        "cs_info",
        Scale.FREQUENCY,
        "Customer service gave the help needed",
        {
            "en": "In the last 6 months, how often did customer service give you the information or help you needed?",
            "es": (
                "En los últimos 6 meses, ¿con qué frecuencia le dio servicio al cliente la información o "
                "ayuda que necesitaba?"
            ),
            "zh": "在过去6个月中，客户服务多久能为您提供所需的信息或帮助？",
        },
    ),
    Item(
        "cs_courtesy",
        Scale.FREQUENCY,
        "Customer service treated you with courtesy",
        {
            "en": "In the last 6 months, how often did customer service staff treat you with courtesy and respect?",
            "es": (
                "En los últimos 6 meses, ¿con qué frecuencia el personal de servicio al cliente le trató "
                "con cortesía y respeto?"
            ),
            "zh": "在过去6个月中，客户服务人员多久以礼貌和尊重的态度对待您？",
        },
    ),
    Item(
        "forms_easy",
        Scale.FREQUENCY,
        "Forms easy to fill out",
        {
            "en": "In the last 6 months, how often were the forms from your health plan easy to fill out?",
            "es": (
                "En los últimos 6 meses, ¿con qué frecuencia fueron fáciles de llenar los formularios de "
                "su plan de salud?"
            ),
            "zh": "在过去6个月中，您的健康计划的表格多久是容易填写的？",
        },
    ),
    Item(
        "got_needed",
        Scale.YES_NO,
        "Got the information needed",
        {
            "en": "In the last 6 months, did you get the information you needed about how your plan works?",
            "es": "En los últimos 6 meses, ¿obtuvo la información que necesitaba sobre cómo funciona su plan?",
            "zh": "在过去6个月中，您是否获得了关于您的计划如何运作的所需信息？",
        },
    ),
    Item(
        "plan_rating",
        Scale.RATING,
        "Rating of the health plan",
        {
            "en": (
                "Using any number from 0 to 10, where 0 is the worst and 10 the best health plan possible, "
                "what number would you use to rate your health plan?"
            ),
            "es": (
                "Usando un número del 0 al 10, donde 0 es el peor y 10 el mejor plan de salud posible, "
                "¿qué número usaría para calificar su plan de salud?"
            ),
            "zh": "请用0到10之间的数字评价您的健康计划，0代表最差，10代表最好。",
        },
    ),
    Item(
        "verbatim",
        Scale.TEXT,
        "In your own words",
        {
            "en": "Tell us in your own words what we did well or could do better.",
            "es": "Díganos con sus propias palabras qué hicimos bien o qué podríamos mejorar.",
            "zh": "请用您自己的话告诉我们哪些方面做得好，哪些方面可以改进。",
        },
    ),
)
ITEMS_BY_CODE: dict[str, Item] = {item.code: item for item in ITEMS}
DRIVER_CODES: tuple[str, ...] = tuple(item.code for item in ITEMS if item.driver)


def item(code: str) -> Item:
    try:
        return ITEMS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"no survey item {code!r} (items: {', '.join(ITEMS_BY_CODE)})") from None


def _items(*codes: str) -> tuple[Item, ...]:
    return tuple(ITEMS_BY_CODE[c] for c in codes)


SURVEYS: dict[str, Survey] = {
    survey.code: survey
    for survey in (
        Survey(
            "post_contact",
            "After your contact with us",
            _items("nps", "csat", "resolved", "ease", "wait_time", "courtesy", "knowledge", "clarity", "verbatim"),
        ),
        Survey(
            "cahps_cs",
            "Your health plan's customer service (CAHPS-style, every 6 months)",
            _items("cs_info", "cs_courtesy", "forms_easy", "got_needed", "plan_rating", "nps", "verbatim"),
        ),
    )
}
SURVEY_CODES = tuple(SURVEYS)


def driver_score(code: str, answer: object) -> float | None:
    """A driver answer as a number for key-driver regression: 1–5 as is, Yes 1 / No 0, frequency 1–4."""
    if answer is None:
        return None
    scale = ITEMS_BY_CODE[code].scale
    if scale == Scale.YES_NO:
        return 1.0 if str(answer) == "Yes" else 0.0
    if scale == Scale.FREQUENCY:
        return float(FREQUENCY_ANSWERS.index(str(answer)) + 1)
    return float(answer)  # type: ignore[arg-type]
