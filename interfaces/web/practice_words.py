"""The working practices' words as the manual puts them, for the pages' forms and lists."""

from __future__ import annotations

from domain.vocabulary import Approach, LifeDomain, Resource, VtpArea, WorksheetColumn, WorksheetRow

#: The ten areas of the Values and Treatment Preferences interview (manual, Appendix 1).
VTP_AREA_NAMES: dict[str, str] = {
    VtpArea.CULTURAL_IDENTITY: "Cultural identity, including race, culture and ethnicity",
    VtpArea.RELIGION_SPIRITUALITY: "Religion or spirituality",
    VtpArea.GENDER: "Gender",
    VtpArea.SEXUALITY: "Sexuality",
    VtpArea.SOCIAL_ROLES: "Social roles, including family, peers and community",
    VtpArea.MEANING_OF_EXPERIENCE: "What the experience of mental health problems means to the person",
    VtpArea.SERVICE_EXPERIENCES: "Experiences of services",
    VtpArea.STIGMA_DISCRIMINATION: "Stigma and discrimination",
    VtpArea.OTHER_IDENTITY: "Other important parts of the person's identity",
    VtpArea.TREATMENT_PREFERENCES: "Treatment preferences",
}

#: The question the VTP interview asks of every area (manual, Appendix 1).
VTP_QUESTION = "For each area ask: what would be helpful for me to know? What is important to you?"

#: The three ways of coming to understand values (manual, 3.3).
APPROACH_NAMES: dict[str, str] = {
    Approach.CONVERSATIONAL: "In conversation, for example with the VTP interview guide",
    Approach.NARRATIVE: "From the person's written story",
    Approach.VISUAL: "From a life map",
}

#: The six life domains of the Strengths Worksheet (manual, 4.3 and Appendix 3).
LIFE_DOMAIN_NAMES: dict[str, str] = {
    LifeDomain.DAILY_LIVING: "Daily living situation",
    LifeDomain.FINANCIAL: "Financial",
    LifeDomain.OCCUPATIONAL: "Occupational: education, work and leisure",
    LifeDomain.SOCIAL_SUPPORTS: "Social supports",
    LifeDomain.HEALTH: "Health",
    LifeDomain.SPIRITUAL_CULTURAL: "Spiritual and cultural",
}

#: The worksheet's rows: the six life domains and, last, the manual's "anything else" row (Appendix 3).
WORKSHEET_ROW_NAMES: dict[str, str] = {
    **LIFE_DOMAIN_NAMES,
    WorksheetRow.ANYTHING_ELSE: "Anything else you would like to add",
}

#: The Strengths Worksheet's three columns, headed as the manual heads them (Appendix 3).
COLUMN_NAMES: dict[str, str] = {
    WorksheetColumn.CURRENT: "Currently: what's going on today? What's available now?",
    WorksheetColumn.ASPIRATION: "Desires and aspirations: what do I want?",
    WorksheetColumn.PAST_RESOURCE: "Personal and social resources: what have I used in the past?",
}

#: Internal, external and service resources (manual, 4.3 "Includes external resources").
RESOURCE_NAMES: dict[str, str] = {
    Resource.INTERNAL: "Internal: the person's own skills, talents and abilities",
    Resource.EXTERNAL: "External: family, friends, community and other help outside services",
    Resource.SERVICE: "Service: help from mental health or other services",
}

#: The GROW model's prompts for a coaching conversation about a goal (manual, 5.3 principle 1).
GROW_PROMPTS: dict[str, str] = {
    "goal": (
        "Goal: where do I want to be? What do I want to happen? Start with a vision of what it "
        "will be like when the goal is reached, then get more specific."
    ),
    "reality": "Reality: what is the situation now? Ask specific questions about who, what, where, how much.",
    "options": "Options: what's possible? What options exist to get closer to the goal?",
    "wrap_up": (
        "Wrap-up: gain commitment, clarity and support, and agree the next steps and how they "
        "will be taken forward."
    ),
}

GROW_LABELS: dict[str, str] = {
    "goal": "Goal",
    "reality": "Reality",
    "options": "Options",
    "wrap_up": "Wrap-up",
}


def area_summary(values: int, declined: bool) -> str:
    """How far an area of the VTP interview has been explored with the person (manual, 3.3: a
    decline respects the person's boundaries and is an answer, not missing data)."""
    if values:
        return f"{values} {'value' if values == 1 else 'values'} recorded"
    if declined:
        return "The person chose not to talk about this"
    return "Not yet explored"


def options(names: dict[str, str], blank: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a select or radios; ``blank`` first when nothing is chosen yet."""
    pairs = [(str(value), label) for value, label in names.items()]
    return [("", blank), *pairs] if blank is not None else pairs
