"""The words that show each behavior, in English, Spanish and Chinese, compiled once.

Each cue group is one case-insensitive regular expression over the three languages together (a
member may switch language mid-call). Chinese has no spaces, so its cues are plain substrings;
English and Spanish cues are whole phrases. Add a phrase here and every transcript is judged with it.
"""

from __future__ import annotations

import re

CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "greeting": {
        "en": (
            r"thank(s| you) for calling",
            r"good (morning|afternoon|evening)",
            r"\bhello\b",
            r"\bhi\b",
            r"\bwelcome\b",
            r"my name is",
            r"how (can|may) i help",
        ),
        "es": (
            r"gracias por (llamar|comunicarse)",
            r"buen(os|as) (días|tardes|noches)",
            r"\bhola\b",
            r"bienvenid[oa]",
            r"mi nombre es",
            r"le atiende",
            r"en qué (le )?puedo ayudar",
        ),
        "zh": (r"您好", r"你好", r"欢迎致电", r"感谢致电", r"早上好", r"下午好", r"很高兴为您服务", r"有什么可以帮"),
    },
    "verification": {
        "en": (
            r"date of birth",
            r"\bverify",
            r"confirm your (identity|name|address|date)",
            r"member (id|number)",
            r"last four",
            r"zip code",
            r"security question",
        ),
        "es": (
            r"fecha de nacimiento",
            r"verificar",
            r"confirmar su (identidad|nombre|dirección)",
            r"número de (miembro|afiliado)",
            r"código postal",
            r"últimos cuatro",
        ),
        "zh": (r"出生日期", r"核实", r"验证", r"会员号", r"身份", r"邮政编码"),
    },
    "phi": {
        "en": (
            r"\bclaim",
            r"diagnos",
            r"prescription",
            r"medication",
            r"lab results?",
            r"\bprocedure",
            r"surgery",
            r"copay",
            r"deductible",
            r"prior auth",
            r"authorization",
            r"referral",
            r"\bmri\b",
            r"therapy",
            r"treatment",
        ),
        "es": (
            r"reclam(o|ación)",
            r"diagnóstic",
            r"receta",
            r"medicamento",
            r"resultados? de laboratorio",
            r"cirugía",
            r"copago",
            r"deducible",
            r"autorización",
            r"tratamiento",
            r"terapia",
        ),
        "zh": (
            r"理赔",
            r"诊断",
            r"处方",
            r"药物",
            r"化验结果",
            r"检查结果",
            r"手术",
            r"自付",
            r"免赔额",
            r"预授权",
            r"治疗",
        ),
    },
    "empathy": {
        "en": (
            r"i (completely |totally )?understand",
            r"sorry to hear",
            r"that must (be|have been)",
            r"i can hear",
            r"i can (only )?imagine",
            r"frustrating",
            r"worrying",
            r"i know how",
            r"that's (hard|difficult)",
        ),
        "es": (
            r"\bentiendo\b",
            r"lamento (escuchar|mucho)",
            r"\bcomprendo\b",
            r"me imagino",
            r"qué preocupante",
            r"debe (ser|haber sido)",
            r"es frustrante",
        ),
        "zh": (r"理解您", r"我明白", r"很遗憾", r"一定很", r"让您担心", r"能体会", r"着急"),
    },
    "ownership": {
        "en": (
            r"i('ll| will) take care",
            r"i('ll| will) make sure",
            r"i apologi[sz]e",
            r"my apologies",
            r"i'm sorry (for|about|this|that)",
            r"i('ll| will) (personally )?(fix|handle|resolve)",
            r"let me fix",
        ),
        "es": (
            r"me encargo",
            r"me aseguraré",
            r"(le )?pido disculpas",
            r"disculpe las molestias",
            r"lo siento",
            r"yo me ocupo",
            r"lo voy a resolver",
        ),
        "zh": (r"我来处理", r"我会负责", r"抱歉", r"对不起", r"给您带来不便", r"我会确保"),
    },
    "blame": {
        "en": (r"(not|isn't) my (fault|department|problem)", r"(the )?\w+ department's fault", r"nothing i can do"),
        "es": (r"no es mi (culpa|departamento|problema)", r"culpa del departamento", r"no puedo hacer nada"),
        "zh": (r"不是我的问题", r"不归我管", r"我也没办法"),
    },
    "problem": {
        "en": (
            r"\bwrong\b",
            r"mistake",
            r"\berror\b",
            r"denied",
            r"never (got|received|came)",
            r"still (haven't|hasn't)",
            r"\bproblem\b",
            r"complain",
            r"overcharged",
            r"\blate\b",
        ),
        "es": (
            r"\berror\b",
            r"equivoca",
            r"(negad|denegad|rechazad)[oa]",
            r"nunca (me )?(llegó|recibí)",
            r"todavía no",
            r"problema",
            r"queja",
            r"me cobraron de más",
        ),
        "zh": (r"错", r"问题", r"没收到", r"投诉", r"被拒", r"多收"),
    },
    "recap": {
        "en": (
            r"so you're saying",
            r"just to (confirm|make sure)",
            r"if i understand",
            r"let me make sure i have",
            r"what i'm hearing",
            r"to recap",
            r"you're calling (about|because)",
            r"so (the|your) (issue|question)",
        ),
        "es": (
            r"si (le )?entiendo bien",
            r"para confirmar",
            r"entonces usted",
            r"me dice que",
            r"en resumen",
            r"usted llama (por|porque)",
        ),
        "zh": (r"您是说", r"确认一下", r"我理解的是", r"总结一下", r"您来电是"),
    },
    "next_steps": {
        "en": (
            r"you('ll| will) (receive|get|see)",
            r"within \d+ (business )?days",
            r"next step",
            r"by (monday|tuesday|wednesday|thursday|friday|tomorrow|the end of)",
            r"reference number",
            r"i('ve| have) (noted|submitted|sent|escalated)",
            r"we('ll| will) call you back",
            r"follow up",
        ),
        "es": (
            r"(usted )?recibirá",
            r"en \d+ días",
            r"próximo paso",
            r"número de referencia",
            r"le llamaremos",
            r"he (enviado|anotado|escalado)",
            r"a más tardar",
            r"para el (lunes|martes|miércoles|jueves|viernes)",
        ),
        "zh": (
            r"您将收到",
            r"个工作日内",
            r"下一步",
            r"参考号",
            r"我们会回电",
            r"已提交",
            r"已记录",
            r"周[一二三四五]前",
        ),
    },
    "thanks": {
        "en": (r"thank(s| you)",),
        "es": (r"gracias",),
        "zh": (r"谢谢", r"感谢"),
    },
    "further_help": {
        "en": (
            r"anything else",
            r"is there anything",
            r"help you with anything",
            r"any other questions",
            r"something else i can",
        ),
        "es": (r"algo más", r"otra (pregunta|consulta)", r"en qué más", r"alguna otra"),
        "zh": (r"还有其他", r"还有什么", r"别的问题", r"其他需要"),
    },
    "hold_request": {
        "en": (r"\bhold\b", r"one moment", r"bear with me", r"give me a (minute|moment)"),
        "es": (r"en espera", r"un momento", r"permítame", r"espere"),
        "zh": (r"稍等", r"请稍候", r"等一下", r"保持通话"),
    },
    "hold_permission": {
        "en": (r"(may|can|could) i (place|put) you", r"(do|would) you mind", r"is it ok(ay)?", r"is that ok(ay)?"),
        "es": (r"¿?(puedo|podría) (ponerle|dejarle)", r"le importa", r"me permite", r"está bien si"),
        "zh": (r"可以吗", r"方便吗", r"介意"),
    },
    "hold_thanks": {
        "en": (r"thank(s| you) for (holding|waiting|your patience)", r"sorry for the wait"),
        "es": (r"gracias por (esperar|su paciencia|la espera)", r"disculpe la espera"),
        "zh": (r"感谢您的耐心", r"谢谢您的等待", r"久等了"),
    },
    "hold_event": {  # system turns the transcript carries for a hold
        "en": (r"\bhold\b",),
        "es": (r"espera",),
        "zh": (r"保持", r"等待"),
    },
}


def _compiled(flags: int) -> dict[str, re.Pattern[str]]:
    return {
        group: re.compile("|".join(f"(?:{cue})" for lang in ("en", "es", "zh") for cue in by_lang[lang]), flags)
        for group, by_lang in CUES.items()
    }


# Cues are written in lower case: rules search lower-cased turns with PATTERNS (case-insensitive
# matching is ~2.5× slower), and the rare turn whose lower-casing changes its length with ANY_CASE.
PATTERNS: dict[str, re.Pattern[str]] = _compiled(0)
ANY_CASE: dict[str, re.Pattern[str]] = _compiled(re.IGNORECASE)
