"""The reader's display settings: what can be chosen, and the cookie that keeps the choice.

All settings live in one cookie, `a11y`, as `name:value` pairs joined by `|`
(for example `scheme:blue|size:150`); those characters need no quoting in a
cookie. Only settings the reader has chosen are stored: with no choice the page
follows the operating system (high contrast, reduced motion), see site.css.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "a11y"
COOKIE_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Setting:
    """One row of the panel. `name` is the form field, the cookie key and `<html data-NAME>`."""

    name: str
    label: str
    choices: tuple  # (value, label) pairs; the first is the default

    @property
    def default(self):
        return self.choices[0][0]

    @property
    def values(self):
        return [value for value, _label in self.choices]


NORMAL_MEDIUM_LARGE = (("normal", _("Normal")), ("medium", _("Medium")), ("large", _("Large")))

SETTINGS = (
    Setting("scheme", _("Colour scheme"), (
        ("standard", _("Standard")),
        ("black-on-white", _("Black on white")),
        ("white-on-black", _("White on black")),
        ("blue", _("Dark blue on light blue")),
        ("brown", _("Brown on beige")),
        ("green", _("Green on dark brown")),
    )),
    Setting("spacing", _("Letter spacing"), NORMAL_MEDIUM_LARGE),
    Setting("line-height", _("Line height"), NORMAL_MEDIUM_LARGE),
    Setting("size", _("Text size"), (
        ("100", "100%"),
        ("125", "125%"),
        ("150", "150%"),
        ("200", "200%"),
        ("250", "250%"),
        ("300", "300%"),
    )),
    Setting("font", _("Font"), (
        ("sans", _("Sans-serif")),
        ("serif", _("Serif")),
    )),
    Setting("images", _("Images"), (
        ("on", _("Show")),
        ("grayscale", _("Grayscale")),
        ("off", _("Hide, show descriptions")),
    )),
)


@dataclass(frozen=True)
class Preferences:
    """The settings a reader has chosen, each with an allowed value; anything else is dropped."""

    chosen: dict = field(default_factory=dict)

    def __post_init__(self):
        valid = {
            setting.name: self.chosen[setting.name]
            for setting in SETTINGS
            if self.chosen.get(setting.name) in setting.values
        }
        object.__setattr__(self, "chosen", valid)

    @classmethod
    def from_cookie(cls, raw):
        pairs = (item.partition(":") for item in (raw or "").split("|"))
        return cls({name: value for name, _colon, value in pairs})

    @classmethod
    def from_request(cls, request):
        return cls.from_cookie(request.COOKIES.get(COOKIE_NAME))

    def to_cookie(self):
        """The cookie value, in the fixed order of SETTINGS, so equal choices give equal strings."""
        return "|".join(f"{name}:{value}" for name, value in self.chosen.items())

    def choose(self, form_data):
        """These preferences with the valid choices in a submitted form applied on top."""
        return Preferences({**self.chosen, **Preferences(form_data).chosen})

    def value_of(self, setting):
        return self.chosen.get(setting.name, setting.default)

    def summary(self):
        """The settings that differ from the defaults, as the folded panel names them."""
        return [
            f"{setting.label}: {dict(setting.choices)[self.chosen[setting.name]]}"
            for setting in SETTINGS
            if self.chosen.get(setting.name, setting.default) != setting.default
        ]

    def panel(self):
        """What the panel template shows: each setting with its choices and the active one."""
        return [
            {
                "name": setting.name,
                "label": setting.label,
                "current": dict(setting.choices)[self.value_of(setting)],
                "choices": [
                    {"value": value, "label": label, "pressed": value == self.value_of(setting),
                     "is_default": value == setting.default}
                    for value, label in setting.choices
                ],
            }
            for setting in SETTINGS
        ]


def preferences_cache_key(request):
    """The short string a page cache must vary on (with the language) for readers' settings.

    Pages differ only by the settings chosen, so two readers with the same
    choice share a cached page, and unrelated cookies never split the cache.
    """
    return Preferences.from_request(request).to_cookie() or "default"
