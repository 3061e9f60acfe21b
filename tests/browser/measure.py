"""What the browser tests ask of a page: axe-core's verdict and a few measurements."""

from pathlib import Path

# axe-core 4.14.1, from `npm pack axe-core@4.14.1` (Mozilla Public License 2.0, axe-core-LICENSE.txt).
AXE_SOURCE = (Path(__file__).parent / "axe-core-4.14.1.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

RUN_AXE = """async (runOnly) => {
  const results = await axe.run(document, { runOnly, resultTypes: ["violations"] });
  return results.violations.map((violation) => ({
    rule: violation.id,
    nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
  }));
}"""

# WCAG 1.4.12's test values, forced on every element.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Text hidden by a box that clips its overflow, and lines of text drawn over one another.
FIND_CLIPPED_OR_OVERLAPPING_TEXT = """() => {
  const describe = (node) => {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return `${element.tagName.toLowerCase()}.${element.className} "${element.textContent.trim().slice(0, 40)}"`;
  };
  // Text for screen readers only sits in a 1px box on purpose.
  const forScreenReadersOnly = (element) => {
    for (; element; element = element.parentElement) {
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return true;
    }
    return false;
  };
  const problems = [];
  for (const element of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(element);
    const clips = [style.overflowX, style.overflowY].some((value) => value === "hidden" || value === "clip");
    if (clips && !forScreenReadersOnly(element) && element.textContent.trim()
        && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)) {
      problems.push(`clipped: ${describe(element)}`);
    }
  }
  const lines = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !parent.checkVisibility() || forScreenReadersOnly(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const box of range.getClientRects()) {
      if (box.width > 0 && box.height > 0) lines.push({ node: walker.currentNode, box });
    }
  }
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i].box, b = lines[j].box;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // A tight line height lets two lines' font boxes touch by a few pixels with
      // no glyph drawn over another; a quarter of a line is text over text.
      if (lines[i].node !== lines[j].node && across > 1 && down > Math.min(a.height, b.height) / 4) {
        problems.push(`overlap: ${describe(lines[i].node)} / ${describe(lines[j].node)}`);
      }
    }
  }
  return problems;
}"""

# A constructed style sheet, since the site's CSP blocks inline <style>.
FORCE_STYLES = """(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""

# What sticks out past the right edge of the page, if anything makes it scroll sideways.
PAGE_SCROLLS_SIDEWAYS = """() => {
  const page = document.documentElement;
  if (page.scrollWidth <= page.clientWidth) return null;
  const outside = [...document.body.querySelectorAll("*")].filter(
    (element) => element.checkVisibility() && element.getBoundingClientRect().right > page.clientWidth + 1);
  return outside.slice(-3).map((element) => `${element.tagName.toLowerCase()}.${element.className} ${Math.round(element.getBoundingClientRect().right)}px "${element.textContent.trim().slice(0, 20)}"`).join(", ") || "?";
}"""


def axe_violations(page, rules=None):
    """axe-core's violations on the page: of the WCAG 2.2 AA and best-practice tags, or of the rules named."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # evaluate, not a script tag: the site's CSP forbids inline scripts
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(RUN_AXE, run_only)


def force_text_spacing(page):
    page.evaluate(FORCE_STYLES, TEXT_SPACING_CSS)


def clipped_or_overlapping_text(page):
    return page.evaluate(FIND_CLIPPED_OR_OVERLAPPING_TEXT)


def scrolls_sideways(page):
    """None, or the last elements that stick out past the right edge."""
    return page.evaluate(PAGE_SCROLLS_SIDEWAYS)


# The narrowest block of the main text, in characters of its own text (its own
# font, size and spacing) and in CSS px. Navigation and the share buttons are
# rows of short items, not text columns, and are left out, as are blocks whose
# whole text fits on one line.
NARROWEST_TEXT_COLUMN = """() => {
  const blocks = [...document.querySelectorAll("main :is(h1, h2, h3, p, figcaption, li)")].filter((element) => {
    if (element.closest("nav, .share") || !element.checkVisibility() || !element.textContent.trim()) return false;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    const parent = getComputedStyle(element.parentElement);
    return !(parent.display.endsWith("flex") && parent.flexDirection === "row");
  });
  let narrowest = null;
  for (const element of blocks) {
    const style = getComputedStyle(element);
    const width = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const text = element.textContent.replace(/\\s+/g, " ").trim();
    const sample = text.slice(0, 40);
    const probe = document.createElement("span");
    probe.style.cssText = "position: absolute; visibility: hidden; white-space: pre;";
    probe.textContent = sample;
    element.append(probe);
    const fitsOnOneLine = sample === text && probe.getBoundingClientRect().width <= width;
    const characters = width / (probe.getBoundingClientRect().width / sample.length);
    probe.remove();
    if (fitsOnOneLine) continue;  // a short heading or date: nothing of it is squeezed
    if (!narrowest || characters < narrowest.characters) {
      narrowest = { characters: Math.round(characters * 10) / 10, px: Math.round(width),
                    element: `${element.tagName.toLowerCase()}.${element.className} "${sample.slice(0, 30)}"` };
    }
  }
  return narrowest;
}"""

# Words of the main text drawn on two lines. Headless Chromium on Linux has no
# hyphenation dictionaries, so each such break here is one without a hyphen. A
# word that starts its line (after an opening quote mark at most) and still
# breaks is wider than the whole line, has no better place to break, and is left out.
WORDS_BROKEN_ACROSS_LINES = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const block = node.parentElement.closest("p, h1, h2, h3, li, figcaption, blockquote, div");
    if (!block || !node.parentElement.checkVisibility()) continue;
    for (const match of node.textContent.matchAll(/[\\p{L}\\p{N}]+/gu)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((box) => box.width > 0).map((box) => Math.round(box.top)));
      if (tops.size < 2) continue;
      const blockStyle = getComputedStyle(block);
      const lineStart = block.getBoundingClientRect().left + parseFloat(blockStyle.borderLeftWidth) + parseFloat(blockStyle.paddingLeft);
      const startsItsLine = range.getClientRects()[0].left - lineStart < parseFloat(getComputedStyle(node.parentElement).fontSize);
      if (!startsItsLine) broken.push(match[0]);
    }
  }
  return broken;
}"""


def narrowest_text_column(page):
    """{characters, px, element} of the narrowest block of main text on the page."""
    return page.evaluate(NARROWEST_TEXT_COLUMN)


def words_broken_across_lines(page):
    return page.evaluate(WORDS_BROKEN_ACROSS_LINES)
