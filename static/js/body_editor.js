'use strict';
// Turns each release body's textarea (releases.widgets.BodyEditor) into a small rich-text editor.
// The hidden textarea keeps the current HTML, so the form sends it as before. Cleaning here only
// keeps the editor tidy; releases.html.clean_html on the server is what makes the HTML safe.
{
    // The server's allow-list, with <b> and <i> written as <strong> and <em>.
    const ALLOWED_TAGS = new Set([
        'p', 'br', 'strong', 'em', 'u', 's', 'sub', 'sup', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'blockquote'
    ]);
    const RENAMED_TAGS = {b: 'strong', i: 'em'};
    // Dropped with everything inside; other elements (span, font, div…) lose only their tags.
    const DROPPED_TAGS = new Set([
        'script', 'style', 'template', 'head', 'title', 'meta', 'link', 'iframe', 'object', 'embed',
        'svg', 'math', 'noscript', 'img', 'video', 'audio', 'canvas', 'textarea', 'select', 'button'
    ]);
    const BLOCK_TAGS = new Set(['p', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote']);
    const PARAGRAPH_TAGS = new Set(['p', 'h2', 'h3', 'h4']);
    const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

    function urlScheme(address) {
        const match = /^\s*([a-z][a-z0-9+.-]*):/i.exec(address);
        return match ? match[1].toLowerCase() : '';
    }

    function cleanChildren(source, target) {
        for (const node of source.childNodes) {
            if (node.nodeType === Node.TEXT_NODE) {
                target.append(node.data.replace(/[ \t\r\n]+/g, ' '));
            } else if (node.nodeType === Node.ELEMENT_NODE) {
                cleanElement(node, target);
            }
            // Comments, Word's conditional ones among them, are left out.
        }
    }

    function cleanElement(element, target) {
        const name = element.nodeName.toLowerCase();
        const style = element.getAttribute('style') || '';
        // o:p, v:shape…: Office's own elements; mso-list:Ignore marks the bullets Word types out.
        if (DROPPED_TAGS.has(name) || name.includes(':') || /mso-list:\s*ignore/i.test(style)) {
            return;
        }
        const tag = RENAMED_TAGS[name] || name;
        // Google Docs wraps everything it copies in <b style="font-weight:normal">.
        if (!ALLOWED_TAGS.has(tag) || (name === 'b' && /font-weight:\s*(normal|400)/i.test(style))) {
            cleanChildren(element, target);
            return;
        }
        const copy = document.createElement(tag);
        if (tag === 'a') {
            const href = element.getAttribute('href');
            if (href && (!urlScheme(href) || ALLOWED_SCHEMES.has(urlScheme(href)))) {
                copy.setAttribute('href', href.trim());
            }
            if (element.title) {
                copy.title = element.title;
            }
        }
        cleanChildren(element, copy);
        if (!BLOCK_TAGS.has(tag) || copy.textContent.trim()) {
            target.append(copy);
        }
    }

    function cleaned(source) {
        const fragment = document.createDocumentFragment();
        cleanChildren(source, fragment);
        return fragment;
    }

    function parsed(html) {
        return new DOMParser().parseFromString(html, 'text/html').body;
    }

    // The body's blocks, with text lying between them (the first line typed, for one) put in paragraphs.
    // Chromium makes a list inside the paragraph it started in; the page needs them side by side.
    function blocks(nodes, wrapper = 'p') {
        const result = [];
        let run = null;
        for (const node of Array.from(nodes)) {
            const name = node.nodeName.toLowerCase();
            if (PARAGRAPH_TAGS.has(name) && Array.from(node.children).some((child) => BLOCK_TAGS.has(child.localName))) {
                result.push(...blocks(node.childNodes, name));
                run = null;
            } else if (BLOCK_TAGS.has(name)) {
                result.push(node);
                run = null;
            } else {
                if (!run) {
                    run = document.createElement(wrapper);
                    result.push(run);
                }
                run.append(node);
            }
        }
        return result.filter((block) => block.textContent.trim());
    }

    function plainTextParagraphs(text) {
        const fragment = document.createDocumentFragment();
        for (const line of text.split(/\r?\n/)) {
            if (line.trim()) {
                const paragraph = document.createElement('p');
                paragraph.textContent = line.trim();
                fragment.append(paragraph);
            }
        }
        return fragment;
    }

    function asHtml(nodes) {
        const container = document.createElement('div');
        container.append(nodes);
        return container.innerHTML;
    }

    function withScheme(address) {
        return urlScheme(address) || address.startsWith('/') ? address : `https://${address}`;
    }

    function enhance(root) {
        const textarea = root.querySelector('textarea');
        const toolbar = root.querySelector('template').content.firstElementChild.cloneNode(true);
        const editable = document.createElement('div');
        editable.id = `${textarea.id}_editor`;
        editable.className = 'body-editor-area';
        editable.contentEditable = 'true';
        editable.setAttribute('role', 'textbox');
        editable.setAttribute('aria-multiline', 'true');
        toolbar.setAttribute('aria-controls', editable.id);
        const label = document.querySelector(`label[for="${textarea.id}"]`);
        if (label) {
            label.id = label.id || `${textarea.id}_label`;
            editable.setAttribute('aria-labelledby', label.id);
            label.addEventListener('click', () => editable.focus());
        }
        const content = blocks(cleaned(parsed(textarea.value)).childNodes);
        editable.append(...content);
        if (!content.length) {
            // An empty paragraph to type in, so the first line is a <p> like the others.
            const paragraph = document.createElement('p');
            paragraph.append(document.createElement('br'));
            editable.append(paragraph);
        }
        textarea.hidden = true;
        textarea.before(toolbar, editable);

        function sync() {
            textarea.value = blocks(cleaned(editable).childNodes).map((block) => block.outerHTML).join('\n');
        }

        // Clicking a button moves the focus out of the text; the command needs the selection back.
        let savedRange = null;
        function updateToolbar() {
            const selection = document.getSelection();
            const inside = selection.rangeCount > 0 && editable.contains(selection.anchorNode);
            if (inside) {
                savedRange = selection.getRangeAt(0).cloneRange();
            }
            const block = inside ? document.queryCommandValue('formatBlock').toLowerCase() : '';
            for (const button of toolbar.querySelectorAll('[aria-pressed]')) {
                const pressed = button.dataset.block
                    ? block === button.dataset.block
                    : inside && document.queryCommandState(button.dataset.command);
                button.setAttribute('aria-pressed', String(pressed));
            }
        }

        function run(button) {
            editable.focus();
            if (savedRange) {
                document.getSelection().removeAllRanges();
                document.getSelection().addRange(savedRange);
            }
            const {block, command} = button.dataset;
            if (block) {
                // A second press on a heading or quotation makes it a paragraph again.
                const pressed = button.getAttribute('aria-pressed') === 'true';
                document.execCommand('formatBlock', false, pressed ? '<p>' : `<${block}>`);
            } else if (command === 'createLink') {
                const address = (window.prompt(root.dataset.linkPrompt, 'https://') || '').trim();
                if (address && address !== 'https://') {
                    document.execCommand('createLink', false, withScheme(address));
                }
            } else {
                document.execCommand(command);
            }
            updateToolbar();
        }

        toolbar.addEventListener('click', (event) => {
            const button = event.target.closest('button');
            if (button) {
                run(button);
            }
        });
        editable.addEventListener('input', sync);
        editable.addEventListener('paste', (event) => {
            event.preventDefault();
            const html = event.clipboardData.getData('text/html');
            const text = event.clipboardData.getData('text/plain');
            if (html) {
                document.execCommand('insertHTML', false, asHtml(cleaned(parsed(html))));
            } else if (/[\r\n]/.test(text.trim())) {
                document.execCommand('insertHTML', false, asHtml(plainTextParagraphs(text)));
            } else if (text) {
                document.execCommand('insertText', false, text);
            }
        });
        document.addEventListener('selectionchange', updateToolbar);
        textarea.form.addEventListener('submit', sync);
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.execCommand('defaultParagraphSeparator', false, 'p');
        document.querySelectorAll('[data-body-editor]').forEach(enhance);
    });
}
