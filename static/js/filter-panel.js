// A list's filters fold behind 筛选 (a <details>, which works without this script): on a phone the list comes
// first. From 576 px up there is room for both, so the panel starts open, as it was before it could fold.
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 576px)").matches) {
    return;
  }
  document.querySelectorAll("details.filter-panel").forEach(function (panel) {
    panel.open = true;
  });
})();
