// The accessibility panel without reloads: apply the choice to <html> at once,
// keep it by posting the same form in the background (the server sets the
// cookie), and announce it in the page's language.
const panel = document.querySelector(".a11y__form");
const CHANGED_AT = "a11y-changed-at";
if (panel) {
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

  panel.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button) return;
    event.preventDefault();
    // Emptied first so that choosing the same value twice is announced twice.
    status.textContent = "";
    const announcement = apply(button);
    describeCurrent();
    window.setTimeout(() => { status.textContent = announcement; }, 100);
    fetch(panel.action, { method: "POST", body: new FormData(panel, button), redirect: "manual", credentials: "same-origin" });
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
