'use strict';
// Django's URLify (used to prepopulate slugs) drops the Kazakh letters it has no map for.
// Spell them in Latin first, as releases.text.CYRILLIC_TO_LATIN does on the server.
{
    const KAZAKH_TO_LATIN = {
        'ә': 'a', 'ғ': 'g', 'қ': 'q', 'ң': 'n', 'ө': 'o', 'ұ': 'u', 'ү': 'u', 'һ': 'h', 'і': 'i'
    };
    const urlify = window.URLify;
    window.URLify = function(text, maxLength, allowUnicode) {
        const latin = text.toLowerCase().replace(/[әғқңөұүһі]/g, (letter) => KAZAKH_TO_LATIN[letter]);
        return urlify(allowUnicode ? text : latin, maxLength, allowUnicode);
    };
}
