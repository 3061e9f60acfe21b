// The copy buttons, "Copy link" and "Copy citation": shown only where the browser can copy.
document.querySelectorAll("[data-copy-url], [data-copy-from]").forEach((button) => {
  if (!navigator.clipboard) return;
  const status = button.closest("section").querySelector("[role=status]");
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = button.dataset.copyUrl
      ?? document.getElementById(button.dataset.copyFrom).textContent.trim().replace(/\s+/g, " ");
    await navigator.clipboard.writeText(text);
    status.textContent = button.dataset.copiedText;
  });
});
