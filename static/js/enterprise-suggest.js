// Suggestions while typing in an enterprise box (enterprises.fields.EnterpriseField): the box asks the URL in its
// data-enterprise-suggest attribute (?q=, the user's scope only) and lists the matches as an ARIA combobox; choosing
// one puts its credit code in the box, which the server then finds exactly. Without script, or when the fetch
// fails, the form still works: the server searches what was typed and lists the candidates as a results step.
(function () {
  var DELAY_MS = 250;
  var MIN_CHARS = 2;

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    node.textContent = content;
    return node;
  }

  function setUp(input, index) {
    var listId = (input.id || "enterprise-" + index) + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "list-group enterprise-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "匹配的企业");
    list.hidden = true;
    // Read out by screen readers: how many were found, and which one was chosen.
    var status = text("div", "form-text enterprise-suggest-status", "");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    if (input.parentElement) {
      input.parentElement.classList.add("position-relative");
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(next) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) {
        return;
      }
      active = (next + options.length) % options.length;
      options.forEach(function (option, i) {
        option.classList.toggle("active", i === active);
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    // A radio of the results step, checked earlier, would win over the box: what is typed or chosen now is the answer.
    function clearPicks() {
      if (input.form) {
        input.form.querySelectorAll('input[type=radio][name="' + input.name + '"]').forEach(function (radio) {
          radio.checked = false;
        });
      }
    }

    function choose(i) {
      var chosen = results[i];
      if (!chosen) {
        return;
      }
      input.value = chosen.credit_code;
      clearPicks();
      status.textContent = "已选择：" + chosen.name + "（" + chosen.credit_code + "）";
      close();
    }

    function option(result, i) {
      var item = document.createElement("li");
      item.id = listId + "-" + i;
      item.className = "list-group-item list-group-item-action";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.appendChild(text("span", "fw-bold", result.name));
      item.appendChild(text("span", "font-monospace small ms-2", result.credit_code));
      if (result.status) {
        item.appendChild(text("span", "badge text-bg-secondary ms-2", result.status));
      }
      item.appendChild(text("div", "small text-muted", (result.town || "未定镇街") + " · " + (result.address || "无地址")));
      // mousedown would move the focus away first and close the list before the click lands.
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      item.addEventListener("click", function () {
        choose(i);
      });
      return item;
    }

    function show(data) {
      results = data.results || [];
      list.replaceChildren.apply(list, results.map(option));
      if (!results.length) {
        status.textContent = "未找到相符的企业。";
        close();
        return;
      }
      // Late answers do not open over a page the user has moved on in (the list would cover the next fields).
      if (document.activeElement !== input) {
        return;
      }
      status.textContent = "找到 " + (results.length + (data.more || 0)) + " 家" + (data.more ? "，还有 " + data.more + " 家，请输入更多字。" : "，可用上下键选择。");
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      var query = input.value.trim();
      var mine = ++asked;
      if (query.length < MIN_CHARS) {
        close();
        return;
      }
      var url = input.dataset.enterpriseSuggest + "?q=" + encodeURIComponent(query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          // An answer to an older query, arriving late, is dropped.
          if (mine === asked) {
            show(data);
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      status.textContent = "";
      clearPicks();
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open && results.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        highlight(active + (event.key === "ArrowDown" ? 1 : active === -1 ? 0 : -1));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-enterprise-suggest]").forEach(setUp);
})();
