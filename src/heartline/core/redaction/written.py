"""Identifiers as they are written (typed verbatims, notes, transcripts with digits): patterns.

Member IDs (letters then 6–12 digits, e.g. NBH000012345, or a labelled "member id …"), account and
medical record numbers where they are named, Medicare Beneficiary Identifiers (CMS format, with or
without dashes), US Social Security numbers (with or without dashes or spaces) and Chinese resident ID
numbers, payment card numbers (13–19 digits passing the Luhn check), phone numbers (ten digits with or
without separators, +1; Chinese mobiles), e-mail addresses, dates (numeric, ISO and written-out English,
Spanish and Chinese dates, a labelled date of birth). Years alone and amounts (2024, 1,250) stay.
"""

from __future__ import annotations

import re

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_MONTHS_NOT_MAY = MONTHS.replace("may|", "")  # "may 5" is more often the verb than the month
# Digits standing alone: not inside a longer number ("1234567890123"), a decimal ("0.123456789") or a
# word-and-digit code ("A123456789", a member ID); a sentence's full stop after them is fine.
_ALONE_BEFORE = r"(?<![\w.,-])"
_ALONE_AFTER = r"(?![\w-]|[.,]\d)"
# Medicare Beneficiary Identifier, CMS format: 11 characters, C A AN N A AN N A A N N, where C is 1-9,
# A a letter other than S, L, O, I, B, Z (to avoid confusion with digits), AN either, N a digit;
# written with or without dashes (or spaces) after the 4th and 7th characters (1EG4-TE5-MK73, 1EG4TE5MK73).
_MBI_LETTER = "[AC-HJKMNP-RT-Yac-hjkmnp-rt-y]"
_MBI_ALNUM = f"(?:{_MBI_LETTER}|\\d)"
# Between the groups: a dash, a space, a comma ("1EG4, TE5, MK73") or a dash with spaces ("1EG4 - TE5 - MK73").
MBI_SEPARATOR = "(?:[ ]?-[ ]?|,?[ ])?"
MBI_FORMAT = (
    f"[1-9]{_MBI_LETTER}{_MBI_ALNUM}\\d{MBI_SEPARATOR}{_MBI_LETTER}{_MBI_ALNUM}\\d{MBI_SEPARATOR}"
    f"{_MBI_LETTER}{_MBI_LETTER}\\d\\d"
)
MBI = f"\\b{MBI_FORMAT}\\b"
# A Social Security number: written 123-45-6789 always counts (ITINs, 9xx, are identifiers too); nine bare
# or spaced digits count unless they cannot be an SSN (area 000, 666 or 9xx, group 00, serial 0000) —
# which keeps ordinary nine-digit figures like 900000000 — and a labelled "SSN 123456789" always counts.
SSN = (
    r"(?<![\w-])\d{3}-\d{2}-\d{4}\b"  # not inside a member ID (ABX-900-55-1234)
    r"|(?<![\w.])\d{3}\.\d{2}\.\d{4}(?![\w]|\.\d)"  # 123.45.6789
    r"|(?<![\w*])(?:[Xx]{3}|\*{3})-(?:[Xx]{2}|\*{2})-\d{4}\b"  # masked with x's or asterisks, the last four showing
    rf"|{_ALONE_BEFORE}(?!000|666|9)\d{{3}}(?P<ssn_sep>[ ]?)(?!00)\d{{2}}(?P=ssn_sep)(?!0000)\d{{4}}{_ALONE_AFTER}"
    r"|(?i:\b(?:ssn|social security(?: number| no\.?| #)?)[:#\s]*(?P<value_ssn>\d{3}[- ]?\d{2}[- ]?\d{4})\b)"
    r"|(?<!\d)\d{17}[\dXx](?![\w])"  # a Chinese resident identity card number (18 characters)
)
# A US phone number: ten digits (optionally after +1 or 1), with or without separators — any ten digits
# standing alone are taken for one, since free text has no other use for them; and Chinese mobile
# numbers (11 digits starting 13-19).
PHONE = (
    r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
    rf"|{_ALONE_BEFORE}(?:\+?1[\s.-]?)?\d{{10}}{_ALONE_AFTER}"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
    r"|(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\d){8,12}(?!\d)"  # international: +52 1 55 1234 5678
    r"|\(0\d{2,3}\)\s?\d{3,4}[ -]?\d{4}(?!\d)|(?<![\w-])0\d{2,3}-\d{3,4}[ -]?\d{4}(?![\d-])"  # (021) 5555 1234
)
# Dates: numeric (3/15/1961, 15.03.61), ISO and year-first (1961-03-15, 1961/03/15), written out in
# English or Spanish (March 15, 1961; 15 March 1961; 15 de marzo de 1961; March 15th), Chinese, and a
# labelled date of birth in any form ("DOB 03151961"). A year alone is not a date (Safe Harbor keeps years).
DATE = (
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"
    rf"|(?i:\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?)[:#\s]*(?P<value_dob>\d{{8}}|\d{{6}})\b)"
    rf"|(?i:\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?:{MONTHS})\.?,?\s+(?:de(?:l)?\s+)?\d{{4}}\b"
    rf"|\b\d{{1,2}}\s+de\s+(?:{MONTHS})\b"
    rf"|\b(?:{_MONTHS_NOT_MAY})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,:]?\d))"
    r"|\d{4}年\d{1,2}月\d{1,2}[日号]"
)
# A ZIP code where it is named ("zip 10001", "ZIP code is 10001-1234", "código postal 28013", "邮编100020")
# or after a state ("Springfield, IL 62701"): five-digit numbers alone are too often counts or amounts.
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    "OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR"
)
ZIP = (
    r"(?i:\b(?:zip(?:\s*code)?|postal code|c[óo]digo postal)(?:\s+(?:is|es))?[:#\s]*"
    r"(?P<value_zip>\d{5}(?:-\d{4})?)\b)"
    r"|(?:邮编|邮政编码)(?:是|为|：|:)?\s*(?P<value_zipzh>\d{6})(?!\d)"
    rf"|,\s*(?:{_STATES})\s+(?P<value_zipstate>\d{{5}}(?:-\d{{4}})?)\b"
)
# A member ID: capitals then 6–12 digits, written together or in groups ("NBH000012345", "RTE-4471-0093",
# "KXW 30 4471 02", "X Q R 5 5 1 0 9 8 2"), or after its label.
MEMBER_ID = (
    # not a label before a number ("SSN 123…"), nor a plan's CMS contract and plan number (H1234-001)
    # nor a form's or a drug's code (OMB 0938-1395, NDC 12345-6789)
    r"\b(?<!\b[A-Z] )(?!(?:SSN|MRN|DOB|NPI|PIN|MBI|ID|NO|EIN|ZIP|TTY|ACCT|AM|PM|OMB|NDC|CPT|ICD|DEA|TIN|CMS)\b"
    r"|[HRSE]\d{4}-\d{3}\b|(?:S S N|M B I|D O B|N P I|M R N)\b)"  # nor such a label spelled out ("S S N 123…")
    r"(?:[A-Z]{1,4}|[A-Z](?:[ ][A-Z]){1,3})(?:,?[ -]?\d){6,12}\b(?![ -]?\d)"
    r"|(?<![\w-])\d{7,12}[A-Z]{1,2}\b"  # digits then a letter: Medicaid numbers (12345678A)
    r"|(?<![\w-])\d{3}-\d{2}-\d{4}-?[A-Z][0-9A-Z]?\b"  # an old Medicare number (HICN): an SSN and a letter
    r"|(?i:\b(?:member|subscriber|policy)\s*(?:id|number|no\.?|#)[:#\s]*(?P<value_en>[A-Z0-9-]{5,}))"
    r"|(?i:\bn[úu]mero\s+de\s+(?:miembro|afiliado|p[óo]liza)(?:\s+es)?[:#\s]*(?P<value_es>[A-Z0-9-]{5,}))"
    r"|(?:会员号|会员编号|会员卡号|保单号|医保号|医保卡号)(?:码)?(?:是|为|：|:)?\s*(?P<value_zh>[A-Za-z0-9-]{5,})"
    # letters and digits mixed after a Medicaid or ID label ("Medicaid ID is AB12345C", "ID#: zgp773")
    r"|(?i:\b(?:medicaid|medi-cal|id|identification)(?:\s*(?:id|number|no\.?|#))?(?:\s+(?:is|es))?[:#\s]*)"
    r"(?P<value_id>(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{5,}\b)"
)
ACCOUNT = (
    r"(?i:\b(?:account|acct|mrn|medical record|n[úu]mero de cuenta|expediente)(?:\s*(?:number|no\.?|#))?"
    r"(?:\s+(?:is|es))?[:#\s]*(?P<value_account>(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{4,}))"
    r"|(?:账号|账户|帐号|病历号)(?:是|为|：|:)?\s*(?P<value_accountzh>[A-Za-z0-9-]{5,})"
)
# A month and day without the year ("3/15", "15/03"): a date only where a word before says so ("on 3/15",
# "el 15/03"; see DATE_WORD_BEFORE) — alone it may be a fraction ("1/2 tablet").
MONTH_DAY = r"(?<![\d/.])(?P<monthday>(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01]))(?![/\d])"
DATE_WORD_BEFORE = re.compile(
    r"\b(?:on|by|until|since|from|before|after|el|del|hasta|desde|para|antes del|después del)\s+\Z", re.IGNORECASE
)
EMAIL = (
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    # a mail provider written without its ending ("jsmith@gmail")
    r"|[A-Za-z0-9._%+-]+@(?i:gmail|yahoo|hotmail|outlook|aol|icloud|comcast|protonmail|qq|163|126)\b"
)
# 13–19 digits, in groups or not; only those passing the Luhn check are taken for a card (see `is_card`).
CARD = r"(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])"

# A labelled identifier ("SSN 123456789", "zip 10001") keeps its label: only the group named value_* is
# replaced, so the reader still sees what kind of thing was there.
# Order matters where patterns overlap: the earlier kind wins (an SSN is not also a phone number).
PATTERNS: tuple[tuple[str, str], ...] = (
    ("EMAIL", EMAIL),
    ("MBI", MBI),
    ("CARD", CARD),
    ("SSN", SSN),
    ("MEMBER ID", MEMBER_ID),
    ("ACCOUNT", ACCOUNT),
    ("DATE", DATE),
    ("DATE", MONTH_DAY),
    ("PHONE", PHONE),
    ("ZIP", ZIP),
)
# ASCII word boundaries: Chinese characters count as word characters to Unicode `\b`, so
# "会员号NBH000012345" would have no boundary before the ID and escape redaction.
COMPILED = tuple((kind, re.compile(pattern, re.ASCII)) for kind, pattern in PATTERNS)
# Bare digits taken for an SSN or a phone by their count alone: what was said before them may say otherwise
# ("member number 123456789" is a member ID).
RETYPED_BY_CUE = {"SSN", "PHONE"}
BARE_DIGITS = re.compile(r"[\d ]+")
