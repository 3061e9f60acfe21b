"""Reading a release aloud, against a recording stand-in for the browser's speech synthesis."""

import json

import pytest
from django.utils import translation
from playwright.sync_api import expect

from ..factories import add_quote, make_person, make_release
from .conftest import page_urls
from .measure import axe_violations

pytestmark = pytest.mark.browser

# Records each utterance and reads nothing: `window.speech.finish()` ends the one being read.
FAKE_SYNTHESIS = """
window.speech = { spoken: [], queue: [], paused: false, cancelled: 0, voices: %s };
window.SpeechSynthesisUtterance = class extends EventTarget {
  constructor(text) { super(); Object.assign(this, { text, lang: "", voice: null, rate: 1 }); }
};
const synthesis = new (class extends EventTarget {
  getVoices() { return window.speech.voices.map((lang) => ({ lang, name: `Voice ${lang}`, voiceURI: lang })); }
  speak(utterance) {
    window.speech.queue.push(utterance);
    const { text, lang, rate } = utterance;
    window.speech.spoken.push({ text, lang, rate, voice: utterance.voice && utterance.voice.lang });
  }
  pause() { window.speech.paused = true; }
  resume() { window.speech.paused = false; }
  cancel() {
    window.speech.cancelled += 1;
    window.speech.queue.splice(0).forEach((utterance) => utterance.dispatchEvent(new Event("error")));
  }
})();
Object.defineProperty(window, "speechSynthesis", { value: synthesis, configurable: true });
window.speech.finish = () => window.speech.queue.shift().dispatchEvent(new Event("end"));
"""

NO_SYNTHESIS = "delete Window.prototype.speechSynthesis; delete window.speechSynthesis;"

HIGHLIGHTED = """[...document.querySelectorAll(".listen__sentence--current")].map((span) => span.textContent).join("")"""


def open_release(new_page, release, language, voices, **options):
    page = new_page(**options)
    page.add_init_script(FAKE_SYNTHESIS % json.dumps(voices))
    with translation.override(language):
        page.goto(release.get_absolute_url())
    return page


def spoken(page):
    return page.evaluate("window.speech.spoken")


@pytest.fixture
def messy_release(transactional_db):
    """Sentences that cross a link and bold text, a quote after the first paragraph, and a list."""
    release = make_release(
        title="Senators met. The budget was discussed",
        body_en='<p>First sentence with <a href="/en/">a link. Second</a> sentence, <strong>bold!</strong> Third?</p>'
                "<ul><li>A list item.</li></ul>",
    )
    add_quote(release, make_person(), text_en="We need practical steps. Now.")
    return release


def test_listen_reads_each_sentence_in_order_highlighting_it(new_page, messy_release):
    page = open_release(new_page, messy_release, "en", ["ru-RU", "en-GB"])
    page.get_by_role("button", name="Listen").click()

    expect(page.locator(".listen__play")).to_have_text("Pause")
    assert spoken(page) == [{"text": "Senators met.", "lang": "en", "rate": 1, "voice": "en-GB"}]
    assert page.evaluate(HIGHLIGHTED).strip() == "Senators met."
    assert page.locator(".release__title .listen__sentence--current").count() == 1

    for _ in range(8):
        page.evaluate("window.speech.finish()")
        assert page.evaluate(HIGHLIGHTED).strip() == spoken(page)[-1]["text"]
    assert [utterance["text"] for utterance in spoken(page)] == [
        "Senators met.", "The budget was discussed en", "Lead en",
        "First sentence with a link.", "Second sentence, bold!", "Third?",
        "“We need practical steps.", "Now.”", "A list item.",
    ]
    page.evaluate("window.speech.finish()")
    expect(page.locator(".listen__play")).to_have_text("Listen")
    assert page.evaluate(HIGHLIGHTED) == ""
    assert page.locator(".release__body p a").inner_text() == "a link. Second"  # the page's text unchanged


