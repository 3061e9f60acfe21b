"""The release form's own widgets, each usable without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _


class BodyEditor(forms.Textarea):
    """A textarea that JavaScript turns into a small rich-text editor.

    Without JavaScript it stays a textarea of HTML; either way the server cleans the HTML on save.
    """

    template_name = "releases/widgets/body_editor.html"

    class Media:
        css = {"all": ["css/body_editor.css"]}
        js = ["js/body_editor.js"]


class ParagraphChoice(forms.NumberInput):
    """A paragraph number that JavaScript shows as a list of the body's paragraphs, by their first words.

    Without JavaScript the editor types the number.
    """

    def __init__(self, attrs=None):
        super().__init__({
            "data-paragraph-choice": "",
            "data-before-first": _("Before the first paragraph"),
            "data-label": _("Paragraph the quote follows"),
            **(attrs or {}),
        })

    class Media:
        js = ["js/paragraph_choice.js"]
