"""The playbook's rules: the one registry of rule ids, each with the seed sentences behind it.

Every other part (the policy, the violations, the feature-file tags, the ``playbook`` command)
takes its rule ids from ``RULES``. The quotes are the seed's own words
(``seed/000_66f67502cbf892f2.txt``), typography included; ``respect-opt-out`` comes from the
law, not the seed, so its sentence is ours.
"""

# The quotes keep the seed's typography (curly quotes, dashes): tests compare them with the seed.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Category = Literal["do", "dont", "law"]


class Rule(BaseModel):
    """One do, don't or legal duty, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    category: Category
    seed: str  # where in the seed: "DO 1" ... "DON'T 5", or "law"
    title: str
    quotes: tuple[str, ...]  # the seed's sentences that justify it
    met_only: tuple[int, ...] = ()  # quotes (by position) that speak of having met them

    @property
    def because(self) -> str:
        """The justification as one paragraph, for the recruiter's "why?"."""
        return " ".join(self.quotes)

    def because_for(self, met: bool) -> str:
        """The justification that fits the person: "because you've met" only if you have."""
        fits = [q for i, q in enumerate(self.quotes) if met or i not in self.met_only]
        return " ".join(fits)


_RULES = (
    Rule(
        id="use-your-contacts",
        category="do",
        seed="DO 1",
        title="Use your contacts",
        quotes=(
            "Most recruiters will already have a great database of passive candidates; just go"
            " back a couple of years in the candidates you have placed or interviewed.",
            "By cross-referencing what those old candidates are doing now via social networks you"
            " can build up a good picture of them and what they might be a good fit for today.",
        ),
    ),
    Rule(
        id="build-relationships",
        category="do",
        seed="DO 2",
        title="Build relationships with the best people you know",
        quotes=(
            "You need to make sure that you take a note of their details and then keep that"
            " person in your individual pipeline.",
            "And because you’ve met – or worked with them – before you have a natural opening to"
            " the conversation.",
        ),
        met_only=(1,),
    ),
    Rule(
        id="skills-not-availability",
        category="do",
        seed="DO 3",
        title="Look for skills not availability",
        quotes=(
            "If you go into a recruitment relationship off the back of the question: ‘Who do you"
            " know that is looking?’ you’re always going to reduce your chances of getting the"
            " right person.",
            "However, if you go in thinking: ‘Who do you know with the same skill set or XYZ"
            " skill set?’, then you’re opening the field up to a much wider audience.",
        ),
    ),
    Rule(
        id="listen-to-motivations",
        category="do",
        seed="DO 4",
        title="Listen to candidates' real motivations",
        quotes=(
            "The only way to discover those core motivating factors is to study candidates’"
            " backgrounds and listen to them.",
            "Asking questions about a gap in work or a change in industry helps build rapport,"
            " and gives you insight into what makes a person tick.",
        ),
    ),
    Rule(
        id="monitor-online",
        category="do",
        seed="DO 5",
        title="Monitor online discussions",
        quotes=(
            "Of course, that doesn’t mean you should just start soliciting leads.",
            "Instead, monitor the group for a while, identify key contributors, see how other"
            " recruiters are being treated, and most importantly figure out how you can"
            " contribute to the conversation.",
        ),
    ),
    Rule(
        id="dont-sell",
        category="dont",
        seed="DON'T 1",
        title="Don't sell",
        quotes=(
            "But passive candidates are not in the market to buy anything so selling them"
            " something is unquestionably the wrong approach.",
            "The best way to start talking with passive candidates is to engage them in"
            " conversation about their industry.",
        ),
    ),
    Rule(
        id="know-the-person",
        category="dont",
        seed="DON'T 2",
        title="Don't ignore the person behind the hire",
        quotes=(
            "Before you call someone, make sure you learn as much as you can about them.",
            "Identifying something you have in common with them will help you develop a genuine"
            " connection.",
        ),
    ),
    Rule(
        id="email-before-calling",
        category="dont",
        seed="DON'T 3",
        title="Don't dive straight in with the cold call",
        quotes=(
            "Where ever possible, start your conversation with an email.",
            "Using both the phone and email strongly increases the likelihood you will make a"
            " connection.",
        ),
    ),
    Rule(
        id="lead-as-an-expert",
        category="dont",
        seed="DON'T 4",
        title="Don't present yourself as a recruiter",
        quotes=(
            "Very few individuals who’d be considered top, truly passive talent are willing to"
            " engage or build relationships with recruiters, however they would no doubt be"
            " willing to maintain relationships with subject matter experts.",
        ),
    ),
    Rule(
        id="dont-take-no-for-an-answer",
        category="dont",
        seed="DON'T 5",
        title="Don't always take no for an answer",
        quotes=(
            "An initial “no” could mean many other things: it could mean “I’m very busy right"
            " now,” in which case you should simply offer to call at a more convenient time and"
            " schedule a follow up.",
        ),
    ),
    Rule(
        id="respect-opt-out",
        category="law",
        seed="law",
        title="Respect an opt-out",
        quotes=(
            "Everyone has the right to object to being contacted: once someone says “do not"
            " contact me”, that is final, and their data is erased when they ask.",
        ),
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