def test_pause_resume_speed_and_stop(new_page, site):
    page = open_release(new_page, site, "ru", ["ru-RU"])
    play, stop = page.locator(".listen__play"), page.locator(".listen__stop")
    expect(stop).to_be_disabled()
    play.click()
    title = site.title_ru
    assert [utterance["text"] for utterance in spoken(page)] == [title]

    play.click()
    expect(play).to_have_text("Продолжить")
    assert page.evaluate("window.speech.paused") is True
    assert page.evaluate(HIGHLIGHTED) == title  # still marked while paused
    play.click()
    expect(play).to_have_text("Пауза")
    assert page.evaluate("window.speech.paused") is False

    page.get_by_label("Скорость").select_option("1.5")
    assert spoken(page)[-1] == {"text": title, "lang": "ru", "rate": 1.5, "voice": "ru-RU"}
    page.evaluate("window.speech.finish()")
    assert spoken(page)[-1]["rate"] == 1.5
    assert len(spoken(page)) == 3  # the interrupted sentence did not skip ahead

    stop.click()
    expect(play).to_have_text("Слушать")
    expect(play).to_be_focused()
    expect(stop).to_be_disabled()
    assert page.evaluate(HIGHLIGHTED) == ""
    play.click()
    assert spoken(page)[-1]["text"] == title  # from the start again


def test_the_keyboard_alone_operates_the_control(new_page, site):
    page = open_release(new_page, site, "en", ["en-US"])
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('listen__play')"):
            break
    expect(page.locator(".listen__play")).to_be_focused()
    page.keyboard.press("Enter")
    assert [utterance["text"] for utterance in spoken(page)] == [site.title_en]
    page.keyboard.press(" ")
    assert page.evaluate("window.speech.paused") is True
    page.keyboard.press(" ")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(".listen select")).to_be_focused()
    page.keyboard.press("ArrowDown")
    assert spoken(page)[-1]["rate"] == 1.25
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".listen__play")).to_be_focused()
    expect(page.locator(".listen__play")).to_have_text("Listen")


def test_without_a_kazakh_voice_it_says_so_and_reads_nothing(new_page, site):
    page = open_release(new_page, site, "kk", ["ru-RU", "en-US"])
    page.get_by_role("button", name="Тыңдау").click()
    expect(page.get_by_role("status").filter(has_text="қазақ")).to_have_text(
        "Бұл браузерде қазақ тіліндегі дауыс жоқ, сондықтан ол бұл релизді дауыстап оқи алмайды."
    )
    assert spoken(page) == []
    assert page.locator(".listen__sentence--current").count() == 0
    expect(page.locator(".listen__stop")).to_be_disabled()


def test_the_control_is_absent_without_javascript_or_speech_synthesis(new_page, site):
    url = page_urls("en", site)["release"]
    without_javascript = new_page(java_script_enabled=False)
    without_javascript.goto(url)
    expect(without_javascript.locator(".listen")).to_be_hidden()
    assert without_javascript.locator(".listen").bounding_box() is None  # and leaves no gap
    without_synthesis = new_page()
    without_synthesis.add_init_script(NO_SYNTHESIS)
    without_synthesis.goto(url)
    expect(without_synthesis.locator(".listen")).to_be_hidden()


@pytest.mark.parametrize("scheme", ["standard", "white-on-black", "blue", "green"])
def test_the_control_and_the_highlighted_sentence_pass_axe_in_each_scheme(new_page, site, scheme):
    page = open_release(new_page, site, "en", ["en-US"], a11y=f"scheme:{scheme}")
    page.get_by_role("button", name="Listen").click()
    page.evaluate("window.speech.finish()")  # the lead, with its own colours, is highlighted
    expect(page.locator(".release__lead .listen__sentence--current")).to_have_count(1)
    assert axe_violations(page) == []
    if scheme != "standard":
        assert axe_violations(page, rules=["color-contrast-enhanced"]) == []
