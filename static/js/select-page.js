// "全选本页": a checkbox (data-select-page="<form id>") ticks or clears every row box of that form on the
// page. Hidden until this script shows it; without it the form's "标记本页" button does the same on the server.
document.querySelectorAll("input[data-select-page]").forEach(function (all) {
  var boxes = function () {
    return document.querySelectorAll('input[type="checkbox"][form="' + all.dataset.selectPage + '"]');
  };
  (all.closest(".form-check") || all).hidden = false;
  all.addEventListener("change", function () {
    boxes().forEach(function (box) {
      box.checked = all.checked;
    });
  });
  document.addEventListener("change", function (event) {
    if (event.target !== all && event.target.form && event.target.form.id === all.dataset.selectPage) {
      var list = Array.prototype.slice.call(boxes());
      all.checked = list.length > 0 && list.every(function (box) { return box.checked; });
    }
  });
});
