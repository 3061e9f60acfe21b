'use strict';
// "Languages side by side": each translated field shows its Kazakh, Russian and English versions in
// columns instead of one language at a time, so a press officer writes all three without switching.
// The choice is remembered in this browser.
document.addEventListener('DOMContentLoaded', () => {
    const toggle = document.getElementById('languages-side-by-side');
    if (!toggle) {
        return;
    }
    const remembered = 'admin-languages-side-by-side';
    const show = () => document.body.classList.toggle('languages-side-by-side', toggle.checked);
    toggle.checked = localStorage.getItem(remembered) === 'on';
    toggle.closest('[hidden]').hidden = false;
    show();
    toggle.addEventListener('change', () => {
        localStorage.setItem(remembered, toggle.checked ? 'on' : 'off');
        show();
    });
});
