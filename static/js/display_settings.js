// The static copy (no server to keep a cookie): the reader's display settings are kept in this
// browser, in the cookie's format ("scheme:blue|size:150", releases/accessibility.py), and
// applied to <html data-…> here, in <head>, before the page is first drawn.
try {
  for (const pair of (localStorage.getItem("a11y") || "").split("|")) {
    const [name, value] = pair.split(":");
    if (/^[a-z-]+$/.test(name) && value) document.documentElement.setAttribute(`data-${name}`, value);
  }
} catch {
  // Storage refused (private mode, blocked): the system's preferences apply, as without JavaScript.
}
