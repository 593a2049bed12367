// The six parts of a major hazard's treatment plan (治理方案) are shown only while level 重大 is chosen (no inline
// script: CSP). Without script they all show, and the server requires them whenever 重大 is posted, so hiding them
// is a convenience: what a hidden field holds is still sent, and an error on one shows it again.
(function () {
  function toggle(level) {
    var major = level.value === level.dataset.majorLevel;
    level.form.querySelectorAll("[data-major-plan]").forEach(function (field) {
      var wrapper = field.closest(".mb-3") || field.parentElement;
      // A field the server refused stays in view, whatever the level now chosen.
      wrapper.hidden = !major && !field.classList.contains("is-invalid");
    });
  }
  document.querySelectorAll("select[data-major-level]").forEach(function (level) {
    if (!level.form) {
      return;
    }
    toggle(level);
    level.addEventListener("change", function () {
      toggle(level);
    });
  });
})();
