"""The codes behind the demo's payer, clinical and pharmacy history, and its providers.

Real code sets: ICD-10-CM diagnoses, CPT/HCPCS procedures and UB-04 revenue codes, RxNorm clinical
drugs and X12 claim adjustment reason codes (CARC) with their published descriptions. The NDCs
are NDC-shaped (11 digits) but illustrative, as are the provider names and their NPIs (which do
pass the NPI check digit). Prices are typical billed charges, not any plan's fee schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"


@dataclass(frozen=True)
class Condition:
    code: str
    display: str


# Chronic conditions, each with the share of members who have it by age band (<18, 18-39, 40-64, 65+).
@dataclass(frozen=True)
class Chronic:
    condition: Condition
    prevalence: tuple[float, float, float, float]
    medications: tuple[str, ...]  # keys of MEDICATIONS, the first always, the others by chance


DIABETES = Condition("E11.9", "Type 2 diabetes mellitus without complications")
DIABETES_VARIANTS = (
    DIABETES,
    Condition("E11.65", "Type 2 diabetes mellitus with hyperglycemia"),
    Condition("E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease"),
)
HYPERTENSION = Condition("I10", "Essential (primary) hypertension")
CHRONIC = (
    Chronic(DIABETES, (0.002, 0.03, 0.12, 0.25), ("metformin",)),
    Chronic(HYPERTENSION, (0.003, 0.08, 0.30, 0.58), ("lisinopril", "amlodipine")),
    Chronic(Condition("E78.5", "Hyperlipidemia, unspecified"), (0.0, 0.05, 0.22, 0.40), ("simvastatin",)),
    Chronic(Condition("J45.909", "Unspecified asthma, uncomplicated"), (0.08, 0.07, 0.07, 0.06), ("albuterol",)),
    Chronic(
        Condition("J44.9", "Chronic obstructive pulmonary disease, unspecified"), (0.0, 0.0, 0.04, 0.11), ("albuterol",)
    ),
    Chronic(Condition("I50.9", "Heart failure, unspecified"), (0.0, 0.0, 0.01, 0.07), ("furosemide",)),
    Chronic(Condition("F32.9", "Major depressive disorder, single episode, unspecified"), (0.02, 0.07, 0.07, 0.05), ()),
)
CHRONIC_INDEX = {c.condition.code: i for i, c in enumerate(CHRONIC)}

# What qualifies a member under 65 for Medicare (with dual eligibility, the other way in).
DISABLING = (
    Condition("N18.6", "End stage renal disease"),
    Condition("G35", "Multiple sclerosis"),
    Condition("G80.9", "Cerebral palsy, unspecified"),
    Condition("F20.9", "Schizophrenia, unspecified"),
    Condition("G12.21", "Amyotrophic lateral sclerosis"),
)


# Reasons for a visit that is not about a chronic condition; `antibiotic` ones get amoxicillin.
@dataclass(frozen=True)
class Acute:
    condition: Condition
    antibiotic: bool


ACUTE = (
    Acute(Condition("J06.9", "Acute upper respiratory infection, unspecified"), False),
    Acute(Condition("J02.9", "Acute pharyngitis, unspecified"), True),
    Acute(Condition("H66.90", "Otitis media, unspecified, unspecified ear"), True),
    Acute(Condition("N39.0", "Urinary tract infection, site not specified"), False),
    Acute(Condition("M54.50", "Low back pain, unspecified"), False),
    Acute(Condition("R10.9", "Unspecified abdominal pain"), False),
    Acute(Condition("S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter"), False),
)
ER_REASONS = (
    Condition("R07.9", "Chest pain, unspecified"),
    Condition("R10.9", "Unspecified abdominal pain"),
    Condition("S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter"),
    Condition("J18.9", "Pneumonia, unspecified organism"),
    Condition("N39.0", "Urinary tract infection, site not specified"),
)
INPATIENT_REASONS = (
    Condition("J18.9", "Pneumonia, unspecified organism"),
    Condition("I50.9", "Heart failure, unspecified"),
    Condition("A41.9", "Sepsis, unspecified organism"),
    Condition("I21.4", "Non-ST elevation (NSTEMI) myocardial infarction"),
    Condition("K35.80", "Unspecified acute appendicitis"),
)
ADULT_CHECKUP = Condition("Z00.00", "Encounter for general adult medical examination without abnormal findings")
CHILD_CHECKUP = Condition("Z00.129", "Encounter for routine child health examination without abnormal findings")


@dataclass(frozen=True)
class Service:
    code: str
    display: str
    billed: float  # a typical charge


def _services(*rows: tuple[str, str, float]) -> dict[str, Service]:
    return {code: Service(code, display, billed) for code, display, billed in rows}


SERVICES = _services(
    ("99213", "Office or other outpatient visit, established patient, low medical decision making", 180.0),
    ("99214", "Office or other outpatient visit, established patient, moderate medical decision making", 265.0),
    ("99392", "Preventive medicine visit, established patient, age 1-4 years", 240.0),
    ("99393", "Preventive medicine visit, established patient, age 5-11 years", 240.0),
    ("99394", "Preventive medicine visit, established patient, age 12-17 years", 255.0),
    ("99395", "Preventive medicine visit, established patient, age 18-39 years", 280.0),
    ("99396", "Preventive medicine visit, established patient, age 40-64 years", 300.0),
    ("G0439", "Annual wellness visit, includes a personalized prevention plan of service, subsequent visit", 230.0),
    ("83036", "Hemoglobin; glycosylated (A1C)", 45.0),
    ("80061", "Lipid panel", 55.0),
    ("80053", "Comprehensive metabolic panel", 60.0),
    ("85025", "Blood count; complete (CBC), automated, with automated differential WBC count", 35.0),
    ("71046", "Radiologic examination, chest; 2 views", 240.0),
    ("99284", "Emergency department visit, moderate medical decision making", 760.0),
    ("99285", "Emergency department visit, high medical decision making", 1_180.0),
    ("99223", "Initial hospital inpatient or observation care, high medical decision making", 460.0),
    ("99238", "Hospital inpatient or observation discharge day management; 30 minutes or less", 210.0),
    # UB-04 revenue codes, on institutional claims.
    ("0450", "Emergency room - general classification", 2_400.0),
    ("0300", "Laboratory - general classification", 420.0),
    ("0120", "Room and board - semi-private (two beds), general classification", 3_100.0),  # per day
    ("0250", "Pharmacy - general classification", 650.0),
)
PREVENTIVE_BY_AGE = ((1, "99392"), (5, "99393"), (12, "99394"), (18, "99395"), (40, "99396"))  # from age


@dataclass(frozen=True)
class Medication:
    rxnorm: str
    display: str
    ndc: str  # NDC-shaped, illustrative
    units_per_day: float
    unit_cost: float  # billed per unit
    refill_days: int  # how long one fill lasts at 30 days' supply (inhalers last longer)


MEDICATIONS = {
    "metformin": Medication("861007", "metformin hydrochloride 500 MG Oral Tablet", "00093104801", 2, 0.35, 30),
    "lisinopril": Medication("314076", "lisinopril 10 MG Oral Tablet", "68180051301", 1, 0.40, 30),
    "amlodipine": Medication("197361", "amlodipine 5 MG Oral Tablet", "00093716798", 1, 0.45, 30),
    "simvastatin": Medication("314231", "simvastatin 10 MG Oral Tablet", "16714068201", 1, 0.40, 30),
    "furosemide": Medication("313988", "furosemide 40 MG Oral Tablet", "00054429925", 1, 0.30, 30),
    "albuterol": Medication(
        "2123111",
        "NDA020503 200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler [Proventil]",
        "00085111301",
        1 / 30,
        65.0,
        60,
    ),
    "amoxicillin": Medication("308182", "amoxicillin 250 MG Oral Capsule", "65862001701", 3, 0.25, 10),
}
MEDICATION_KEYS = tuple(MEDICATIONS)


@dataclass(frozen=True)
class Denial:
    code: str  # group code and CARC, e.g. CO-16
    description: str

    @property
    def member_pays(self) -> bool:
        """PR (patient responsibility): the member owes the charge; CO: the provider writes it off."""
        return self.code.startswith("PR-")


DENIALS = (
    Denial("CO-16", "Claim/service lacks information or has submission/billing error(s)."),
    Denial("CO-50", "These are non-covered services because this is not deemed a 'medical necessity' by the payer."),
    Denial(
        "CO-97",
        "The benefit for this service is included in the payment/allowance for another service/procedure "
        "that has already been adjudicated.",
    ),
    Denial("CO-197", "Precertification/authorization/notification/pre-treatment absent."),
    Denial("PR-204", "This service/equipment/drug is not covered under the patient's current benefit plan."),
    Denial("CO-18", "Exact duplicate claim/service."),
    Denial("CO-22", "This care may be covered by another payer per coordination of benefits."),
)
DENIAL_SHARES = (0.30, 0.18, 0.14, 0.16, 0.12, 0.10, 0.0)  # CO-22 only for dual-eligible members
DUAL_DENIAL = len(DENIALS) - 1
PHARMACY_DENIALS = (3, 4, 0)  # prior authorization, not covered, billing error
PHARMACY_DENIAL_SHARES = (0.55, 0.30, 0.15)


def npi(base: int) -> str:
    """A 10-digit NPI whose last digit is the Luhn check digit over "80840" and the first nine."""
    first_nine = f"{base:09d}"
    digits = [int(d) for d in "80840" + first_nine]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return first_nine + str((10 - total % 10) % 10)


HOSPITALS = ("St. Brendan Medical Center", "Riverside General Hospital", "Harbor View Hospital")
ER_GROUP = "Northbridge Emergency Physicians"
HOSPITALIST_GROUP = "Coastal Hospitalist Group"
PHARMACIES = ("Main Street Pharmacy", "Harbor Pharmacy", "Northbridge Mail-Order Pharmacy", "Valley Drug")
MAIL_ORDER_PHARMACY = 2
