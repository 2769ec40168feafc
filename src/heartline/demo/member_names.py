"""Member names and places for the demo: given names by sex and language, family names by language,
and the towns members live in (most in the plan's home state, some retired or moved elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass

# Indexed [language][sex]: language as blueprint.LANGUAGES (en, es, zh), sex 0 female, 1 male.
GIVEN_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Mary", "Linda", "Emily", "Sarah", "Jessica", "Ashley", "Karen", "Nancy", "Lisa", "Donna", "Olivia",
         "Emma", "Ava", "Grace", "Hannah", "Keisha", "Imani", "Brittany", "Megan", "Ruth", "Dorothy", "Helen"),
        ("James", "Robert", "John", "Michael", "David", "William", "Richard", "Thomas", "Daniel", "Matthew",
         "Anthony", "Mark", "Kevin", "Brian", "Tyrone", "Andre", "Marcus", "Ethan", "Noah", "Liam", "George", "Frank"),
    ),
    (
        ("María", "Guadalupe", "Rosa", "Ana", "Lucía", "Sofía", "Camila", "Valentina", "Gabriela", "Carmen",
         "Isabel", "Elena", "Juana", "Patricia", "Daniela", "Ximena"),
        ("José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Francisco", "Alejandro", "Ricardo", "Diego",
         "Manuel", "Javier", "Santiago", "Mateo", "Pedro", "Raúl"),
    ),
    (
        ("Mei", "Xiaoling", "Hui", "Fang", "Jing", "Li Na", "Yan", "Xiu", "Ling", "Wen", "Ying", "Hua"),
        ("Wei", "Jun", "Ming", "Hao", "Jian", "Lei", "Qiang", "Yong", "Tao", "Bo", "Feng", "Zhi"),
    ),
)
FAMILY_NAMES: tuple[tuple[str, ...], ...] = (
    ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
     "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
     "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "O'Brien",
     "Murphy", "Kowalski", "Rossi", "Patel", "Nguyen"),
    ("García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez",
     "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutiérrez", "Castillo"),
    ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
     "Lin", "Guo"),
)
STREETS = (
    "Main St", "Oak Ave", "Maple St", "Park Ave", "Washington St", "Elm St", "Broad St", "Church St",
    "Highland Ave", "Lincoln Ave", "Summit Ave", "Ridge Rd", "Cedar Ln", "Prospect St", "Union Ave",
    "Franklin St", "Spring St", "Grove St", "Willow Way", "Bay Ave", "Central Ave", "Hamilton Ave",
)


@dataclass(frozen=True)
class Town:
    city: str
    state: str
    postal_code: str
    area_code: str
    time_zone: str
    weight: float


# The plan's home is New Jersey; some members winter in Florida or moved west.
TOWNS = (
    Town("Newark", "NJ", "07102", "973", "America/New_York", 14),
    Town("Jersey City", "NJ", "07306", "201", "America/New_York", 12),
    Town("Paterson", "NJ", "07501", "973", "America/New_York", 8),
    Town("Elizabeth", "NJ", "07201", "908", "America/New_York", 7),
    Town("Edison", "NJ", "08817", "732", "America/New_York", 7),
    Town("Trenton", "NJ", "08608", "609", "America/New_York", 6),
    Town("Camden", "NJ", "08102", "856", "America/New_York", 6),
    Town("Toms River", "NJ", "08753", "732", "America/New_York", 6),
    Town("New Brunswick", "NJ", "08901", "732", "America/New_York", 5),
    Town("Hackensack", "NJ", "07601", "201", "America/New_York", 5),
    Town("Atlantic City", "NJ", "08401", "609", "America/New_York", 4),
    Town("Morristown", "NJ", "07960", "973", "America/New_York", 4),
    Town("Cherry Hill", "NJ", "08002", "856", "America/New_York", 5),
    Town("Staten Island", "NY", "10301", "718", "America/New_York", 3),
    Town("Philadelphia", "PA", "19103", "215", "America/New_York", 3),
    Town("Boca Raton", "FL", "33431", "561", "America/New_York", 1.5),
    Town("Chicago", "IL", "60614", "312", "America/Chicago", 0.8),
    Town("Denver", "CO", "80205", "303", "America/Denver", 0.5),
    Town("Phoenix", "AZ", "85004", "602", "America/Phoenix", 0.6),
    Town("San Diego", "CA", "92101", "619", "America/Los_Angeles", 0.6),
)
HOME_TIME_ZONE = "America/New_York"
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
