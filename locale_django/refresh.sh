#!/usr/bin/env bash
# Brings locale_django/kk/ up to date with the installed Django: every msgid that Django's own
# Kazakh catalogues leave untranslated (or fuzzy) is added with an empty msgstr, our translations
# of msgids Django still has are kept, and the rest are dropped. Then translate the empty
# msgstrs and run `manage.py compilemessages --ignore=.venv`.
set -euo pipefail
cd "$(dirname "$0")/.."
django=$(.venv/bin/python -c 'import django, os; print(os.path.dirname(django.__file__))')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# django-axes (the admin's record of login attempts) has no Kazakh catalogue, nor an English one:
# its msgids come from its sources, less the Yes and No that Django's Kazakh already has.
axes_msgids() {
    local packages
    packages=$(.venv/bin/python -c 'import axes, os; print(os.path.dirname(os.path.dirname(axes.__file__)))')
    (cd "$packages" && find axes -name '*.py' -not -path '*/migrations/*' -print0) \
        | (cd "$packages" && xargs -0 xgettext --language=Python --from-code=UTF-8 --keyword=_ --keyword=gettext_lazy --output=- \
        ) | sed 's/charset=CHARSET/charset=UTF-8/' \
        | msggrep --invert-match --msgid --extended-regexp --regexp='^(Yes|No)$' --output-file="$work/axes.pot"
}

refresh() {  # refresh DOMAIN APP...
    local domain=$1 app name
    local ours=locale_django/kk/LC_MESSAGES/$domain.po
    shift
    for app; do
        name=${app//\//_}
        # Django's English catalogue lists the msgids of the installed version.
        cp "$django/$app/locale/en/LC_MESSAGES/$domain.po" "$work/current_$name.po"
        msgmerge --quiet --no-fuzzy-matching "$django/$app/locale/kk/LC_MESSAGES/$domain.po" "$work/current_$name.po" \
            | msgattrib --clear-fuzzy --empty | msgattrib --untranslated --output-file="$work/gaps_$name.po"
    done
    local others=()  # after Django's, so that the header stays Django's
    if [ "$domain" = django ]; then axes_msgids; others=("$work/axes.pot"); fi
    msgcat --use-first "$work"/current_*.po "${others[@]}" --output-file="$work/current.pot"
    msgmerge --quiet --no-fuzzy-matching "$ours" "$work/current.pot" \
        | msgattrib --translated --no-obsolete --output-file="$work/kept.po"
    msgcat --use-first "$work/kept.po" "$work"/gaps_*.po "${others[@]}" --output-file="$ours"
    rm "$work"/*
}

refresh django conf contrib/admin contrib/auth contrib/contenttypes contrib/sessions contrib/humanize
refresh djangojs contrib/admin
