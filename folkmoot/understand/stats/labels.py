"""Category labels: the Census 2021 labels of ../shared/data/population/, and how other labels map onto them.

Every characteristic has the Census labels as its categories. Answers given in other words are mapped by the
table below (documented in ../docs/labels.md, which a test keeps identical to this table); anything the table
does not know is reported back as "unmatched", never dropped silently. Some characteristics have a broader
level (ethnic group: 19 categories within 5 groups); when some answers only give the broader level, every
answer is compared at that level.

Run `python -m folkmoot.understand.stats.labels` to print the documentation table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

PREFER_NOT = "Prefer not to say"
NOT_ANSWERED = "Not answered"
NOT_ASKED = "Not asked"

# Answer statuses: only "answered" rows count towards shares.
ANSWERED = "answered"
PREFER_NOT_STATUS = "prefer_not_to_say"
NOT_ANSWERED_STATUS = "not_answered"
NOT_ASKED_STATUS = "not_asked"
UNMATCHED = "unmatched"


def key(label: object) -> str:
    """A forgiving comparison key: case, accents, dashes, quotes, '&' and spacing do not matter."""
    text = unicodedata.normalize("NFKC", str(label)).strip().lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text


SPECIAL: dict[str, str] = (
    {
        key(v): PREFER_NOT_STATUS
        for v in (
            PREFER_NOT,
            "Prefer not to answer",
            "Rather not say",
            "Would rather not say",
            "Declined",
            "Not stated",  # NHS Data Dictionary code Z: asked, chose not to say
            "Z",
            "Refused",
        )
    }
    | {
        key(v): NOT_ANSWERED_STATUS
        for v in ("", NOT_ANSWERED, "No answer", "Missing", "Unknown", "Not known", "nan", "None given", "-")
    }
    | {key(v): NOT_ASKED_STATUS for v in (NOT_ASKED, "Not applicable", "N/A", "NA")}
)


@dataclass(frozen=True)
class Characteristic:
    name: str
    title: str
    categories: tuple[str, ...]
    # detailed category -> broader group, where the Census has a broader level
    groups: dict[str, str] = field(default_factory=dict)
    # other wording -> a category or a group label
    synonyms: dict[str, str] = field(default_factory=dict)
    # (category or group) -> words for a sentence: "People who are Muslim"
    people: dict[str, str] = field(default_factory=dict)
    notes: str = ""

    @property
    def group_labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.groups.values()))

    def lookup(self) -> dict[str, tuple[str, str]]:
        """key -> (canonical label, how it matched: 'exact' or 'mapped')."""
        table: dict[str, tuple[str, str]] = {}
        for label in (*self.categories, *self.group_labels):
            table[key(label)] = (label, "exact")
        for other, label in self.synonyms.items():
            table.setdefault(key(other), (label, "mapped"))
        return table


ASIAN = "Asian, Asian British or Asian Welsh"
BLACK = "Black, Black British, Black Welsh, Caribbean or African"
MIXED = "Mixed or Multiple ethnic groups"
WHITE = "White"
OTHER = "Other ethnic group"

ETHNIC_19 = {
    f"{ASIAN}: Bangladeshi": ASIAN,
    f"{ASIAN}: Chinese": ASIAN,
    f"{ASIAN}: Indian": ASIAN,
    f"{ASIAN}: Pakistani": ASIAN,
    f"{ASIAN}: Other Asian": ASIAN,
    f"{BLACK}: African": BLACK,
    f"{BLACK}: Caribbean": BLACK,
    f"{BLACK}: Other Black": BLACK,
    f"{MIXED}: White and Asian": MIXED,
    f"{MIXED}: White and Black African": MIXED,
    f"{MIXED}: White and Black Caribbean": MIXED,
    f"{MIXED}: Other Mixed or Multiple ethnic groups": MIXED,
    f"{WHITE}: English, Welsh, Scottish, Northern Irish or British": WHITE,
    f"{WHITE}: Irish": WHITE,
    f"{WHITE}: Gypsy or Irish Traveller": WHITE,
    f"{WHITE}: Roma": WHITE,
    f"{WHITE}: Other White": WHITE,
    f"{OTHER}: Arab": OTHER,
    f"{OTHER}: Any other ethnic group": OTHER,
}


def _ethnic_synonyms() -> dict[str, str]:
    s: dict[str, str] = {}
    detail = {label.split(": ", 1)[1]: label for label in ETHNIC_19}
    # Census output wording without the group prefix, and the GSS harmonised question wording (2025).
    for short, label in detail.items():
        s[short] = label
    s |= {
        "English, Welsh, Scottish, Northern Irish or British": f"{WHITE}: English, Welsh, Scottish, Northern Irish or British",
        "White British": f"{WHITE}: English, Welsh, Scottish, Northern Irish or British",
        "White - British": f"{WHITE}: English, Welsh, Scottish, Northern Irish or British",
        "White Irish": f"{WHITE}: Irish",
        "Gypsy or Irish Traveller": f"{WHITE}: Gypsy or Irish Traveller",
        "Any other White background": f"{WHITE}: Other White",
        "White other": f"{WHITE}: Other White",
        "White and Black Caribbean": f"{MIXED}: White and Black Caribbean",
        "White and Black African": f"{MIXED}: White and Black African",
        "White and Asian": f"{MIXED}: White and Asian",
        "Any other Mixed or Multiple ethnic background": f"{MIXED}: Other Mixed or Multiple ethnic groups",
        "Any other mixed background": f"{MIXED}: Other Mixed or Multiple ethnic groups",
        "Any other Asian background": f"{ASIAN}: Other Asian",
        "Any other Black, Black British, or Caribbean background": f"{BLACK}: Other Black",
        "Any other Black background": f"{BLACK}: Other Black",
        "Any other ethnic group": f"{OTHER}: Any other ethnic group",
        # Broader groups in other words
        "Asian or Asian British": ASIAN,
        "Asian": ASIAN,
        "Black, Black British, Caribbean or African": BLACK,
        "Black or Black British": BLACK,
        "Black": BLACK,
        "Mixed": MIXED,
        "Mixed or multiple ethnic groups": MIXED,
        "Other": OTHER,
        "Other ethnic groups": OTHER,
    }
    # NHS Data Dictionary "Ethnic category" (2001 Census based) codes. Lossy: code S ("any other ethnic
    # group") includes people the 2021 Census would count as Arab; there is no code for Roma.
    s |= {
        "A": f"{WHITE}: English, Welsh, Scottish, Northern Irish or British",
        "B": f"{WHITE}: Irish",
        "C": f"{WHITE}: Other White",
        "D": f"{MIXED}: White and Black Caribbean",
        "E": f"{MIXED}: White and Black African",
        "F": f"{MIXED}: White and Asian",
        "G": f"{MIXED}: Other Mixed or Multiple ethnic groups",
        "H": f"{ASIAN}: Indian",
        "J": f"{ASIAN}: Pakistani",
        "K": f"{ASIAN}: Bangladeshi",
        "L": f"{ASIAN}: Other Asian",
        "M": f"{BLACK}: Caribbean",
        "N": f"{BLACK}: African",
        "P": f"{BLACK}: Other Black",
        "R": f"{ASIAN}: Chinese",
        "S": f"{OTHER}: Any other ethnic group",
    }
    return s


def _ethnic_people() -> dict[str, str]:
    people = {
        ASIAN: "Asian, Asian British or Asian Welsh people",
        BLACK: "Black, Black British, Black Welsh, Caribbean or African people",
        MIXED: "People of mixed or multiple ethnic groups",
        WHITE: "White people",
        OTHER: "People of other ethnic groups",
    }
    for label in ETHNIC_19:
        group, detail = label.split(": ", 1)
        people[label] = {
            f"{WHITE}: English, Welsh, Scottish, Northern Irish or British": "White British people",
            f"{WHITE}: Other White": "People from other White backgrounds",
            f"{ASIAN}: Other Asian": "People from other Asian backgrounds",
            f"{BLACK}: Other Black": "People from other Black backgrounds",
            f"{MIXED}: Other Mixed or Multiple ethnic groups": "People from other mixed backgrounds",
            f"{OTHER}: Any other ethnic group": "People from any other ethnic group",
            f"{WHITE}: Gypsy or Irish Traveller": "Gypsy or Irish Traveller people",
            f"{MIXED}: White and Asian": "People who are White and Asian",
            f"{MIXED}: White and Black African": "People who are White and Black African",
            f"{MIXED}: White and Black Caribbean": "People who are White and Black Caribbean",
        }.get(label, f"{detail} people")
    return people


ENGLISH = "Main language is English (English or Welsh in Wales)"
NOT_ENGLISH = "Main language is not English (English or Welsh in Wales)"
NO_CARE = "provides no unpaid care"
CARES = "provides unpaid care"

CHARACTERISTICS: dict[str, Characteristic] = {
    c.name: c
    for c in [
        Characteristic(
            name="sex",
            title="Sex",
            categories=("Female", "Male"),
            synonyms={"F": "Female", "M": "Male", "Females": "Female", "Males": "Male"},
            people={"Female": "Women and girls", "Male": "Men and boys"},
            notes="Woman/Man describe gender, not sex: they are reported as unmatched, not mapped.",
        ),
        Characteristic(
            name="ethnic_group",
            title="Ethnic group",
            categories=tuple(ETHNIC_19),
            groups=ETHNIC_19,
            synonyms=_ethnic_synonyms(),
            people=_ethnic_people(),
            notes="NHS ethnic category codes (A-S) are mapped; code S includes Arab, and Z is 'not stated'.",
        ),
        Characteristic(
            name="religion",
            title="Religion",
            categories=(
                "No religion",
                "Christian",
                "Buddhist",
                "Hindu",
                "Jewish",
                "Muslim",
                "Sikh",
                "Other religion",
            ),
            synonyms={
                "None": "No religion",
                "No religion or belief": "No religion",
                "Atheist": "No religion",
                "Christian (all denominations)": "Christian",
                "Christian (including Church of England, Catholic, Protestant and all other Christian denominations)": "Christian",
                "Christianity": "Christian",
                "Buddhism": "Buddhist",
                "Hinduism": "Hindu",
                "Judaism": "Jewish",
                "Islam": "Muslim",
                "Sikhism": "Sikh",
                "Any other religion": "Other religion",
                "Other": "Other religion",
            },
            people={
                "No religion": "People with no religion",
                "Other religion": "People of other religions",
                **{r: f"{r} people" for r in ("Christian", "Buddhist", "Hindu", "Jewish", "Muslim", "Sikh")},
            },
        ),
        Characteristic(
            name="disability",
            title="Disability",
            categories=("Disabled under the Equality Act", "Not disabled under the Equality Act"),
            synonyms={
                "Disabled": "Disabled under the Equality Act",
                "Yes": "Disabled under the Equality Act",
                "Yes, a lot": "Disabled under the Equality Act",
                "Yes, limited a lot": "Disabled under the Equality Act",
                "Yes, a little": "Disabled under the Equality Act",
                "Yes, limited a little": "Disabled under the Equality Act",
                "Not disabled": "Not disabled under the Equality Act",
                "No": "Not disabled under the Equality Act",
                "Not at all": "Not disabled under the Equality Act",
            },
            people={
                "Disabled under the Equality Act": "Disabled people",
                "Not disabled under the Equality Act": "People who are not disabled",
            },
            notes="'Yes'/'No' mean the answer to a question about a condition that limits day-to-day activities.",
        ),
        Characteristic(
            name="sexual_orientation",
            title="Sexual orientation",
            categories=(
                "Straight or Heterosexual",
                "Gay or Lesbian",
                "Bisexual",
                "All other sexual orientations",
            ),
            synonyms={
                "Straight": "Straight or Heterosexual",
                "Heterosexual": "Straight or Heterosexual",
                "Heterosexual or straight": "Straight or Heterosexual",
                "Gay": "Gay or Lesbian",
                "Lesbian": "Gay or Lesbian",
                "Gay or lesbian": "Gay or Lesbian",
                "Other sexual orientation": "All other sexual orientations",
                "Other": "All other sexual orientations",
            },
            people={
                "Straight or Heterosexual": "Straight or heterosexual people",
                "Gay or Lesbian": "Gay or lesbian people",
                "Bisexual": "Bisexual people",
                "All other sexual orientations": "People of other sexual orientations",
            },
        ),
        Characteristic(
            name="main_language",
            title="Main language",
            categories=(
                ENGLISH,
                f"{NOT_ENGLISH}: Can speak English very well",
                f"{NOT_ENGLISH}: Can speak English well",
                f"{NOT_ENGLISH}: Cannot speak English well",
                f"{NOT_ENGLISH}: Cannot speak English",
            ),
            groups={
                ENGLISH: ENGLISH,
                f"{NOT_ENGLISH}: Can speak English very well": NOT_ENGLISH,
                f"{NOT_ENGLISH}: Can speak English well": NOT_ENGLISH,
                f"{NOT_ENGLISH}: Cannot speak English well": NOT_ENGLISH,
                f"{NOT_ENGLISH}: Cannot speak English": NOT_ENGLISH,
            },
            synonyms={
                "English": ENGLISH,
                "Main language is English": ENGLISH,
                "Main language is not English": NOT_ENGLISH,
                "Not English": NOT_ENGLISH,
                "Other": NOT_ENGLISH,
                "Other language": NOT_ENGLISH,
                "Main language is not English: Can speak English very well": f"{NOT_ENGLISH}: Can speak English very well",
                "Main language is not English: Can speak English well": f"{NOT_ENGLISH}: Can speak English well",
                "Main language is not English: Cannot speak English well": f"{NOT_ENGLISH}: Cannot speak English well",
                "Main language is not English: Cannot speak English": f"{NOT_ENGLISH}: Cannot speak English",
            },
            people={
                ENGLISH: "People whose main language is English",
                NOT_ENGLISH: "People whose main language is not English",
                f"{NOT_ENGLISH}: Can speak English very well": "People whose main language is not English but who speak English very well",
                f"{NOT_ENGLISH}: Can speak English well": "People whose main language is not English but who speak English well",
                f"{NOT_ENGLISH}: Cannot speak English well": "People who cannot speak English well",
                f"{NOT_ENGLISH}: Cannot speak English": "People who cannot speak English",
            },
        ),
        Characteristic(
            name="unpaid_care",
            title="Unpaid care",
            categories=(
                NO_CARE,
                "provides 9 hours or less unpaid care a week",
                "provides 10 to 19 hours unpaid care a week",
                "provides 20 to 34 hours unpaid care a week",
                "provides 35 to 49 hours unpaid care a week",
                "provides 50 or more hours unpaid care a week",
            ),
            groups={
                NO_CARE: NO_CARE,
                "provides 9 hours or less unpaid care a week": CARES,
                "provides 10 to 19 hours unpaid care a week": CARES,
                "provides 20 to 34 hours unpaid care a week": CARES,
                "provides 35 to 49 hours unpaid care a week": CARES,
                "provides 50 or more hours unpaid care a week": CARES,
            },
            synonyms={
                "No": NO_CARE,
                "None": NO_CARE,
                "Yes": CARES,
                "Carer": CARES,
                "Yes, 9 hours a week or less": "provides 9 hours or less unpaid care a week",
                "Yes, 9 hours or less unpaid care a week": "provides 9 hours or less unpaid care a week",
                "Yes, 10 to 19 hours": "provides 10 to 19 hours unpaid care a week",
                "Yes, 10 to 19 hours unpaid care a week": "provides 10 to 19 hours unpaid care a week",
                "Yes, 20 to 34 hours": "provides 20 to 34 hours unpaid care a week",
                "Yes, 20 to 34 hours unpaid care a week": "provides 20 to 34 hours unpaid care a week",
                "Yes, 35 to 49 hours": "provides 35 to 49 hours unpaid care a week",
                "Yes, 35 to 49 hours unpaid care a week": "provides 35 to 49 hours unpaid care a week",
                "Yes, 50 or more hours a week": "provides 50 or more hours unpaid care a week",
                "Yes, 50 or more hours unpaid care a week": "provides 50 or more hours unpaid care a week",
            },
            people={
                NO_CARE: "People who do not provide unpaid care",
                CARES: "Unpaid carers",
                "provides 9 hours or less unpaid care a week": "Unpaid carers giving 9 hours a week or less",
                "provides 10 to 19 hours unpaid care a week": "Unpaid carers giving 10 to 19 hours a week",
                "provides 20 to 34 hours unpaid care a week": "Unpaid carers giving 20 to 34 hours a week",
                "provides 35 to 49 hours unpaid care a week": "Unpaid carers giving 35 to 49 hours a week",
                "provides 50 or more hours unpaid care a week": "Unpaid carers giving 50 or more hours a week",
            },
        ),
    ]
}


@dataclass
class LabelMatch:
    """How one distinct answer matched."""

    label: str
    status: str
    category: str | None = None
    how: str = ""  # exact | mapped


def match_labels(characteristic: Characteristic, labels) -> dict[object, LabelMatch]:
    """Match every distinct answer (strings, None or NaN) for a characteristic."""
    table = characteristic.lookup()
    out: dict[object, LabelMatch] = {}
    for raw in labels:
        text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
        k = key(text)
        if k in table:
            out[raw] = LabelMatch(text, ANSWERED, *table[k])
        elif k in SPECIAL:
            out[raw] = LabelMatch(text, SPECIAL[k])
        else:
            out[raw] = LabelMatch(text, UNMATCHED)
    return out


def documentation() -> str:
    """The mapping table as Markdown (docs/labels.md)."""
    lines = [
        "# How answer labels are matched to Census 2021 categories",
        "",
        "Generated by `python -m folkmoot.understand.stats.labels`; a test keeps it identical to the code.",
        "Matching ignores case, accents, dashes, quotes, `&`/`and` and extra spaces. An answer that matches",
        "nothing here is **reported as unmatched** (with its count) and left out of the shares; it is never",
        "dropped silently. Age bands are read as ranges (`16-24`, `16 to 24`, `85+`, `85 and over`, `Under 16`).",
        "",
        "## Answers that are not a category",
        "",
        "| answer | treated as |",
        "|---|---|",
    ]
    labels_by_status: dict[str, list[str]] = {}
    for k, status in SPECIAL.items():
        labels_by_status.setdefault(status, []).append(f"`{k}`" if k else "(blank)")
    for status, labels in labels_by_status.items():
        lines.append(f"| {', '.join(labels)} | {status.replace('_', ' ')} |")
    for c in CHARACTERISTICS.values():
        lines += ["", f"## {c.title} (`{c.name}`)", "", "Census categories:", ""]
        lines += [f"- {label}" for label in c.categories]
        if c.group_labels and set(c.group_labels) != set(c.categories):
            lines += [
                "",
                "Broader groups (answers at this level make every answer compare at this level):",
                "",
            ]
            lines += [f"- {label}" for label in c.group_labels if label not in c.categories]
            lines += [f"- {label}" for label in c.group_labels if label in c.categories]
        lines += ["", "| other answer | counted as |", "|---|---|"]
        lines += [f"| {other} | {label} |" for other, label in c.synonyms.items()]
        if c.notes:
            lines += ["", c.notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(documentation(), end="")
