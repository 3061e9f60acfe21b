'use strict';
// Beside the form's heading, modeltranslation's language chooser lists kk, ru, en.
// Each option also says whether that language has errors and whether it is complete
// (its title and body, or a person's or section's name, are written), kept up to date as the editor types.
function showLanguageStatus(chooser, words) {
    const form = chooser.closest('#content').querySelector('form');
    const languageOf = (element) => {
        for (const name of element.classList) {
            const match = /^mt-field-(.+)-([a-z]{2})$/.exec(name);
            if (match) {
                return {field: match[1], language: match[2]};
            }
        }
        return null;
    };
    // Only the release's, person's or section's own fields: inline rows have their own tabs.
    const fields = [...form.querySelectorAll('.mt')].filter(
        (element) => languageOf(element) && !element.closest('.inline-group')
    );
    const essentials = fields.some((element) => languageOf(element).field === 'title') ? ['title', 'body'] : ['name'];
    const options = [...chooser.options];
    options.forEach((option) => { option.dataset.language = option.textContent.trim(); });

    function status(language) {
        const own = fields.filter((element) => languageOf(element).language === language);
        if (own.some((element) => element.closest('.form-row.errors, .errors'))) {
            return words.dataset.errors;
        }
        const written = (element) => element.value !== undefined && element.value.replace(/<[^>]*>|&nbsp;|\s/g, '') !== '';
        const complete = essentials.every((field) => own.some(
            (element) => languageOf(element).field === field && written(element)
        ));
        return complete ? words.dataset.complete : words.dataset.incomplete;
    }

    function update() {
        options.forEach((option) => {
            option.textContent = `${option.dataset.language} — ${status(option.dataset.language)}`;
        });
    }
    update();
    form.addEventListener('input', update);
    form.addEventListener('change', update);
}

// modeltranslation builds the chooser in a jQuery ready handler, which may run before or after ours.
document.addEventListener('DOMContentLoaded', () => {
    const words = document.getElementById('language-status');
    if (!words) {
        return;
    }
    const found = () => document.getElementById('modeltranslation-main-switch');
    if (found()) {
        showLanguageStatus(found(), words);
        return;
    }
    const observer = new MutationObserver(() => {
        if (found()) {
            observer.disconnect();
            showLanguageStatus(found(), words);
        }
    });
    observer.observe(document.getElementById('content'), {childList: true, subtree: true});
});
