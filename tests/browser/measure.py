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
    if (!walker.currentNode.textContent.trim() || forScreenReadersOnly(walker.currentNode.parentElement)) continue;
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
      if (lines[i].node !== lines[j].node && across > 1 && down > 1) {
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

PAGE_SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


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
    return page.evaluate(PAGE_SCROLLS_SIDEWAYS)
