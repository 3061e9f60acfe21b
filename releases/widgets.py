"""The release body's editor: a textarea that JavaScript turns into a small rich-text editor."""

from django import forms


class BodyEditor(forms.Textarea):
    """Without JavaScript it stays a textarea of HTML; either way the server cleans the HTML on save."""

    template_name = "releases/widgets/body_editor.html"

    class Media:
        css = {"all": ["css/body_editor.css"]}
        js = ["js/body_editor.js"]
