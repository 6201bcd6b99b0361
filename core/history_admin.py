"""The admin's history screens: each object's recorded changes, field by field, and a revert to
an earlier state behind a confirmation step (core/history.py records and reverts)."""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst

from . import history


class HistoryAdmin(admin.ModelAdmin):
    """A ModelAdmin whose History page lists the recorded changes (who, when, why, each field
    old -> new) and offers a revert to each earlier version to those who may change the model.

    `history_related`: (model, name of its field pointing here) for tracked models edited with
    this object (a program's admission rules and courses); their changes are listed too.
    """

    object_history_template = "admin/history/object_history.html"
    revert_template = "admin/history/revert.html"
    history_related = ()
    history_per_page = 25

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<str:kind>/<int:history_id>/",
                self.admin_site.admin_view(self.revert_view),
                name=f"{opts.app_label}_{opts.model_name}_revert",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if history.m2m_fields(self.model):
            # Recorded once, by save_related(), when its many-to-many fields are set too.
            with history.paused():
                super().save_model(request, obj, form, change)
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not history.m2m_fields(self.model):
            return super().save_related(request, form, formsets, change)
        # Not once for the object and again for each program added and each removed.
        with history.paused():
            form.save_m2m()
        history.record(form.instance, user=request.user, created=not change)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        return None

    # --- What is listed ---------------------------------------------------------------------

    def history_models(self, request):
        """{model name: (model, field pointing here or None)} for the kinds this user may see."""
        kinds = {self.opts.model_name: (self.model, None)}
        for model, fk in self.history_related:
            opts = model._meta
            if any(
                request.user.has_perm(f"{opts.app_label}.{a}_{opts.model_name}")
                for a in ("view", "change")
            ):
                kinds[opts.model_name] = (model, fk)
        return kinds

    def _records(self, model, fk, obj):
        if fk is None:
            return history.history_of(model).filter(**{model._meta.pk.attname: obj.pk})
        return history.history_of(model).filter(**{model._meta.get_field(fk).attname: obj.pk})

    def _revert_url(self, obj, entry):
        opts = self.opts
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revert",
            args=[quote(obj.pk), entry.model._meta.model_name, entry.record.history_id],
        )

    def _history_url(self, obj):
        opts = self.opts
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
            args=[quote(obj.pk)],
        )

    def _object_or_refusal(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj, None

    @staticmethod
    def part_name(entry):
        """A related object as part of this one: "admission rules", "course “Data Ethics”"."""
        opts = entry.model._meta
        if opts.verbose_name == opts.verbose_name_plural:  # "admission rules": one per program
            return str(opts.verbose_name)
        return f"{opts.verbose_name} “{entry.record.history_object}”"

    @classmethod
    def entry_title(cls, entry, main_model):
        """ "Changed", "Admission rules created", "Course “Data Ethics” deleted"."""
        if entry.is_baseline:
            verb = "as it was when its history began"
        else:
            verb = {
                history.CREATED: "created",
                history.CHANGED: "changed",
                history.DELETED: "deleted",
            }[entry.kind]
        if entry.model is main_model:
            return capfirst(verb)
        return f"{capfirst(cls.part_name(entry))} {verb}"

    # --- Views ------------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj, refusal = self._object_or_refusal(request, object_id)
        if refusal is not None:
            return refusal
        kinds = self.history_models(request)
        entries = history.timeline(*(self._records(m, fk, obj) for m, fk in kinds.values()))
        paginator = Paginator(entries, self.history_per_page)
        page = paginator.get_page(request.GET.get("p"))
        history.describe([change for entry in page for change in entry.changes])
        for entry in page:
            entry.title = self.entry_title(entry, self.model)
            # Marked only on this object's own entry: every course and rule never changed since
            # it was created is current too, and a badge on each told the editor nothing.
            entry.is_page_version = entry.is_current and entry.model is self.model
            entry.revert_url = (
                self._revert_url(obj, entry)
                if entry.may_be_reverted_to and history.may_revert(request.user, entry.model)
                else None
            )
        # Django's log of admin actions from before changes were recorded field by field.
        earlier = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model, for_concrete_model=False),
            object_id=str(obj.pk),
        ).select_related("user")
        if entries:
            earlier = earlier.filter(action_time__lt=entries[-1].record.history_date)
        related_names = [m._meta.verbose_name_plural for m, fk in kinds.values() if fk]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change history: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "related_names": related_names,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "pagination_required": paginator.num_pages > 1,
            # On the last page, after the oldest recorded change.
            "earlier_log": list(earlier.order_by("-action_time")[:100])
            if page.number == paginator.num_pages
            else [],
            "may_revert": any(history.may_revert(request.user, m) for m, _fk in kinds.values()),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revert_view(self, request, object_id, kind, history_id):
        obj, refusal = self._object_or_refusal(request, object_id)
        if refusal is not None:
            return refusal
        kinds = self.history_models(request)
        if kind not in kinds:
            raise Http404("No such kind of history.")
        model, fk = kinds[kind]
        record = self._records(model, fk, obj).filter(history_id=history_id).first()
        if record is None:
            raise Http404("No such version.")
        if not history.may_revert(request.user, model):
            raise PermissionDenied
        entry = history.Entry(record, model)
        title = self.entry_title(entry, self.model)
        history_url = self._history_url(obj)
        refused, errors, plan = None, [], None
        try:
            plan = history.plan(record)
        except history.RevertRefused as error:
            refused = str(error)
        if plan is not None and not plan.changes:
            refused = "That version is the same as the current one: there is nothing to revert."
        if refused is None and request.method == "POST":
            try:
                history.revert(record, request.user)
            except history.RevertRefused as error:
                refused = str(error)
            except ValidationError as error:
                errors = self._error_lines(model, error)
            else:
                when = history.when(record.history_date)
                if model is self.model:
                    logged = f"Reverted to the version of {when}."
                    told = f"Reverted “{obj}” to the version of {when}."
                else:
                    part = self.part_name(entry)
                    logged = f"Reverted the {part} to the version of {when}."
                    told = f"Reverted the {part} of “{obj}” to the version of {when}."
                self.log_change(request, obj, logged)
                self.message_user(
                    request,
                    f"{told} The revert is the newest entry of the history.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(history_url)
        elif refused is None:
            try:
                history.validate(plan.target)
            except ValidationError as error:
                errors = self._error_lines(model, error)
        if plan is not None:
            history.describe(plan.changes)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revert to the version of {history.when(record.history_date)}?",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "record": record,
            "record_when": history.when(record.history_date),
            "record_iso": history.iso(record.history_date),
            # "changed", "admission rules changed": inside a sentence.
            "record_title": title[:1].lower() + title[1:],
            "record_by": history.person(record.history_user),
            "plan": plan,
            "refused": refused,
            "errors": errors,
            "history_url": history_url,
            "is_related": model is not self.model,
            "kind_name": model._meta.verbose_name,
        }
        request.current_app = self.admin_site.name
        status = 400 if errors and request.method == "POST" else 200
        return TemplateResponse(request, self.revert_template, context, status=status)

    @staticmethod
    def _error_lines(model, error):
        """Each problem as a sentence that names its field."""
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        lines = []
        for name, problems in error.message_dict.items():
            try:
                label = capfirst(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:  # NON_FIELD_ERRORS
                label = None
            lines += [f"{label}: {p}" if label else p for p in problems]
        return lines
