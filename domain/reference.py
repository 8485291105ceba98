"""The manual's prompts, as reference data for pages and integrations.

The text is the manual's, reproduced free of charge with the source cited, as its licence
asks: REFOCUS manual, 2nd edition, Rethink Mental Illness (2014), Appendix 1 (the Values
and Treatment Preferences interview guide), Appendix 3 (the Strengths Worksheet: its
columns and example questions) and Appendix 4 (the Strengths Worksheet checklist). Bird V,
Leamy M, Le Boutillier C, Williams J, Slade M (2014), REFOCUS: Promoting recovery in mental
health services, 2nd edition, London: Rethink Mental Illness. Questions are split at the
manual's sentence ends; "Prompts:" are kept apart from the questions they follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.vocabulary import VtpArea, WorksheetColumn, WorksheetRow

_MANUAL = "REFOCUS manual, 2nd edition, Rethink Mental Illness (2014)"
VTP_SOURCE = f"{_MANUAL}, Appendix 1"
WORKSHEET_SOURCE = f"{_MANUAL}, Appendices 3 and 4"


@dataclass(frozen=True)
class VtpAreaGuide:
    """One area of the VTP interview: its heading, its questions and the prompts that follow."""

    area: VtpArea
    title: str
    questions: tuple[str, ...]
    prompts: tuple[str, ...] = ()


#: Asked in every values area (Appendix 1, "VALUES").
VTP_ASK_IN_EVERY_AREA = ("What would be helpful for me to know?", "What is important to you?")

VTP_AREAS = (
    VtpAreaGuide(
        VtpArea.CULTURAL_IDENTITY,
        "Cultural identity including race, culture and ethnicity",
        ("How would you describe your ethnicity?", "Tell me a little bit about your self and your culture"),
        (
            "language, parent's background...",
            "preferred diet, social life, cultural behaviours, beliefs, involvement with cultural group",
        ),
    ),
    VtpAreaGuide(
        VtpArea.RELIGION_SPIRITUALITY,
        "Religion / spirituality",
        (
            "Is spirituality or religion important to you?",
            "What is your spiritual / religious background?",
            "How do your beliefs affect your feelings towards your mental health experiences?",
        ),
        ("how, in what ways?",),
    ),
    VtpAreaGuide(
        VtpArea.GENDER,
        "Gender",
        (
            "Does being a <man / woman> affect the way you would like to be treated by mental health "
            "services?",
        ),
        ("how? e.g. gender of staff, type of treatment?",),
    ),
    VtpAreaGuide(
        VtpArea.SEXUALITY,
        "Sexuality",
        (
            "Is there anything you would like to discuss about your sexuality or that you feel is "
            "important to you?",
        ),
        ("does this impact on how services treat you?",),
    ),
    VtpAreaGuide(
        VtpArea.SOCIAL_ROLES,
        "Social roles including the family, peers and community",
        (
            "Tell me about your community",
            "What role do family, friends and peers play in your life?",
            "What social roles do you have?",
        ),
        (
            "role in the community, social networks, caregiver, parent, peers with and without similar "
            "experiences",
        ),
    ),
    VtpAreaGuide(
        VtpArea.MEANING_OF_EXPERIENCE,
        "Meaning of 'mental illness' experience",
        (
            "People understand mental health experiences in different ways e.g. an illness, an emotional "
            "crisis, as physical illness or as a spiritual experience etc. Could you tell me what you call "
            "this experience?",
            "What do you think has caused your experience?",
        ),
    ),
    VtpAreaGuide(
        VtpArea.SERVICE_EXPERIENCES,
        "Previous experiences of services",
        ("What has been helpful or unhelpful about your experience of using mental health services?",),
    ),
    VtpAreaGuide(
        VtpArea.STIGMA_DISCRIMINATION,
        "Stigma and discrimination",
        (
            "Do people treat you differently because of mental health issues?",
            "Have you experienced other forms of stigma or discrimination (such as racism or sexism)?",
        ),
        ("how has this affected you? Does it have an impact on the service you receive?",),
    ),
    VtpAreaGuide(
        VtpArea.OTHER_IDENTITY,
        "Other important parts of your identity",
        (
            "Anything else you would like to add? e.g. creative, dancer, runner, student, electrician, "
            "teacher etc.",
        ),
    ),
    VtpAreaGuide(
        VtpArea.TREATMENT_PREFERENCES,
        "Treatment preferences",
        (
            "In what ways do the above influence your treatment preferences?",
            "For each area above, what support if any would you like?",
            "How would you like workers to work with you?",
        ),
    ),
)


@dataclass(frozen=True)
class WorksheetColumnGuide:
    """A column of the Strengths Worksheet and the questions at its head (Appendix 3)."""

    column: WorksheetColumn
    title: str
    questions: tuple[str, ...]


WORKSHEET_COLUMNS = (
    WorksheetColumnGuide(
        WorksheetColumn.CURRENT, "Currently", ("What's going on today?", "What's available now?")
    ),
    WorksheetColumnGuide(WorksheetColumn.ASPIRATION, "Desires and aspirations", ("What do I want?",)),
    WorksheetColumnGuide(
        WorksheetColumn.PAST_RESOURCE, "Personal and social resources", ("What have I used in the past?",)
    ),
)

#: Appendix 4's own caution, shown with its checklist.
WORKSHEET_CHECKLIST_NOTE = (
    "This checklist give some example prompt questions for areas to discuss in completing the Strengths "
    "Worksheet. The checklist has been adapted from elsewhere, and is not a definitive list of areas. "
    "Individuals have unique talents, interests and abilities which may not be covered by the below."
)

Prompts = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""One list per column, in the order current, aspiration, past resource."""


