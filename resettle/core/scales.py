"""The instruments for soft outcomes, measured again and again to show distance travelled.

Two kinds:

- The ONS personal well-being questions ("ONS4"): four questions answered 0 to 10, in the
  Office for National Statistics' own words. Each is reported on its own and never added up,
  as the ONS asks; for anxiety a lower score is the better one.
- Our own progress scales, 1 to 10, with a plain-English sentence for every point, written
  in the first person so the person can pick the one that sounds most like them. We wrote
  them for Resettle; they are open under the project's licence. Licensed tools (such as the
  Outcomes Star) are deliberately not copied or adapted here.

Text is marked with gettext_noop so Django's makemessages collects it; the web layer
translates it when it shows it.
"""

from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    return message


PROJECT_LICENCE = "AGPL-3.0-or-later"
OPEN_GOVERNMENT_LICENCE = "OGL-UK-3.0"


@dataclass(frozen=True)
class Item:
    """One question and the scores it may be given."""

    code: str
    name: str
    question: str
    minimum: int
    maximum: int
    higher_is_better: bool = True
    # One sentence for every point from minimum to maximum (our scales).
    anchors: tuple[str, ...] = ()
    # What the two ends mean when only the ends are described (the ONS questions).
    end_labels: tuple[str, str] | None = None

    def __post_init__(self):
        if self.anchors and len(self.anchors) != len(self.points):
            raise ValueError(f"{self.code}: one anchor is needed for every point")

    @property
    def points(self) -> range:
        return range(self.minimum, self.maximum + 1)

    def accepts(self, score) -> bool:
        return isinstance(score, int) and not isinstance(score, bool) and score in self.points

    def anchor(self, score: int) -> str:
        """The sentence for a point, or the end label at either end, or ""."""
        if self.anchors:
            return self.anchors[score - self.minimum]
        if self.end_labels and score == self.minimum:
            return self.end_labels[0]
        if self.end_labels and score == self.maximum:
            return self.end_labels[1]
        return ""


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    introduction: str
    items: tuple[Item, ...]
    licence: str
    attribution: str = ""
    # Items are always shown and counted one by one; no instrument here has a total score.
    reported_separately: bool = field(default=True, init=False)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)


# --- ONS personal well-being -----------------------------------------------------------------

ONS_ACKNOWLEDGEMENT = gettext_noop(
    "Source: Office for National Statistics. The ONS personal well-being questions are "
    "Crown copyright and are used under the Open Government Licence v3.0."
)

ONS_END_LABELS = (gettext_noop("0 – Not at all"), gettext_noop("10 – Completely"))

WELLBEING = Instrument(
    code="ons4",
    name=gettext_noop("Personal well-being (ONS)"),
    introduction=gettext_noop(
        "Next I would like to ask you four questions about your feelings on aspects of your "
        "life. There are no right or wrong answers. For each of these questions I'd like you "
        "to give an answer on a scale of 0 to 10, where 0 is “not at all” and 10 is "
        "“completely”."
    ),
    items=(
        Item(
            code="life_satisfaction",
            name=gettext_noop("Life satisfaction"),
            question=gettext_noop("Overall, how satisfied are you with your life nowadays?"),
            minimum=0,
            maximum=10,
            end_labels=ONS_END_LABELS,
        ),
        Item(
            code="worthwhile",
            name=gettext_noop("Feeling the things you do are worthwhile"),
            question=gettext_noop(
                "Overall, to what extent do you feel that the things you do in your life are "
                "worthwhile?"
            ),
            minimum=0,
            maximum=10,
            end_labels=ONS_END_LABELS,
        ),
        Item(
            code="happiness",
            name=gettext_noop("Happiness yesterday"),
            question=gettext_noop("Overall, how happy did you feel yesterday?"),
            minimum=0,
            maximum=10,
            end_labels=ONS_END_LABELS,
        ),
        Item(
            code="anxiety",
            name=gettext_noop("Anxiety yesterday"),
            question=gettext_noop("Overall, how anxious did you feel yesterday?"),
            minimum=0,
            maximum=10,
            # The one ONS question where a lower score means the person is doing better.
            higher_is_better=False,
            end_labels=ONS_END_LABELS,
        ),
    ),
    licence=OPEN_GOVERNMENT_LICENCE,
    attribution=ONS_ACKNOWLEDGEMENT,
)


# --- Our own progress scales -----------------------------------------------------------------


def _scale(code, name, question, anchors) -> Item:
    return Item(code=code, name=name, question=question, minimum=1, maximum=10, anchors=anchors)


CONFIDENCE = _scale(
    "confidence",
    gettext_noop("Confidence"),
    gettext_noop("How confident do you feel in yourself?"),
    (
        gettext_noop("I have no confidence in myself at all."),
        gettext_noop("I doubt myself about almost everything."),
        gettext_noop("I can do a few small things if someone is with me."),
        gettext_noop("I can do some things on my own, but I often give up."),
        gettext_noop("I feel sure of myself some of the time."),
        gettext_noop("I can do most everyday things on my own."),
        gettext_noop("I can speak up for myself most of the time."),
        gettext_noop("I feel sure I can handle new things."),
        gettext_noop("I feel sure of myself nearly all the time."),
        gettext_noop("I feel confident, and I help others feel confident too."),
    ),
)

