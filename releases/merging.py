"""Versions of releases, people and sections (django-reversion), three-way merging and readable differences.

A version holds every field an editor can change, in each language's own column: the column named
for the untranslated field only mirrors the active language, so it is left out.
"""

import difflib
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import translator
from reversion.models import Version

from .html import clean_html, html_to_text
from .models import Participant, Person, Quote, Release, Section

# Kept out of versions: counters, what the database or the photo code derives, and the lock number.
NOT_VERSIONED = {"views", "search_kk", "search_ru", "search_en", "photo", "photo_renditions", "version"}
# Kept in versions (who saved, when) but never compared or restored: they change with every save.
BOOKKEEPING = {"updated_at", "updated_by", "created_at"}
# A restore brings back what was written; the publication state goes only through the publishing workflow.
NOT_RESTORED = {"status", "redirect_url"}
# Rows edited inline on their parent's form, recorded in each of the parent's versions.
CHILDREN = {Release: ("participants", "quotes")}


def versioned_fields(model):
    untranslated = set()
    if model in translator.get_registered_models():
        untranslated = set(translator.get_options_for_model(model).all_fields)
    return [
        field.name for field in model._meta.concrete_fields
        if field.name not in untranslated and field.name not in NOT_VERSIONED and not field.primary_key
    ]


for versioned_model in (Release, Person, Section, Participant, Quote):
    reversion.register(versioned_model, fields=versioned_fields(versioned_model))


def content_fields(model):
    """The fields compared, merged and restored: what people write, not bookkeeping."""
    return [
        model._meta.get_field(name) for name in versioned_fields(model)
        if name not in BOOKKEEPING and model._meta.get_field(name).editable
    ]


def record(obj):
    """Add the object and its inline rows, as they are now, to the revision being made."""
    reversion.add_to_revision(obj)
    for relation in CHILDREN.get(type(obj), ()):
        for child in getattr(obj, relation).all():
            reversion.add_to_revision(child)


def latest_version(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user").first()


def values_of(obj):
    return {field.attname: comparable(field, field.value_from_object(obj)) for field in content_fields(type(obj))}


def version_values(version):
    model = version._model
    return {field.attname: comparable(field, version.field_dict.get(field.attname)) for field in content_fields(model)}


def comparable(field, value):
    """A value as an editor sees it: HTML bodies as the cleaned markup without layout whitespace."""
    if isinstance(field, models.TextField) and field.name.startswith("body") and value:
        return re.sub(r">\s+<", "><", clean_html(value))
    if value is None and isinstance(field, (models.CharField, models.TextField)):
        return ""
    if isinstance(field, models.DateTimeField) and value:
        # Forms show whole seconds, and versions keep milliseconds.
        return value.replace(microsecond=0)
    return value


def ensure_recorded(obj, user=None):
    """The latest version of the object, recording its saved state first if the history lacks it.

    Imports and other saves outside the admin make no versions; a form needs one to merge against.
    """
    version = latest_version(obj)
    if version is None or version_values(version) != values_of(obj) or children_of(version) != current_children(obj):
        with reversion.create_revision():
            record(obj)
            reversion.set_comment(_("Recorded as it was saved outside the admin."))
        version = latest_version(obj)
    return version


def child_versions(version):
    """(relation, version) of each inline row recorded in the same revision as a parent's version."""
    parent = version._model
    for relation in CHILDREN.get(parent, ()):
        foreign_key = parent._meta.get_field(relation).field
        content_type = ContentType.objects.get_for_model(foreign_key.model)
        for child in version.revision.version_set.filter(content_type=content_type):
            if str(child.field_dict[foreign_key.attname]) == version.object_id:
                yield relation, child


def children_of(version):
    """The inline rows recorded with a version: {relation: sorted row values}."""
    rows = {relation: [] for relation in CHILDREN.get(version._model, ())}
    for relation, child in child_versions(version):
        rows[relation].append(version_values(child))
    return {relation: sorted(values, key=repr) for relation, values in rows.items()}


def current_children(obj):
    return {
        relation: sorted((values_of(child) for child in getattr(obj, relation).all()), key=repr)
        for relation in CHILDREN.get(type(obj), ())
    }


@dataclass
class FieldChange:
    field: models.Field
    before: object
    after: object

    @property
    def label(self):
        return capfirst(self.field.verbose_name)

    @property
    def diff(self):
        return readable_diff(self.field, self.before, self.after)


def changes_between(model, before, after):
    """FieldChange for each content field that differs between two value dicts."""
    return [
        FieldChange(field, before.get(field.attname), after.get(field.attname))
        for field in content_fields(model)
        if before.get(field.attname) != after.get(field.attname)
    ]


@dataclass
class ChildrenChange:
    relation: str
    label: str
    before: list
    after: list

    @property
    def diff(self):
        return readable_diff(None, "\n".join(self.before), "\n".join(self.after))


def children_changes(model, before, after):
    """What changed in the inline rows (participants, quotes) between two {relation: rows}."""
    changes = []
    for relation in CHILDREN.get(model, ()):
        if before.get(relation) != after.get(relation):
            child_model = model._meta.get_field(relation).related_model
            changes.append(ChildrenChange(
                relation, capfirst(child_model._meta.verbose_name_plural),
                [describe_row(child_model, row) for row in before.get(relation, [])],
                [describe_row(child_model, row) for row in after.get(relation, [])],
            ))
    return changes


def describe_row(model, values):
    """One inline row as a line of text: its readable values, the parent left out."""
    parts = []
    for field in content_fields(model):
        if isinstance(field, models.ForeignKey) and field.related_model in CHILDREN:
            continue
        value = display_value(field, values.get(field.attname))
        if value:
            parts.append(value)
    return " · ".join(parts)


def display_value(field, value):
    if value in (None, ""):
        return ""
    if isinstance(field, models.ForeignKey):
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.TextField) and field.name.startswith("body"):
        return html_to_text(value)
    return str(value)