@dataclass(frozen=True)
class WorksheetRowGuide:
    """A row of the worksheet: Appendix 3's heading and example questions, Appendix 4's checklist."""

    row: WorksheetRow
    title: str
    examples: Prompts = ((), (), ())
    checklist_title: str | None = None
    checklist: Prompts = ((), (), ())
    about: str | None = field(default=None)


WORKSHEET_ROWS = (
    WorksheetRowGuide(
        WorksheetRow.DAILY_LIVING,
        "Daily living situation",
        (
            (
                "Where are you living now?",
                "What things do you like about your current living situation?",
                "How do you get around?",
            ),
            (
                "Do you want to remain where you are, or would you like to move?",
                "If you could change anything about your living situation what would it be?",
            ),
            ("Where have you lived in the past?", "What was your favourite living situation? Why?"),
        ),
        "Daily living",
        (
            (
                "Where the person lives and for how long",
                "Does the person live with anyone else?",
                "Advantages of the person's living arrangements e.g. quiet neighbourhood, close to town",
                "Transport options",
                "Pets or animals",
                "Personal possessions available to the person (e.g. internet, exercise bike etc.) – this "
                "can be used to identify what is wanted",
                "Areas of the home or neighbourhood that the individual is proud of or enjoys",
                "Daily living tasks that the person enjoys doing or is good at (e.g. cooking, food shopping "
                "etc.)",
            ),
            (
                "Where would the person like to live?",
                "Do they like living alone / with others?",
                "Desired changes to the living situation",
                "Ideal living situation",
                "Anything that would make the individual's living situation easier (e.g. appliances, better "
                "transport options etc.)?",
                "Most important aspect of the living situation (e.g. being near friends, good transport "
                "links, having a pet)",
            ),
            (
                "Past living arrangements",
                "What did the person like about past living arrangements?",
                "Favourite accommodation and living situation",
                "Anything from past living situations which the person would like to have now",
            ),
        ),
    ),
    WorksheetRowGuide(
        WorksheetRow.FINANCIAL,
        "Financial",
        (
            ("What are your current sources of income, and how much money do you have each month to spend?",),
            ("What do you want to happen regarding your financial situation?",),
            ("What was the most satisfying time in your life regarding your financial circumstances?",),
        ),
        "Financial",
        (
            (
                "Sources of income",
                "Bank account, Savings account etc?",
                "Does the individual budget and manage their money, how?",
                "How do they pay the bills?",
                "Spending money left over",
            ),
            (
                "Would the individual like to change their financial situation?",
                "What is important about their financial situation (e.g. extra money to be able to eat "
                "out, go on holiday etc.)",
                "Additional benefits the person may be entitled to",
            ),
            (
                "Past income sources, (e.g. did they work in the past, get additional benefits)",
                "Resources in the past that they are not using now (e.g. savings account, accountant / "
                "advisor)",
            ),
        ),
    ),
    WorksheetRowGuide(
        WorksheetRow.OCCUPATIONAL,
        "Occupational e.g. educational, vocational, leisure",
        (
            (
                "What kind of things do you do that make you happy, and give you a sense of personal "
                "satisfaction?",
            ),
            ("What kind of activities or things would you like to do or be involved in?",),
            ("What are the most satisfying activities that you have ever been involved in?",),
        ),
        "Occupational e.g. work, leisure, education",
        (
            (
                "What does the person do for fun, hobbies? How does the person relax and enjoy themselves?",
                "Different types of activities e.g. paid employment, volunteer work, college and "
                "educational activities, helping others, job searching, involvement with services, care "
                "giving etc.",
                "Education (achievements, likes, dislikes).",
                "What does the individual like about their occupations (educational, vocational and "
                "leisure).",
                "What is important to the person about their current occupations.",
                "Interests, skills and abilities related to their activities.",
                "Weekend activities (do they go out at the weekend).",
                "When does the person get bored and what do they do when they are bored?",
            ),
            (
                "Does the person want to work, go to college, do more / different activities?",
                "If the person could do anything what would that be (career, leisure, educational).",
                "Is the person satisfied with what they are doing?",
                "What enjoyable things would the person like to be doing?",
                "Have they ever wanted to try something?",
            ),
            (
                "Past work, leisure and education experience.",
                "What type of activities have they enjoyed in the past, with whom?",
                "What kind of services (voluntary and involuntary) have they found helpful?",
            ),
        ),
    ),
    WorksheetRowGuide(
        WorksheetRow.SOCIAL_SUPPORTS,
        "Social Supports",
        (
            ("Who do you spend your time with?", "Who do you feel close to?", "What do you like to do?"),
            (
                "Is there anything you would like to be different in your social life?",
                "Are there any areas of your life you would like to have more support in?",
            ),
            (
                "Have you ever belonged to any groups, clubs and/or organisations?",
                "What did you enjoy about them?",
            ),
        ),
        "Social supports",
        (
            (
                "Who do they spend time with? Friends, family, who are they close to?",
                "Organisation, clubs or groups they participate in.",
                "What things does the individual do with others?",
                "Pets.",
                "Types of social support available e.g. family, friends, significant others, mental "
                "health workers, religious leaders and members of religious groups, self-help "
                "organisations etc. How do people support the individual?",
                "Likes and dislikes about being with others.",
                "What does the person do when alone, do they like being alone?",
                "Where, outside the home does the person feel at ease?",
            ),
            (
                "Any changes the individual would make to their social life.",
                "Areas of life the individual would like more support in, what type of support?",
                "Groups, organisations or clubs they would like to belong to?",
            ),
            (
                "Important people in the individual's life (family, friends etc.).",
                "Places that the individual used to enjoy going to.",
                "Groups or clubs the individual was a part of.",
            ),
        ),
    ),
    WorksheetRowGuide(
        WorksheetRow.HEALTH,
        "Health",
        (
            (
                "What kinds of things do you do to take care of your health?",
                "Is being in good health important to you? Why or why not?",
            ),
            (
                "Are there things you would like to change regarding your health?",
                "Is there anything you would like to learn more about to improve or change your health?",
            ),
            (
                "How do you know when you're not doing too well?",
                "What is most helpful during these times in the past?",
            ),
        ),
        "Health",
        (
            (
                "Mental health e.g. people individual currently sees, medication, treatments.",
                "How does the person manage stress.",
                "How does the individual cope with the illness.",
                "Physical health e.g. doctors, dentist, any medication.",
                "Diet and eating habits.",
                "Exercise.",
            ),
            (
                "Areas the individual would like to work on.",
                "What is important to the individual, anything they would like to change?",
            ),
            (
                "Resources used in the past to manage physical and mental wellbeing.",
                "What resources were helpful? Why?",
                "Has the individual completed a Physical Health Check?",
            ),
        ),
    ),
    WorksheetRowGuide(
        WorksheetRow.SPIRITUAL_CULTURAL,
        "Spiritual and cultural",
        (
            (
                "What meaning, if any, does spirituality play in your life?",
                "Are there any strong beliefs held by your family? What do you think of this?",
            ),
            ("Would you like to feel more connected to your spiritual beliefs?",),
            (
                "What do you value most in life, have you always felt that way?",
                "What gives you strength to carry on in times of difficulty?",
            ),
        ),
        "Spirituality and Culture",
        (
            (
                "Is there anything which brings comfort, meaning and purpose to the individual's life?",
                "What gives the person strength in times of difficulty.",
                "Individual's beliefs, What does the individual have faith in?",
                "Any rituals the person engages with, Important occasions for the individual.",
                "Family roles and practices, e.g. mother as main care giver, extended family etc.",
                "Languages spoken.",
                "Certain types of food enjoyed by the individual.",
            ),
            (
                "Any changes the individual would make, e.g. go to church more often, visit parents' home "
                "country.",
                "Connections with others from the same cultural groups.",
            ),
            (
                "Past spiritual or religious beliefs?",
                "How has a person's spirituality or cultural practices / beliefs supported them in the past?",
                "Celebrations, rituals that the person use to observe or celebrate",
            ),
        ),
        about=(
            "In this case, spirituality doesn't just refer to an organised religion, instead it relates to "
            "any beliefs or practices that give a person's life meaning and purpose, e.g. by generating "
            "hope, comfort or connections. Individuals can belong to more than one cultural group, so the "
            "conversation should include the different cultures the person identifies with, identifying "
            "how strongly they identify with each."
        ),
    ),
    WorksheetRowGuide(WorksheetRow.ANYTHING_ELSE, "Anything else you would like to add"),
)
