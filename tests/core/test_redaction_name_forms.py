"""Names in the forms calls give them (issue 17's recall work): a known name by any run of its words,
lower-cased, spelled out, beside Chinese characters; a known Chinese name by its given name, by its
surname before a title or kinship word, after 老/小, or as the caller says it is written; unknown people
named by their role, by "named"/"tell", and the ways Chinese speech names people. Examples are our own."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["Priya Raghunathan"], "thanks priya, i'll call back", "thanks [NAME], i'll call back"),
        (["Tomás Echeverría Ruiz"], "gracias señor echeverría ruiz", "gracias señor [NAME]"),
        (["Fernando de la Cruz"], "Lo tengo, señor de la Cruz.", "Lo tengo, señor [NAME]."),
        (["Priya Raghunathan"], "that's r a g h u n a t h a n", "that's [NAME]"),
        (["Bettina Kraus"], "That is K as in kite, R, A, U, S. Thanks", "That is [NAME]. Thanks"),
        (["Lucía Martínez"], "Se escribe M-A-R-T-Í-N-E-Z.", "Se escribe [NAME]."),
        (["Hugo Alvarado"], "会员服务，我是Hugo，请讲。", "会员服务，我是[NAME]，请讲。"),
        (["谢家豪"], "是X-I-E吗？对，谢先生。", "是[NAME]吗？对，[NAME]先生。"),
        (["王建国"], "建国，你好。王老师说你打过电话。", "[NAME]，你好。[NAME]老师说你打过电话。"),
        (["李秀英"], "秀英阿姨您好，木子李的李。", "[NAME]阿姨您好，[NAME]的[NAME]。"),
        (["江伯年"], "可以的，江伯伯。老江说过了。", "可以的，[NAME]伯伯。老[NAME]说过了。"),
        (["张丽华"], "thank you mrs zhang, I have your file", "thank you mrs [NAME], I have your file"),
        (["张丽华"], "this is lihua zhang calling", "this is [NAME] calling"),
        (["谢家豪"], "mr xie jia hao said he will call", "mr [NAME] said he will call"),
        (["María José Gutiérrez"], "la señora gutierrez llamó", "la señora [NAME] llamó"),
        (["Jose Gutierrez"], "habla José Gutiérrez", "habla [NAME]"),
    ],
)
def test_known_names_in_partial_spelled_lower_cased_and_chinese_forms(
    names: list[str], text: str, expected: str
) -> None:
    assert Redactor(names=names).redact(text) == expected


def test_a_part_of_a_known_name_that_is_an_everyday_word_counts_only_with_the_rest() -> None:
    redactor = Redactor(names=["Grace Okafor", "Rosa Luz Pérez"])
    assert redactor.redact("By God's grace, Okafor paid.") == "By God's grace, [NAME] paid."
    assert redactor.redact("La luz del consultorio; Grace Okafor llamó.") == "La luz del consultorio; [NAME] llamó."
    assert redactor.redact("gracias doña rosa; thank you miss grace") == "gracias doña [NAME]; thank you miss [NAME]"
    flores = Redactor(names=["Rosa Flores"])
    assert flores.redact("tengo flores; I spoke with Flores today") == "tengo flores; I spoke with [NAME] today"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The nurse, Delphine, said to call.", "The nurse, [NAME], said to call."),
        ("I spoke to someone named Trevor yesterday.", "I spoke to someone named [NAME] yesterday."),
        ("Tell Rosalind I said thanks.", "Tell [NAME] I said thanks."),
        ("Dígale a Maribel que ya pagué.", "Dígale a [NAME] que ya pagué."),
        ("El chofer, Beto, no llegó.", "El chofer, [NAME], no llegó."),
        ("是我太太秀兰送我去的。", "是我太太[NAME]送我去的。"),
        ("资料在阿明那里。", "资料在[NAME]那里。"),
        ("药房的小周说不能报。", "药房的小[NAME]说不能报。"),
        ("医生好像姓孔。", "医生好像姓[NAME]。"),
        ("我叫王小明，我女儿叫王丽。", "我叫[NAME]，我女儿叫[NAME]。"),
        ("Okonkwo医生说要转诊。", "[NAME]医生说要转诊。"),
        ("一个叫Veronica的说会回电话。", "一个叫[NAME]的说会回电话。"),
    ],
)
def test_unknown_names_named_by_role_and_in_chinese_speech(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tell me about the deductible. The pharmacist said it needs a prior authorization.",
        "我先生身体不好，我女儿现在上班。",
        "老师说小时候打过疫苗。阿司匹林和阿托伐他汀一起吃可以吗？",
        "我姓名是什么不重要。",
        "La enfermera dijo que sí.",
        "They gave me a drug named Eliquis for it.",
        "Me mandaron a una clínica llamada Salud Total.",
    ],
)
def test_roles_and_words_after_relations_that_are_not_names_stay(text: str) -> None:
    assert redact(text) == text
