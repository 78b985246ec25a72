"""The standard equality monitoring block: ONS Census 2021 categories, each with "Prefer not to say".

Labels are the Census 2021 labels used in ../shared/data/population/, so answers compare directly with the
population baselines ("who is missing"). Every question is optional and voluntary
(../shared/domain/equality-monitoring.md).
"""

from __future__ import annotations

PREFER_NOT = "Prefer not to say"

AGE_BANDS = [
    "0-4",
    "5-9",
    "10-14",
    "15-19",
    "20-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65-69",
    "70-74",
    "75-79",
    "80-84",
    "85-89",
    "90+",
]
ETHNIC_GROUPS_19 = [
    "Asian, Asian British or Asian Welsh: Bangladeshi",
    "Asian, Asian British or Asian Welsh: Chinese",
    "Asian, Asian British or Asian Welsh: Indian",
    "Asian, Asian British or Asian Welsh: Pakistani",
    "Asian, Asian British or Asian Welsh: Other Asian",
    "Black, Black British, Black Welsh, Caribbean or African: African",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black",
    "Mixed or Multiple ethnic groups: White and Asian",
    "Mixed or Multiple ethnic groups: White and Black African",
    "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Other White",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other ethnic group",
]
RELIGIONS = ["No religion", "Buddhist", "Christian", "Hindu", "Jewish", "Muslim", "Sikh", "Other religion"]
DISABILITY = ["Disabled under the Equality Act", "Not disabled under the Equality Act"]
SEXUAL_ORIENTATIONS = [
    "Straight or Heterosexual",
    "Gay or Lesbian",
    "Bisexual",
    "All other sexual orientations",
]
MAIN_LANGUAGE = [
    "Main language is English (English or Welsh in Wales)",
    "Main language is not English (English or Welsh in Wales): Can speak English very well",
    "Main language is not English (English or Welsh in Wales): Can speak English well",
    "Main language is not English (English or Welsh in Wales): Cannot speak English well",
    "Main language is not English (English or Welsh in Wales): Cannot speak English",
]
UNPAID_CARE = [
    "provides no unpaid care",
    "provides 9 hours or less unpaid care a week",
    "provides 10 to 19 hours unpaid care a week",
    "provides 20 to 34 hours unpaid care a week",
    "provides 35 to 49 hours unpaid care a week",
    "provides 50 or more hours unpaid care a week",
]

# key -> (question, hint, options as (value, plain label)); a value is the Census label where one exists.
BLOCK: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "age_band": (
        "What is your age?",
        "",
        [(b, b.replace("-", " to ").replace("90+", "90 or over")) for b in AGE_BANDS[3:]],
    ),
    "sex": (
        "What is your sex?",
        "This is about sex, not gender identity.",
        [("Female", "Female"), ("Male", "Male")],
    ),
    "gender_identity": (
        "Is the gender you identify with the same as your sex registered at birth?",
        "",
        [("Yes", "Yes"), ("No", "No")],
    ),
    "sexual_orientation": (
        "Which of the following best describes your sexual orientation?",
        "",
        [(s, s) for s in SEXUAL_ORIENTATIONS],
    ),
    "ethnic_group": (
        "What is your ethnic group?",
        "Choose the option that best describes you.",
        [(e, e) for e in ETHNIC_GROUPS_19],
    ),
    "religion": ("What is your religion?", "", [(r, r) for r in RELIGIONS]),
    "disability": (
        "Do you have a physical or mental health condition or illness lasting or expected to last 12 months "
        "or more that reduces your ability to carry out day-to-day activities?",
        "",
        [(DISABILITY[0], "Yes"), (DISABILITY[1], "No")],
    ),
    "unpaid_care": (
        "Do you look after, or give any help or support to, anyone because of long-term physical or mental "
        "health conditions or illnesses, or problems related to old age?",
        "Do not count anything you do as part of paid work.",
        [(UNPAID_CARE[0], "No"), *[(u, "Yes, " + u.replace("provides ", "")) for u in UNPAID_CARE[1:]]],
    ),
    "main_language": (
        "What is your main language?",
        "",
        [(m, m.replace(" (English or Welsh in Wales)", "")) for m in MAIN_LANGUAGE],
    ),
    "pregnancy": (
        "Are you pregnant, or have you given birth in the last 26 weeks?",
        "",
        [("Yes", "Yes"), ("No", "No")],
    ),
    "marital_status": (
        "What is your legal marital or registered civil partnership status?",
        "",
        [
            (s, s)
            for s in [
                "Never married and never registered a civil partnership",
                "Married",
                "In a registered civil partnership",
                "Separated",
                "Divorced or civil partnership dissolved",
                "Widowed or surviving civil partner",
            ]
        ],
    ),
}
EXPLANATION = (
    "These questions are optional. We ask them to check that we are hearing from everyone in the community, "
    "not to identify you. Only a small number of trained staff can see individual answers; everything we "
    "publish is grouped, and small numbers are hidden. You can choose \u201cPrefer not to say\u201d for any question."
)
KEYS = list(BLOCK)
