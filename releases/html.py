"""The body's HTML: cleaned by an allow-list on save, split into blocks to place quotes."""

import html as html_entities
import re
from html.parser import HTMLParser

import nh3
from django.utils.html import escape, strip_tags

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
BLOCK_TAGS = {"p", "ul", "ol", "h2", "h3", "h4", "blockquote"}


def clean_html(html):
    """Keep only the markup a press release needs; drop scripts, styles and handlers."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


def paragraphs_to_html(paragraphs):
    """Plain-text paragraphs (sample content, imports) as body HTML."""
    return "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def html_to_text(html):
    """Body HTML as plain text, one line a paragraph or list item (reading a difference, recognising an import)."""
    return html_entities.unescape(strip_tags(re.sub(r"</(p|li|h\d|blockquote)>|<br\s*/?>", "\n", html))).strip()


class _BlockSplitter(HTMLParser):
    """Finds where each top-level block element of cleaned HTML ends."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.depth = 0
        self.cuts = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.depth -= 1
            if self.depth == 0:
                line, column = self.getpos()
                self.cuts.append(self.line_starts[line - 1] + column + len(f"</{tag}>"))


def split_blocks(html):
    """The top-level blocks of cleaned body HTML, in order."""
    blocks, start = [], 0
    for end in _BlockSplitter(html).cuts:
        block = html[start:end].strip()
        if block:
            blocks.append(block)
        start = end
    rest = html[start:].strip()
    if rest:
        blocks.append(rest)
    return blocks
