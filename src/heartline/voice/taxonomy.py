"""The starter healthcare taxonomy of verbatim themes, with keyword and phrase lexicons in three languages.

Each theme lists phrases per language. English and Spanish phrases match whole words after lower-
casing and removing accents; a word ending in `*` matches any word that starts with it (`wait*`
matches waited, waiting). Chinese phrases are added to jieba's dictionary and match whole jieba
tokens (or a run of tokens). A verbatim may carry several themes. Extend the taxonomy here; themes
the taxonomy misses show up as discovered themes (`voice.themes.discover`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    phrases: dict[str, tuple[str, ...]]
    polarity: str = "mixed"  # negative themes are pain points; positive ones are praise


TAXONOMY: tuple[Theme, ...] = (
    Theme(
        "wait_time",
        "Wait time",
        {
            "en": (
                "wait*",
                "on hold",
                "hold time",
                "held for",
                "minutes",
                "an hour",
                "hours",
                "took forever",
                "long time",
                "forever",
                "queue",
                "too long",
            ),
            "es": (
                "esper*",
                "en espera",
                "minutos",
                "una hora",
                "horas",
                "tardaron",
                "tardo mucho",
                "mucho tiempo",
                "demasiado tiempo",
                "una eternidad",
            ),
            "zh": ("等", "等待", "等了", "排队", "分钟", "小时", "太久", "很久", "半天", "等候"),
        },
        polarity="negative",
    ),
    Theme(
        "transfers",
        "Transfers and handoffs",
        {
            "en": (
                "transfer*",
                "passed around",
                "bounced",
                "another department",
                "different department",
                "someone else",
                "passed me",
                "handed off",
                "sent me to",
            ),
            "es": ("transfir*", "transferenc*", "me pasaron", "otro departamento", "de un lado a otro", "otra persona"),
            "zh": ("转接", "转来转去", "转了", "另一个部门", "其他部门", "推来推去", "转给"),
        },
        polarity="negative",
    ),
    Theme(
        "billing_confusion",
        "Billing confusion",
        {
            "en": (
                "bill",
                "bills",
                "billing",
                "billed",
                "charge*",
                "premium*",
                "invoice*",
                "statement*",
                "owe",
                "payment*",
                "copay*",
                "deductible",
                "overcharged",
                "refund*",
            ),
            "es": ("factur*", "cobr*", "prima", "primas", "pago*", "copago*", "deducible", "reembolso*", "cuenta"),
            "zh": ("账单", "收费", "扣款", "保费", "付款", "费用", "多收", "退款", "自付额", "免赔额", "缴费"),
        },
        polarity="negative",
    ),
    Theme(
        "id_card",
        "ID card",
        {
            "en": ("id card*", "member card*", "insurance card*", "new card", "my card", "the card", "cards"),
            "es": ("tarjeta*",),
            "zh": ("会员卡", "保险卡", "卡片", "新卡", "医保卡", "卡"),
        },
        polarity="negative",
    ),
    Theme(
        "claims_denial",
        "Claims and denials",
        {
            "en": ("claim*", "denied", "denial*", "deny", "rejected", "appeal*", "not covered", "eob"),
            "es": ("reclam*", "negar*", "negaron", "nego", "rechaz*", "apelac*", "no cubre", "no cubierto"),
            "zh": ("理赔", "拒赔", "被拒", "拒绝", "申诉", "索赔", "报销", "不予承保", "不保"),
        },
        polarity="negative",
    ),
    Theme(
        "pharmacy",
        "Pharmacy and prescriptions",
        {
            "en": (
                "pharmac*",
                "prescription*",
                "medication*",
                "medicine*",
                "refill*",
                "drug*",
                "formulary",
                "mail order",
                "insulin",
                "pills",
            ),
            "es": ("farmacia*", "receta*", "medicament*", "medicina*", "resurtido", "insulina", "pastillas"),
            "zh": ("药房", "处方", "药", "药品", "配药", "续药", "胰岛素", "药物"),
        },
    ),
    Theme(
        "provider_directory",
        "Provider directory",
        {
            "en": (
                "directory",
                "find a doctor",
                "in network",
                "in-network",
                "out of network",
                "network",
                "provider list",
                "doctor list",
                "listed",
                "not accepting",
                "specialist*",
            ),
            "es": (
                "directorio",
                "en la red",
                "fuera de la red",
                "buscar un medico",
                "lista de medicos",
                "especialista*",
                "no acepta",
            ),
            "zh": ("医生名录", "名录", "网络内", "网络外", "找医生", "医生名单", "专科医生", "不接受"),
        },
        polarity="negative",
    ),
    Theme(
        "rude_staff",
        "Rude or dismissive staff",
        {
            "en": (
                "rude",
                "impolite",
                "dismissive",
                "hung up",
                "attitude",
                "unprofessional",
                "condescending",
                "yelled",
                "did not care",
                "didn't care",
                "disrespect*",
                "short with me",
                "sarcastic",
            ),
            "es": (
                "grosero",
                "grosera",
                "maleducad*",
                "colgo",
                "me colgaron",
                "mala actitud",
                "falta de respeto",
                "no le importo",
                "descortes",
                "me grito",
            ),
            "zh": ("态度差", "态度不好", "不礼貌", "粗鲁", "挂断", "挂了电话", "不耐烦", "冷淡", "不尊重", "凶"),
        },
        polarity="negative",
    ),
    Theme(
        "kind_staff",
        "Kind, helpful staff",
        {
            "en": (
                "kind",
                "friendly",
                "helpful",
                "patient",
                "polite",
                "caring",
                "courteous",
                "thank*",
                "nice",
                "respectful",
                "went above",
                "compassion*",
                "pleasant",
                "wonderful",
                "great job",
            ),
            "es": (
                "amable*",
                "paciente",
                "atento",
                "atenta",
                "cortes",
                "gracias",
                "agradec*",
                "respetuos*",
                "excelente atencion",
                "muy buena atencion",
                "simpatic*",
            ),
            "zh": ("耐心", "友好", "热情", "礼貌", "亲切", "谢谢", "感谢", "周到", "细心", "态度很好", "服务很好"),
        },
        polarity="positive",
    ),
    Theme(
        "resolved_first_time",
        "Resolved in one contact",
        {
            "en": (
                "resolved",
                "fixed",
                "solved",
                "took care of",
                "first call",
                "one call",
                "sorted out",
                "answered all",
                "right away",
            ),
            "es": (
                "resolvi*",
                "soluciona*",
                "una sola llamada",
                "primera llamada",
                "de inmediato",
                "arreglar*",
                "arreglo",
            ),
            "zh": ("解决了", "一次就", "马上", "立刻", "搞定", "处理好"),
        },
        polarity="positive",
    ),
    Theme(
        "no_follow_up",
        "No follow-up, still unresolved",
        {
            "en": (
                "call back",
                "called back",
                "callback",
                "never heard",
                "no one called",
                "still waiting",
                "still not",
                "still no",
                "follow up",
                "follow-up",
                "again and again",
                "third time",
                "several times",
                "keep calling",
                "unresolved",
            ),
            "es": (
                "nadie me llamo",
                "nunca me llamaron",
                "devolver la llamada",
                "sigue sin",
                "todavia no",
                "otra vez",
                "varias veces",
                "tercera vez",
                "seguimiento",
            ),
            "zh": ("回电", "没有回电", "没人回复", "还没解决", "仍然没有", "多次", "好几次", "又打", "第三次", "跟进"),
        },
        polarity="negative",
    ),
    Theme(
        "language_access",
        "Language access",
        {
            "en": (
                "spanish",
                "chinese",
                "mandarin",
                "cantonese",
                "interpreter*",
                "translat*",
                "language",
                "english is not",
            ),
            "es": ("espanol", "interprete*", "traduc*", "idioma", "no hablaba", "en ingles"),
            "zh": ("中文", "翻译", "普通话", "粤语", "语言", "英文", "听不懂"),
        },
    ),
    Theme(
        "portal_app",
        "Website, portal and app",
        {
            "en": ("website", "web site", "portal", "app", "online", "log in", "login", "password", "account"),
            "es": ("sitio web", "pagina web", "portal", "aplicacion", "en linea", "contrasena", "iniciar sesion"),
            "zh": ("网站", "网上", "应用", "登录", "密码", "手机应用", "网页", "账户", "账号"),
        },
        polarity="negative",
    ),
    Theme(
        "prior_authorization",
        "Prior authorization",
        {
            "en": ("prior auth*", "authoriz*", "pre-approval", "preapproval", "approval", "referral*"),
            "es": ("autorizac*", "aprobacion", "preaprobacion", "referido*", "referencia"),
            "zh": ("预先授权", "授权", "批准", "审批", "转诊"),
        },
        polarity="negative",
    ),
)
THEMES_BY_CODE: dict[str, Theme] = {theme.code: theme for theme in TAXONOMY}