def readable_diff(field, before, after):
    """The words removed and added, marked up with <del> and <ins> in the unchanged text around them."""
    old = display_value(field, before) if field else before
    new = display_value(field, after) if field else after
    old_words, new_words = re.findall(r"\s+|[^\s]+", old), re.findall(r"\s+|[^\s]+", new)
    parts = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        None, old_words, new_words, autojunk=False
    ).get_opcodes():
        removed, added = "".join(old_words[old_start:old_end]), "".join(new_words[new_start:new_end])
        if operation == "equal":
            parts.append(("span", removed))
            continue
        if removed:
            parts.append(("del", removed))
        if added:
            parts.append(("ins", added))
    return format_html_join("", "<{0}>{1}</{0}>", parts) or format_html("<span>{}</span>", "—")


@dataclass
class Merge:
    """What colleagues saved after a form was opened, and which of the form's fields they also changed."""

    their_changes: list
    their_children_changes: list
    conflicts: list  # their FieldChange of each field both sides changed differently
    author: object
    when: object
    seen: bool  # the form has already shown these changes
    conflicting_children: list = dataclass_field(default_factory=list)  # relations both sides changed

    @property
    def kept_changes(self):
        """Their changes to fields this form did not change: already merged in."""
        conflicting = {theirs.field for theirs, _mine in self.conflicts}
        return [change for change in self.their_changes if change.field not in conflicting]

    @property
    def children_relations(self):
        return {change.relation for change in self.their_children_changes}


def display_name(user):
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.get_username()


def restore(obj, version, user):
    """Make the version's content the object's newest version, recorded as a revision of its own."""
    values = version.field_dict
    with reversion.create_revision():
        for field in content_fields(type(obj)):
            if field.name not in NOT_RESTORED:
                setattr(obj, field.attname, values.get(field.attname))
        if any(field.name == "updated_by" for field in obj._meta.fields):
            obj.updated_by = user
        for relation in CHILDREN.get(type(obj), ()):
            getattr(obj, relation).all().delete()
        obj.save()
        for _relation, child in child_versions(version):
            child.revert()
        record(obj)
        reversion.set_user(user)
        reversion.set_comment(_("Restored the version of %(time)s.") % {"time": when(version)})


def when(version):
    return date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
