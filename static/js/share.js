// The "Copy link" button: shown only where the browser can copy.
document.querySelectorAll("[data-copy-url]").forEach((button) => {
  if (!navigator.clipboard) return;
  const status = button.closest(".share").querySelector(".share__status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(button.dataset.copyUrl);
    status.textContent = button.dataset.copiedText;
  });
});
