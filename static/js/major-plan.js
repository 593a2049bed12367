// The six parts of a major hazard's treatment plan (治理方案) are shown only while an item of the criteria (判定依据)
// is chosen, which makes the hazard major (no inline script: CSP). Without script they all show, and the server
// requires them whenever an item is posted, so hiding them is a convenience: what a hidden field holds is still
// sent, and an error on one shows it again.
(function () {
  function toggle(criterion) {
    var major = criterion.value !== "";
    criterion.form.querySelectorAll("[data-major-plan]").forEach(function (field) {
      var wrapper = field.closest(".mb-3") || field.parentElement;
      // A field the server refused stays in view, whatever the level now chosen.
      wrapper.hidden = !major && !field.classList.contains("is-invalid");
    });
  }
  document.querySelectorAll("select[data-major-criterion]").forEach(function (criterion) {
    if (!criterion.form) {
      return;
    }
    toggle(criterion);
    criterion.addEventListener("change", function () {
      toggle(criterion);
    });
  });
})();
