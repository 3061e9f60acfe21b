// The accessibility panel without reloads: apply the choice to <html> at once,
// keep it by posting the same form in the background (the server sets the
// cookie), and announce it in the page's language. In the static copy
// (data-keep="browser") there is no server: the choice is kept in localStorage
// in the cookie's format, and display_settings.js applies it before each page is drawn.
const panel = document.querySelector(".a11y__form");
const CHANGED_AT = "a11y-changed-at";
const KEPT = "a11y";
if (panel) {
  const keptInBrowser = panel.dataset.keep === "browser";
  const status = panel.querySelector(".a11y__status");

  const press = (button) => {
    button.closest("fieldset").querySelectorAll("[aria-pressed]").forEach((other) => {
      other.setAttribute("aria-pressed", String(other === button));
    });
  };

  const apply = (button) => {
    if (button.name === "reset") {
      panel.querySelectorAll("[data-default]").forEach((defaultChoice) => {
        document.documentElement.removeAttribute(`data-${defaultChoice.name}`);
        press(defaultChoice);
      });
      return panel.dataset.resetAnnouncement;
    }
    document.documentElement.setAttribute(`data-${button.name}`, button.value);
    press(button);
    const legend = button.closest("fieldset").querySelector("legend");
    return `${legend.textContent.trim()}: ${button.textContent.trim()}`;
  };

  // The folded panel's line: each setting that differs from its default, as the server writes it.
  const current = document.querySelector(".a11y__current");
  const describeCurrent = () => {
    const changed = [...panel.querySelectorAll(".a11y__group")].flatMap((group) => {
      const pressed = group.querySelector('[aria-pressed="true"]');
      if (!pressed || pressed.hasAttribute("data-default")) return [];
      return [`${group.querySelector("legend").textContent.trim()}: ${pressed.textContent.trim()}`];
    });
    current.textContent = changed.length ? changed.join("; ") : current.dataset.none;
  };

  // Settings in the fixed order of the panel's groups, as the server writes its cookie.
  const keepInBrowser = () => {
    const chosen = [...panel.querySelectorAll(".a11y__group")].flatMap((group) => {
      const pressed = group.querySelector('[aria-pressed="true"]');
      const value = document.documentElement.getAttribute(`data-${pressed.name}`);
      return value ? [`${pressed.name}:${value}`] : [];
    });
    try {
      if (chosen.length) localStorage.setItem(KEPT, chosen.join("|"));
      else localStorage.removeItem(KEPT);
    } catch {
      // Storage refused: the choice lasts until the page is left.
    }
  };

  if (keptInBrowser) {
    // The page was written without the reader's choice: show the one display_settings.js applied.
    panel.querySelectorAll(".a11y__choice").forEach((button) => {
      const value = document.documentElement.getAttribute(`data-${button.name}`);
      if (value === button.value || (!value && button.hasAttribute("data-default"))) press(button);
    });
    describeCurrent();
    panel.closest("details").hidden = false;
  }

  panel.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button) return;
    event.preventDefault();
    // Emptied first so that choosing the same value twice is announced twice.
    status.textContent = "";
    const announcement = apply(button);
    describeCurrent();
    window.setTimeout(() => { status.textContent = announcement; }, 100);
    if (keptInBrowser) keepInBrowser();
    else fetch(panel.action, { method: "POST", body: new FormData(panel, button), redirect: "manual", credentials: "same-origin" });
    localStorage.setItem(CHANGED_AT, String(Date.now()));
  });

  // A page the browser restores from its back/forward cache still shows the
  // settings it was rendered with; fetch it again if they changed since.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && Number(localStorage.getItem(CHANGED_AT)) > performance.timeOrigin) {
      window.location.reload();
    }
  });
}
