from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.accounts.services import user_language_set
from tandem.core.errors import ServiceError
from tandem.core.forms import add_service_error
from tandem.core.personal_data import ERASED_NAME
from tandem.csvsafe import csv_writer
from tandem.people.access import (
    can_erase_people,
    require_eraser,
    require_importer,
    signed_in_user,
)
from tandem.people.forms import EraseForm, ImportUploadForm, PhotoForm, ProfileForm
from tandem.people.import_validation import COLUMNS, REQUIRED_COLUMNS
from tandem.people.models import Department, known_timezones
from tandem.people.selectors import (
    directory_page,
    import_job_for_user,
    import_jobs_for,
    person_for_viewer,
)
from tandem.people.services import (
    import_job_create,
    person_erase,
    person_for_user,
    person_photo_remove,
    person_photo_set,
    person_profile_update,
)
from tandem.people.visibility import profile_view

PAGE_SIZE = 25


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = directory_page(
        viewer=request.user, query=query, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    entries = [profile_view(person, request.user) for person in page.object_list]
    return render(
        request, "people/directory.html", {"page": page, "entries": entries, "query": query}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_viewer(request.user, pk)
    return render(
        request,
        "people/detail.html",
        {
            "entry": profile_view(person, request.user),
            "can_erase": can_erase_people(request.user) and person.erased_at is None,
        },
    )


@never_cache
@login_required
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """An operator erases a person, after typing their email address to confirm."""
    require_eraser(request.user)
    person = person_for_viewer(request.user, pk)
    if person.erased_at is not None:
        raise Http404("No such page.")
    form = EraseForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        name = person.name
        try:
            person_erase(person=person, by=signed_in_user(request))
        except ServiceError as error:  # any app may refuse: an open pair, a programme alone
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was erased. Their pairs' shared history stays.") % {"name": name},
            )
            return redirect("people:directory")
    return render(
        request,
        "people/erase.html",
        {"person": person, "form": form, "erased_name": ERASED_NAME},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_user(user=user)
    form = ProfileForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        with transaction.atomic():
            user_language_set(user=user, language=changes.pop("language"))
            person_profile_update(person=person, changes=changes)
        # The message below, and the page it is shown on, speak the language just chosen.
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your profile is saved."))
        return redirect("people:profile_edit")
    context = {
        "form": form,
        "photo_form": PhotoForm(),
        "person": person,
        "departments": Department.objects.values_list("name", flat=True),
        "timezones": sorted(known_timezones()),
    }
    return render(request, "people/profile_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def photo_edit(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=signed_in_user(request))
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            if form.cleaned_data["remove"]:
                person_photo_remove(person=person)
                messages.success(request, _("Your photo is removed."))
            else:
                person_photo_set(person=person, upload=form.cleaned_data["photo"])
                messages.success(request, _("Your photo is saved."))
        except ValidationError as refusal:
            form.add_error("photo", refusal)
    for problem in form.errors.get("photo", []) + form.non_field_errors():
        messages.error(request, str(problem))
    return redirect("people:profile_edit")


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A person's photo, for those who may see their profile; anyone else gets a 404."""
    person = person_for_viewer(request.user, pk)
    if not person.photo:
        raise Http404("No photo.")
    response = FileResponse(person.photo.open("rb"), content_type="image/jpeg")
    # Private: a shared cache must never hand one viewer's allowed photo to another.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@never_cache
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    require_importer(request.user)
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            user=signed_in_user(request), filename=form.cleaned_data["file"].name, source=form.text
        )
        return redirect("people:import_status", pk=job.pk)
    context = {
        "form": form,
        "jobs": import_jobs_for(request.user)[:10],
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
    }
    return render(request, "people/import_upload.html", context, status=400 if form.errors else 200)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty CSV with every column the import reads, in the order the page explains them."""
    require_importer(request.user)
    buffer = io.StringIO()
    csv_writer(buffer, lineterminator="\r\n").writerow(COLUMNS)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tandem-people-template.csv"'
    return response


@never_cache
@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    require_importer(request.user)
    job = import_job_for_user(request.user, pk)
    htmx = bool(getattr(request, "htmx", False))
    template = "people/_import_progress.html" if htmx else "people/import_status.html"
    return render(request, template, {"job": job})
