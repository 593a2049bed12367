// Print buttons: any element with data-print opens the browser's print dialog (no inline script: CSP).
document.querySelectorAll("[data-print]").forEach(function (element) {
  element.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
