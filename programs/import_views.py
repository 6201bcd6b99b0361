"""The program admin's import (upload -> preview -> confirm) and export screens.

Everything about the file is programs/imports.py's; these views show its report and hold the
upload between the preview and the confirmation on the server (imports.stash), so what is
imported is the file that was previewed, checked again against the database at that moment.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from . import imports
from .models import Program

# A preview lists every row of a small file; of a large one, the rows that change something or
# have problems, up to this many.
SHOW_ALL = 500
MAX_LISTED = 1000


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="One row per program, in the columns of an export (“The columns” below lists "
        "them). CSV files must be UTF-8 (in Excel: Save As, CSV UTF-8).",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {imports.MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    digest = forms.CharField(widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(required=False, label="Import only the valid rows")


def _check(request):
    if not imports.may_import(request.user):
        raise PermissionDenied


def upload(request, model_admin):
    """GET: the upload form; POST: the preview of the uploaded file (nothing written)."""
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        name = Path(form.cleaned_data["file"].name).name
        report = imports.run(data, name, dry_run=True, user=request.user)
        token = imports.stash(data, name, request.user) if not report.problems else ""
        return _preview(request, model_admin, report, token)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import programs",
        "opts": Program._meta,
        "form": form,
        "columns": imports.COLUMNS,
        "required": imports.REQUIRED,
    }
    return TemplateResponse(request, "admin/programs/program/import.html", context)


def confirm(request, model_admin):
    """POST: import the previewed upload, or show the preview again saying what stopped it."""
    _check(request)
    start = reverse("admin:programs_program_import")
    if request.method != "POST":
        return redirect(start)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The import form was incomplete: upload the file again.")
        return redirect(start)
    token = form.cleaned_data["token"]
    try:
        data, name = imports.unstash(token, request.user)
    except imports.UploadExpired as expired:
        messages.error(request, f"{expired} Upload the file again.")
        return redirect(start)
    skip_invalid = form.cleaned_data["skip_invalid"]
    report = imports.run(
        data,
        name,
        skip_invalid=skip_invalid,
        user=request.user,
        expect=form.cleaned_data["digest"],
    )
    if report.written:
        imports.discard(token)
        _log(request.user, report, name)
        messages.success(request, f"{name}: {report.outcome()}")
        return redirect("admin:programs_program_changelist")
    if report.stale or report.blocked:
        return _preview(request, model_admin, report, token, stopped=report.outcome())
    imports.discard(token)
    messages.info(request, f"{name}: {report.outcome()}")
    return redirect("admin:programs_program_changelist")


def _preview(request, model_admin, report, token, stopped=""):
    rows = report.rows
    listed = rows if len(rows) <= SHOW_ALL else [r for r in rows if r.status != imports.UNCHANGED]
    counts = report.counts
    confirm_form = ConfirmForm(initial={"token": token, "digest": report.digest})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Preview of {report.filename}",
        "opts": Program._meta,
        "report": report,
        "counts": counts,
        "listed": listed[:MAX_LISTED],
        "unlisted_unchanged": counts[imports.UNCHANGED] if listed is not rows else 0,
        "cut": max(0, len(listed) - MAX_LISTED),
        "can_import": bool(token) and report.has_changes,
        "confirm_form": confirm_form,
        "stopped": stopped,
    }
    return TemplateResponse(request, "admin/programs/program/import_preview.html", context)


def _log(user, report, filename):
    """One admin log entry per program the import created or changed, naming the columns."""
    changes = {row.program: row for row in report.rows if row.status in ("created", "updated")}
    content_type = ContentType.objects.get_for_model(Program)
    entries = []
    ids = report.created_ids + report.updated_ids
    for chunk in imports.chunks(ids):
        for program in Program.objects.filter(pk__in=chunk).select_related("school"):
            row = changes[program.slug]
            columns = ", ".join(change.column for change in row.changes)
            message = f"Imported from {filename}" + (f": {columns}." if columns else ".")
            entries.append(
                LogEntry(
                    user_id=user.pk,
                    content_type_id=content_type.pk,
                    object_id=str(program.pk),
                    object_repr=str(program)[:200],
                    action_flag=ADDITION if row.status == "created" else CHANGE,
                    change_message=message,
                    action_time=timezone.now(),
                )
            )
    LogEntry.objects.bulk_create(entries, batch_size=500)


def export(request, model_admin, file_format):
    """The changelist's programs (its filters and search) as a file in the import's columns."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return redirect(reverse("admin:programs_program_changelist") + "?e=1")
    return file_response(changelist.queryset, file_format)


def file_response(queryset, file_format):
    response = HttpResponse(
        imports.export(queryset, file_format), content_type=imports.content_type(file_format)
    )
    name = f"programs-{timezone.localdate().isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
