"""The admin side of versions: change forms that merge, history with differences, restore and recover."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.admin import VersionAdmin

from . import merging

# django-reversion's strings on the pages it still renders (the recover and revert forms, its
# messages), named here so that makemessages keeps our translations of them: it has no Kazakh,
# and its Russian does not agree with the model names it is given.
REVERSION_STRINGS = (
    gettext_noop("Recover %(name)s"),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
)


class VersionedAdmin(VersionAdmin):
    """Every save is a version; a form opened before a colleague's save merges with it.

    Its form must be a forms.MergingForm and its inlines use forms.MergingInlineFormSet.
    """

    change_form_template = "admin/releases/versioned_change_form.html"
    object_history_template = "admin/releases/versioned_history.html"
    recover_list_template = "admin/releases/recover_list.html"

    class Media:
        # Marks each language in the chooser beside the heading; shows the languages in columns on request.
        js = ["js/language_status.js", "js/languages_side_by_side.js"]

    def get_urls(self):
        opts = self.model._meta
        restore = path(
            "<path:object_id>/history/<int:version_id>/restore/",
            self.admin_site.admin_view(self.restore_view),
            name=f"{opts.app_label}_{opts.model_name}_restore",
        )
        # django-reversion's own "revert" page writes every stored field back, counters included.
        revert = f"{opts.app_label}_{opts.model_name}_revision"
        return [restore, *(url for url in super().get_urls() if getattr(url, "name", None) != revert)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                merging.ensure_recorded(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def is_recovering(self, request):
        opts = self.model._meta
        return request.resolver_match.url_name == f"{opts.app_label}_{opts.model_name}_recover"

    def save_model(self, request, obj, form, change):
        if not change or form.has_changed() or self.is_recovering(request):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        rows_changed = any(formset.has_changed() and not getattr(formset, "keep_saved", False) for formset in formsets)
        if change and not (form.has_changed() or rows_changed or self.is_recovering(request)):
            obj.unchanged = True
            return
        if change and rows_changed and not form.has_changed():
            # Its last change, and the version a stale form is checked against, move with its rows.
            self.save_model(request, obj, form, change=False)
        merging.record(obj)

    def log_change(self, request, obj, message):
        if getattr(obj, "unchanged", False):
            return None
        entry = admin.ModelAdmin.log_change(self, request, obj, message)
        # The change list as data, so History shows it in each reader's language.
        merging.reversion.set_comment(entry.change_message)
        return entry

    def response_change(self, request, obj):
        if getattr(obj, "unchanged", False):
            self.message_user(request, _("Nothing was changed, so nothing was saved and the history stays as it was."))
            return HttpResponseRedirect(request.path)
        merge = getattr(obj, "merge", None)
        if merge and (merge.their_changes or merge.their_children_changes):
            labels = [change.label for change in merge.their_changes]
            labels += [change.label for change in merge.their_children_changes]
            self.message_user(request, _(
                "%(user)s also saved this after you opened it; their changes to %(fields)s are kept with yours."
            ) % {"user": merging.display_name(merge.author), "fields": ", ".join(map(str, labels))}, messages.WARNING)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        self.record_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.record_deletion(request, queryset)
        super().delete_queryset(request, queryset)

    def record_deletion(self, request, objects):
        """The state each object is deleted in, so "Recover deleted" can bring it back."""
        for obj in objects:
            with merging.reversion.create_revision():
                merging.record(obj)
                merging.reversion.set_user(request.user)
                merging.reversion.set_comment(_("Deleted."))

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        opts = self.model._meta
        versions = list(merging.Version.objects.get_for_object(obj).select_related("revision__user"))
        can_restore = self.has_change_permission(request, obj)
        entries = []
        for number, version in enumerate(versions):
            previous = versions[number + 1] if number + 1 < len(versions) else None
            entries.append({
                "version": version,
                "user": merging.display_name(version.revision.user),
                "changes": merging.changes_between(
                    self.model, merging.version_values(previous), merging.version_values(version)
                ) if previous else [],
                "children": merging.children_changes(
                    self.model, merging.children_of(previous), merging.children_of(version)
                ) if previous else [],
                "restore_url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_restore",
                    args=[obj.pk, version.pk],
                ) if number and can_restore else None,
            })
        context = {"entries": entries, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def restore_view(self, request, object_id, version_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or request.method != "POST" or not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(merging.Version.objects.get_for_object(obj), pk=version_id)
        with transaction.atomic():
            merging.restore(obj, version, request.user)
        self.message_user(request, _(
            "Restored as it was on %(time)s. The restore is a new version: the history keeps everything before it."
        ) % {"time": merging.when(version)})
        return HttpResponseRedirect(reverse(
            f"{self.admin_site.name}:{self.model._meta.app_label}_{self.model._meta.model_name}_history",
            args=[obj.pk],
        ))
