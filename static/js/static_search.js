// The static copy's search page: Pagefind's interface over the index built when the copy was
// exported, in the page's language (Pagefind reads <html lang>). The query comes from the
// address, as the search box on every page sends it (/kk/search/?q=…).
const element = document.getElementById("static-search");
if (element && window.PagefindUI) {
  // data-zero-results → zero_results: Pagefind's names for its strings.
  const translations = Object.fromEntries(
    Object.entries(element.dataset).map(([key, text]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), text]),
  );
  const search = new window.PagefindUI({ element, showImages: false, showSubResults: false, resetStyles: false, translations });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) search.triggerSearch(query);
}
