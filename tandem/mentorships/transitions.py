"""The lifecycle transitions a pair's members take with one button, in one table.

The pages draw their buttons from it (`available`), the page views and the API actions run
through it (`Transition.run`), so a state, a label or a rule about who may press is written
once. The service still checks the state and the person: the table only decides what to offer.
Transitions that take input (the maturity phase, the closure reflection, ending early) have
their own forms and are not here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tandem.mentorships import services
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

State = Mentorship.State
MEMBER = "member"  # the mentee or the mentor
MENTEE = "mentee"


@dataclass(frozen=True)
class Transition:
    name: str  # the page's URL name (mentorships:<name>) and the API action's method
    label: StrOrPromise  # the button on the page
    summary: str  # the API operation's summary
    states: tuple[str, ...]  # the states it is offered in
    who: str  # MEMBER or MENTEE
    service: Callable[..., Mentorship]
    done: StrOrPromise  # the message after it succeeded
    pages: tuple[str, ...]  # the pair tabs that show its button (none: the API only)
    then: str = "overview"  # the pair page to go to after it succeeded
    otherwise: str = ""  # ... and after it was refused (default: `then`)
    primary: bool = False
    # A step that undoes both members' intent is confirmed on a page of its own first.
    confirm_template: str = ""

    @property
    def url_name(self) -> str:
        return f"mentorships:{self.name}"

    def offered_to(self, mentorship: Mentorship, role: str) -> bool:
        # A peer pair has no mentee: what the mentee may do, either peer may.
        who = MEMBER if self.who == MENTEE and mentorship.programme.is_peer else self.who
        return mentorship.state in self.states and who in (MEMBER, role)

    def worded_for(self, mentorship: Mentorship) -> Transition:
        """The transition with its label and message in the programme's role words."""
        partner = mentorship.programme.labels.partner_of("mentee")
        return replace(
            self,
            label=str(self.label).format(partner=partner),
            done=str(self.done).format(partner=partner),
        )

    def run(self, mentorship: Mentorship, by: Person) -> Mentorship:
        return self.service(mentorship=mentorship, by=by)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "start_agreeing",
            _("We have talked: write our charter"),
            "Start writing the charter",
            (State.PROPOSED,),
            MEMBER,
            services.mentorship_start_agreeing,
            _("Now write your charter together."),
            pages=("expectations",),
            then="charter_edit",
            otherwise="expectations",
            primary=True,
        ),
        Transition(
            "look_elsewhere",
            _("Look for another {partner}"),
            "Mentee looks for another mentor",
            (State.PROPOSED, State.AGREEING),
            MENTEE,
            services.mentorship_look_elsewhere,
            _(
                "The proposal has ended. You are back in matching, and this {partner} will not be "
                "proposed to you again."
            ),
            pages=("expectations",),
        ),
        Transition(
            "activate",
            _("Start the mentorship"),
            "Start the mentorship (both signed the charter)",
            (State.AGREEING,),
            MEMBER,
            services.mentorship_activate,
            _("Your mentorship has started."),
            pages=(),
        ),
        Transition(
            "pause",
            _("Pause"),
            "Pause",
            (State.ACTIVE,),
            MEMBER,
            services.mentorship_pause,
            _("Paused. Resume whenever you are both ready."),
            pages=("overview",),
        ),
        Transition(
            "resume",
            _("Resume"),
            "Resume",
            (State.PAUSED,),
            MEMBER,
            services.mentorship_resume,
            _("Welcome back."),
            pages=("overview",),
            primary=True,
        ),
        Transition(
            "closure_propose",
            _("Propose closing: our goals are reached"),
            "Propose closing",
            (State.ACTIVE, State.PAUSED),
            MEMBER,
            services.closure_propose,
            _("Closure proposed. Each of you now writes a reflection and answers the survey."),
            pages=("overview", "closure"),
            then="closure",
        ),
        Transition(
            "closure_withdraw",
            _("We are not done yet: carry on"),
            "Carry on instead of closing",
            (State.CLOSING,),
            MEMBER,
            services.closure_withdraw,
            _("The mentorship carries on."),
            pages=("closure",),
            confirm_template="mentorships/closure_withdraw.html",
        ),
    )
}


def available(mentorship: Mentorship, role: str, page: str) -> list[Transition]:
    """The buttons a member in `role` sees on a pair tab, in the table's order."""
    return [
        t.worded_for(mentorship)
        for t in TRANSITIONS.values()
        if page in t.pages and t.offered_to(mentorship, role)
    ]
