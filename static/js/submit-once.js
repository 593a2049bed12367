// A POST form's submit buttons are disabled once it is submitted, so a second click sends nothing (no inline script:
// CSP). The server is what counts: the form's one-time submission_key makes a replay create nothing anyway.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || event.defaultPrevented || form.method.toLowerCase() !== "post") {
    return;
  }
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  // After this submit has gone out: a button's name/value still travels with the form.
  window.setTimeout(function () {
    form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]').forEach(function (b) {
      b.disabled = true;
    });
  }, 0);
});
// Back to a page from the browser's cache: the form may be sent again (a new submit is a new decision).
window.addEventListener("pageshow", function (event) {
  if (event.persisted) {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[disabled], input[type=submit][disabled]").forEach(function (b) {
        b.disabled = false;
      });
    });
  }
});
