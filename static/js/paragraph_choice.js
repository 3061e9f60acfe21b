'use strict';
// A quote's "after paragraph" (releases.widgets.ParagraphChoice) chosen from a list of the body's
// paragraphs, each shown by its first words in every language written, instead of a number counted by hand.
// The number field stays in the form, hidden, and carries the choice.
{
    const WORDS_SHOWN = 6;

    // Each language's top-level blocks, as the page numbers them (releases.html.split_blocks).
    function paragraphsByLanguage() {
        const found = [];
        for (const textarea of document.querySelectorAll('[data-body-editor] textarea')) {
            const body = new DOMParser().parseFromString(textarea.value, 'text/html').body;
            const texts = Array.from(body.children, (block) => block.textContent.trim()).filter(Boolean);
            found.push(texts);
        }
        return found;
    }

    function firstWords(text) {
        const words = text.split(/\s+/);
        return words.length > WORDS_SHOWN ? `${words.slice(0, WORDS_SHOWN).join(' ')}…` : text;
    }

    function fillOptions(select, input) {
        const languages = paragraphsByLanguage();
        const count = Math.max(Number(input.value) || 0, ...languages.map((texts) => texts.length));
        select.replaceChildren(new Option(input.dataset.beforeFirst, '0'));
        for (let number = 1; number <= count; number++) {
            const words = languages.filter((texts) => texts[number - 1]).map((texts) => firstWords(texts[number - 1]));
            select.append(new Option([number, ...words].join(' — '), String(number)));
        }
        select.value = String(Number(input.value) || 0);
    }

    function enhance(input) {
        if (input.name.includes('__prefix__') || input.hidden) {
            return;
        }
        const select = document.createElement('select');
        select.setAttribute('aria-label', input.dataset.label);
        fillOptions(select, input);
        // Filled again as any body is written, so its paragraphs are offered as they are.
        document.addEventListener('input', (event) => {
            if (event.target.closest('[data-body-editor]')) {
                fillOptions(select, input);
            }
        });
        select.addEventListener('change', () => {
            input.value = select.value;
        });
        input.hidden = true;
        input.after(select);
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('[data-paragraph-choice]').forEach(enhance);
    });
    // A quote row added by "Add another Quote".
    document.addEventListener('formset:added', (event) => {
        event.target.querySelectorAll('[data-paragraph-choice]').forEach(enhance);
    });
}
