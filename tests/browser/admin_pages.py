"""Steps in the admin that several browser tests take."""

LANGUAGE_TABS = {"kk": 0, "ru": 1, "en": 2}  # the language chooser beside the form's heading


def log_in(new_page, username, locale="en-GB"):
    """A page logged in as a user the `staff` fixture made, reading the admin in `locale`'s language."""
    page = new_page(locale=locale)
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def show_language(page, language):
    page.locator("#content h1 select").select_option(index=LANGUAGE_TABS[language])


def choose_person(page, row, name):
    row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()
