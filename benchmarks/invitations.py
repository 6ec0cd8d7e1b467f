"""Time a bulk invitation at scale: import the organisation, invite one department in one
action, and check that everyone invited got exactly one email.

Run with `make benchmark` (or `.venv/bin/python benchmarks/invitations.py [--rows N]`). It
uses a fresh SQLite database in a temporary directory, the people import on a generated CSV,
the database task queue and Django's in-memory mail backend. Half the organisation is in one
department, so 10,000 people give 5,000 invitations. Targets: the request that confirms the
invitation answers in under a second and sends nothing; every invited person gets one email.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from collections import Counter

from django_setup import setup

REQUEST_TARGET_SECONDS = 1.0
DEPARTMENT = "Engineering"
OTHERS = ["Finance", "Sales", "Marketing", "People", "Operations", "Legal"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    data_dir = setup(None, prefix="tandem-bench-")
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        return _run(args.rows)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(count: int) -> int:
    import datetime

    from django.core import mail
    from django.core.management import call_command
    from django.test import Client
    from people_import import generate_rows, to_csv

    from tandem.accounts.models import User
    from tandem.people.importing import people_import
    from tandem.people.models import Department
    from tandem.programmes.models import Invitation, InvitationBatch
    from tandem.programmes.selectors import InviteeCriteria, invitation_preview
    from tandem.programmes.services import programme_create

    mail.outbox = []
    rng = random.Random(11)
    rows = generate_rows(count)
    for index, row in enumerate(rows):
        row["department"] = DEPARTMENT if index % 2 == 0 else rng.choice(OTHERS)
    started = time.perf_counter()
    imported = people_import(file=to_csv(rows))
    import_seconds = time.perf_counter() - started
    if not imported.ok:
        for error in imported.errors[:20]:
            print(error)
        return 1

    carol = User.objects.create_user("coordinator@example.org", "benchmark-only")
    carol.is_coordinator = True
    carol.save(update_fields=["is_coordinator"])
    programme = programme_create(
        created_by=carol,
        name="Bulk invitation benchmark",
        purpose="Everyone in one department, invited at once.",
        starts_on=datetime.date(2027, 1, 1),
        status="open",
    )
    department = Department.objects.get(name=DEPARTMENT)
    client = Client()
    client.force_login(carol)
    url = f"/programmes/{programme.slug}/invitations/bulk/"
    form = {"department": department.pk, "role": "mentee"}

    started = time.perf_counter()
    preview = client.post(url, form)
    preview_seconds = time.perf_counter() - started
    assert preview.status_code == 200, preview.status_code
    to_invite = invitation_preview(
        programme, InviteeCriteria(department_id=department.pk)
    ).to_invite
    assert f"Send {to_invite} invitations" in preview.content.decode()

    started = time.perf_counter()
    response = client.post(url, {**form, "confirm": "1"})
    request_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    sent_by_request = len(mail.outbox)
    created_by_request = Invitation.objects.count()
    batch = InvitationBatch.objects.get()

    # The queue as a worker runs it: the batch task, then one email task per invitation.
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    task_seconds = time.perf_counter() - started
    batch.refresh_from_db()
    progress = client.get(f"{url}{batch.pk}/", headers={"HX-Request": "true"}).content.decode()

    per_address = Counter(address for message in mail.outbox for address in message.to)
    invited = set(Invitation.objects.values_list("email", flat=True))
    exactly_once = set(per_address) == invited and set(per_address.values()) == {1}

    # A second run of the batch's task: nothing more may be sent.
    InvitationBatch.objects.filter(pk=batch.pk).update(status=InvitationBatch.Status.CREATING)
    from tandem.programmes.tasks import run_invitation_batch

    run_invitation_batch.enqueue(batch.pk)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    sent_after_retry = len(mail.outbox)

    request_ok = request_seconds < REQUEST_TARGET_SECONDS
    print(f"people imported: {imported.total_rows:,} in {import_seconds:.1f} s")
    print(f"selected in {DEPARTMENT}: {batch.selected_count:,}; to invite: {to_invite:,}")
    print(f"preview request: {preview_seconds:.3f} s")
    print(
        f"confirm request: {request_seconds:.3f} s (target < {REQUEST_TARGET_SECONDS:.0f} s) "
        f"{'pass' if request_ok else 'FAIL'}; sent by it {sent_by_request}, "
        f"invitations created by it {created_by_request}"
    )
    print(
        f"task time (invitations created, {batch.queued_count:,} emails queued and sent): "
        f"{task_seconds:.1f} s; batch status {batch.status}"
    )
    print(f"progress page after: {'Sent' in progress and f'of {to_invite}' in progress}")
    print(f"emails sent: {len(mail.outbox):,} to {len(per_address):,} addresses")
    print(f"every invited person got exactly one email: {'yes' if exactly_once else 'NO'}")
    print(f"emails after running the batch task again: {sent_after_retry:,}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return (
        0
        if request_ok
        and sent_by_request == 0
        and created_by_request == 0
        and exactly_once
        and len(per_address) == to_invite
        and sent_after_retry == len(mail.outbox)
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
