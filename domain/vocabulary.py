"""The domain's enumerations: each value is the word events store and the API shows."""

from __future__ import annotations

from enum import StrEnum


class LifeDomain(StrEnum):
    DAILY_LIVING = "daily_living"
    FINANCIAL = "financial"
    OCCUPATIONAL = "occupational"
    SOCIAL_SUPPORTS = "social_supports"
    HEALTH = "health"
    SPIRITUAL_CULTURAL = "spiritual_cultural"


class IdentifiedBy(StrEnum):
    PERSON = "person"
    JOINTLY = "jointly"
    WORKER = "worker"
    # Goals needed for other reasons (risk, legal duties): shown apart.
    SERVICE = "service"


class WrittenBy(StrEnum):
    """Who wrote a goal, value or preference down. The person writing in their own record is the
    strongest sign of partnership (manual, 4.3, partnership-based); not said is allowed, and shown so."""

    PERSON = "person"
    WORKER = "worker"


class Orientation(StrEnum):
    APPROACH = "approach"
    AVOIDANCE = "avoidance"


class Responsibility(StrEnum):
    """Whose the goal is. Never the worker's alone, so there is no such member."""

    PERSON = "person"
    SHARED = "shared"


class StepMode(StrEnum):
    INDEPENDENT = "independent"
    JOINT = "joint"
    PASSIVE = "passive"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    DISCHARGED = "discharged"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    DISCONTINUED = "discontinued"

    @property
    def is_closed(self) -> bool:
        return self in (GoalStatus.ACHIEVED, GoalStatus.DISCONTINUED)


class StepStatus(StrEnum):
    PLANNED = "planned"
    STARTED = "started"
    COMPLETED = "completed"
    DROPPED = "dropped"

    @property
    def is_closed(self) -> bool:
        return self in (StepStatus.COMPLETED, StepStatus.DROPPED)


class DropKind(StrEnum):
    """Why a step was dropped, which decides what a review makes of it (manual, 5.4 "Reviewing
    progress"): a step done another way is progress, one no longer wanted is a plan to revisit,
    one not working is a difficulty to problem-solve; ``other`` says neither."""

    DONE_ANOTHER_WAY = "done_another_way"
    NO_LONGER_WANTED = "no_longer_wanted"
    NOT_WORKING = "not_working"
    OTHER = "other"


class VtpArea(StrEnum):
    """The ten areas of the Values and Treatment Preferences interview (manual, Appendix 1)."""

    CULTURAL_IDENTITY = "cultural_identity"
    RELIGION_SPIRITUALITY = "religion_spirituality"
    GENDER = "gender"
    SEXUALITY = "sexuality"
    SOCIAL_ROLES = "social_roles"
    MEANING_OF_EXPERIENCE = "meaning_of_experience"
    SERVICE_EXPERIENCES = "service_experiences"
    STIGMA_DISCRIMINATION = "stigma_discrimination"
    OTHER_IDENTITY = "other_identity"
    TREATMENT_PREFERENCES = "treatment_preferences"


#: VTP areas whose words are the most sensitive special-category data (manual, 3.3: sexuality,
#: gender, religion and spirituality, cultural identity): summaries name the area, never quote
#: the words, which stay in the values view.
SENSITIVE_AREAS = frozenset(
    {VtpArea.SEXUALITY, VtpArea.GENDER, VtpArea.RELIGION_SPIRITUALITY, VtpArea.CULTURAL_IDENTITY}
)


class Approach(StrEnum):
    """How a value came to be understood."""

    CONVERSATIONAL = "conversational"
    NARRATIVE = "narrative"
    VISUAL = "visual"


class LifeMapKind(StrEnum):
    RELATIONSHIPS = "relationships"
    BACKGROUND = "background"
    WHO_AM_I = "who_am_i"
    PREFERENCES = "preferences"
    CHOICES = "choices"
    RESPECT = "respect"


class WorksheetColumn(StrEnum):
    """The Strengths Worksheet's columns (manual, Appendix 3)."""

    CURRENT = "current"
    ASPIRATION = "aspiration"
    PAST_RESOURCE = "past_resource"


class WorksheetRow(StrEnum):
    """The Strengths Worksheet's rows (manual, Appendix 3): the six life domains, then "anything
    else you would like to add". Strengths keep their row in their ``domain`` field; goals sit in
    a :class:`LifeDomain`, never in the anything-else row."""

    DAILY_LIVING = LifeDomain.DAILY_LIVING.value
    FINANCIAL = LifeDomain.FINANCIAL.value
    OCCUPATIONAL = LifeDomain.OCCUPATIONAL.value
    SOCIAL_SUPPORTS = LifeDomain.SOCIAL_SUPPORTS.value
    HEALTH = LifeDomain.HEALTH.value
    SPIRITUAL_CULTURAL = LifeDomain.SPIRITUAL_CULTURAL.value
    ANYTHING_ELSE = "anything_else"


class VtpStatus(StrEnum):
    """How far the values conversation has gone in one VTP area (manual, 3.3 and Appendix 1)."""

    EXPLORED = "explored"
    DECLINED = "declined"
    NOT_YET_EXPLORED = "not_yet_explored"


class CriterionOutcome(StrEnum):
    """The answer of one quality criterion of the strengths assessment (manual, 4.3)."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class Resource(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    SERVICE = "service"


class ReviewDecision(StrEnum):
    """What a review decides for each goal (manual, chapter 5.4)."""

    CONTINUE = "continue"
    REVISE = "revise"
    PAUSE = "pause"
    ACHIEVED = "achieved"
    DISCONTINUE = "discontinue"
    RESUME = "resume"
