"""One-off conversations: a mentor's slots, a mentee's booking, and the conversation's page
for its two people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.flash import access, selectors, services
from tandem.flash.forms import AskForm, BookingForm, CapForm, PlaceForm, ReflectionForm, SlotForm
from tandem.flash.models import Booking, FlashSettings, Slot
from tandem.mentorships.access import zone_of


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = access.person_or_404(request.user)
    return render(
        request,
        "flash/index.html",
        {
            "zone": zone_of(person),
            "me": person,
            "conversations": selectors.conversations_of(person),
            "booking_in": access.programmes_booking(person).order_by("name"),
            "offering_in": access.programmes_offering(person).exists(),
            "now": timezone.now(),
        },
    )


@login_required
def my_slots(request: HttpRequest) -> HttpResponse:
    person = access.person_or_404(request.user)
    programmes = access.programmes_offering(person).order_by("name")
    if not programmes.exists():
        raise Http404("No such page.")
    form = SlotForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            slots = services.slots_publish(mentor=person, **form.cleaned_data)
        except services.FlashError as error:
            add_service_error(form, error)
        else:
            count = len(slots)
            messages.success(
                request,
                ngettext("Slot published.", "%(count)s slots published.", count) % {"count": count},
            )
            return redirect("flash:my_slots")
    settings = FlashSettings.objects.filter(mentor=person).first() or FlashSettings(mentor=person)
    return render(
        request,
        "flash/my_slots.html",
        {
            "form": form,
            "cap_form": CapForm(instance=settings),
            "slots": selectors.slots_of_mentor(person),
            "zone": zone_of(person),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def weekly_cap(request: HttpRequest) -> HttpResponse:
    person = access.person_or_404(request.user)
    if not access.programmes_offering(person).exists():
        raise Http404("No such page.")
    settings = FlashSettings.objects.filter(mentor=person).first() or FlashSettings(mentor=person)
    form = CapForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.flash_settings_update(mentor=person, **form.cleaned_data)
        except services.FlashError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your weekly limit is saved."))
            return redirect("flash:my_slots")
    return render(
        request, "flash/weekly_cap.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
@login_required
def slot_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    person, slot = access.slot_for_mentor(request.user, pk)
    try:
        services.slot_withdraw(slot=slot, by=person)
    except services.FlashError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The slot is withdrawn."))
    return redirect("flash:my_slots")


@login_required
def programme_slots(request: HttpRequest, slug: str) -> HttpResponse:
    person, programme = access.programme_for_booker(request.user, slug)
    mentors = selectors.offering_mentors(programme)
    chosen = request.GET.get("mentor", "")
    mentor_id = int(chosen) if chosen.isdigit() else None
    return render(
        request,
        "flash/programme_slots.html",
        {
            "programme": programme,
            "slots": selectors.open_slots(programme, mentor_id=mentor_id),
            "mentors": mentors,
            "chosen": mentor_id,
            "zone": zone_of(person),
        },
    )


@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    person, slot = access.slot_for_booker(request.user, pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.slot_book(slot=slot, mentee=person, **form.cleaned_data)
        except services.FlashError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Booked. A calendar invitation is on its way to you both."))
            return redirect("flash:conversation", pk=booking.pk)
    return render(
        request,
        "flash/book.html",
        {"slot": slot, "form": form, "zone": zone_of(person)},
        status=400 if form.errors else 200,
    )


def _conversation(request: HttpRequest, pk: int, **forms: object) -> HttpResponse:
    person, booking = access.booking_for_member(request.user, pk)
    reflections = selectors.reflections_of(booking)
    mine = next((r for r in reflections if r.author_id == person.pk), None)
    now = timezone.now()
    started = booking.slot.starts_at <= now
    context = {
        "booking": booking,
        "slot": booking.slot,
        "me": person,
        "partner": booking.partner_of(person),
        "is_mentee": person.pk == booking.mentee_id,
        "zone": zone_of(person),
        "reflections": reflections,
        "mine": mine,
        "can_cancel": booking.status == Booking.Status.BOOKED and not started,
        "can_reflect": booking.is_active and started and mine is None,
        "can_ask": booking.is_active and started and person.pk == booking.mentee_id,
        "reflection_form": ReflectionForm(),
        "ask_form": AskForm(),
    }
    context.update(forms)
    status = 400 if any(getattr(f, "errors", None) for f in forms.values()) else 200
    response = render(request, "flash/conversation.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return _conversation(request, pk)


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    person, booking = access.booking_for_member(request.user, pk)
    try:
        services.booking_cancel(booking=booking, by=person)
    except services.FlashError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cancelled. Both calendars are told."))
    return redirect("flash:conversation", pk=booking.pk)


@require_POST
@login_required
def reflect(request: HttpRequest, pk: int) -> HttpResponse:
    person, booking = access.booking_for_member(request.user, pk)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            services.reflection_submit(booking=booking, by=person, **form.cleaned_data)
        except services.FlashError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you; your reflection is saved."))
            return redirect("flash:conversation", pk=booking.pk)
    return _conversation(request, pk, reflection_form=form)


@require_POST
@login_required
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    person, booking = access.booking_for_mentee(request.user, pk)
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            services.longer_mentorship_ask(booking=booking, by=person, **form.cleaned_data)
        except services.FlashError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent; %(name)s will answer it.")
                % {"name": booking.slot.mentor.name},
            )
            return redirect("matching:requests")
    return _conversation(request, pk, ask_form=form)


@login_required
def change_place(request: HttpRequest, pk: int) -> HttpResponse:
    person, slot = access.slot_for_mentor(request.user, pk)
    if slot.status == Slot.Status.CANCELLED or slot.starts_at <= timezone.now():
        raise Http404("Only a slot still ahead can be changed.")
    form = PlaceForm(request.POST or None, instance=slot)
    if request.method == "POST" and form.is_valid():
        try:
            services.slot_change_place(slot=slot, by=person, **form.cleaned_data)
        except services.FlashError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved. A booked conversation's calendars are updated."))
            return redirect("flash:my_slots")
    slot.refresh_from_db()
    return render(
        request,
        "flash/change_place.html",
        {"form": form, "slot": slot, "zone": zone_of(person)},
        status=400 if form.errors else 200,
    )