MOTIVATION = _scale(
    "motivation",
    gettext_noop("Motivation"),
    gettext_noop("How much do you want to make changes, and keep going with them?"),
    (
        gettext_noop("I do not want to change anything right now."),
        gettext_noop("I think about change, but I do not want to try yet."),
        gettext_noop("I want things to be different, but I do not know where to start."),
        gettext_noop("I have taken one small step."),
        gettext_noop("I am trying, but I stop when things get hard."),
        gettext_noop("I keep going most days, even when it is hard."),
        gettext_noop("I am working towards my goals and I can see progress."),
        gettext_noop("I set my own goals and I stick to them."),
        gettext_noop("I keep going even when things go wrong."),
        gettext_noop("I am reaching my goals and setting new ones."),
    ),
)

RELATIONSHIPS = _scale(
    "relationships",
    gettext_noop("Relationships"),
    gettext_noop("How are things with the people in your life?"),
    (
        gettext_noop("I have nobody I can turn to."),
        gettext_noop("I have people around me, but they are bad for me."),
        gettext_noop("There is one person I can sometimes talk to."),
        gettext_noop("I am trying to mend things with people who matter to me."),
        gettext_noop("I have some people I can talk to, but it is not always easy."),
        gettext_noop("I have a few people I trust."),
        gettext_noop("I get on with most of the people who matter to me."),
        gettext_noop("I have people I can count on, and they can count on me."),
        gettext_noop("The people around me are good for me."),
        gettext_noop("I have strong, healthy relationships and I look after them."),
    ),
)

USE_OF_TIME = _scale(
    "use_of_time",
    gettext_noop("Positive use of time"),
    gettext_noop("How do you spend your days?"),
    (
        gettext_noop("My days have nothing in them."),
        gettext_noop("I spend most of my time in ways that cause me problems."),
        gettext_noop("I do a few things, but most days feel empty."),
        gettext_noop("I have one thing I do most weeks."),
        gettext_noop("I have something to do on some days."),
        gettext_noop("I have a routine on most days."),
        gettext_noop("I spend most of my time doing things that are good for me."),
        gettext_noop("I do things I enjoy that help me move forward."),
        gettext_noop("My week is full of things that matter to me."),
        gettext_noop("I use my time well, and I help other people too."),
    ),
)

MANAGING_MONEY = _scale(
    "managing_money",
    gettext_noop("Managing money"),
    gettext_noop("How are you getting on with money?"),
    (
        gettext_noop("I have no money coming in and I do not know what to do."),
        gettext_noop("I have big money problems and they are getting worse."),
        gettext_noop("I have some money coming in, but I run out every week."),
        gettext_noop("I know how much money I have and how much I owe."),
        gettext_noop("I can pay for the basics most weeks."),
        gettext_noop("I pay my bills on time most of the time."),
        gettext_noop("I have a plan for my money and I mostly stick to it."),
        gettext_noop("I am paying off what I owe."),
        gettext_noop("I have a little money left over most weeks."),
        gettext_noop("I manage my money well and I am saving."),
    ),
)

FEELING_SAFE = _scale(
    "feeling_safe",
    gettext_noop("Feeling safe where I live"),
    gettext_noop("How safe and settled do you feel where you live?"),
    (
        gettext_noop("I have nowhere safe to stay."),
        gettext_noop("I do not feel safe where I am staying."),
        gettext_noop("I feel unsafe most of the time where I am staying."),
        gettext_noop("I feel safe some of the time where I live."),
        gettext_noop("I feel safe most days, but I worry about losing my home."),
        gettext_noop("I feel safe where I live most of the time."),
        gettext_noop("I feel safe at home and I know who to ask for help."),
        gettext_noop("I feel safe and settled where I live."),
        gettext_noop("I feel safe, and I get on with the people near me."),
        gettext_noop("I feel safe, settled and at home where I live."),
    ),
)

PROGRESS = Instrument(
    code="progress",
    name=gettext_noop("Progress scales"),
    introduction=gettext_noop(
        "For each one, pick the sentence that sounds most like you today. There are no right "
        "or wrong answers. 1 is the hardest place to be and 10 is the best."
    ),
    items=(CONFIDENCE, MOTIVATION, RELATIONSHIPS, USE_OF_TIME, MANAGING_MONEY, FEELING_SAFE),
    licence=PROJECT_LICENCE,
    attribution=gettext_noop("Written for Resettle and free for anyone to use."),
)


INSTRUMENTS = {instrument.code: instrument for instrument in (PROGRESS, WELLBEING)}


def instrument(code: str) -> Instrument:
    """The instrument with this code; KeyError for any other."""
    return INSTRUMENTS[code]
