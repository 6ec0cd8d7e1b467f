"""The calendar emails of a booking, sent once the booking's transaction has committed."""

from __future__ import annotations

from django_tasks import task

from tandem.flash.invitations import booking_invitations_send_now
from tandem.flash.models import Booking


@task()
def booking_invitations_send(booking_id: int) -> int:
    booking = (
        Booking.objects.select_related("slot__mentor__user", "slot__programme", "mentee__user")
        .filter(pk=booking_id)
        .first()
    )
    return 0 if booking is None else booking_invitations_send_now(booking)
