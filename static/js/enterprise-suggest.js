// Suggestions while typing in an enterprise box (enterprises.fields.EnterpriseField): the box asks the URL in its
// data-enterprise-suggest attribute (?q=, the user's scope only) and lists the matches as an ARIA combobox; choosing
// one puts its credit code in the box, which the server then finds exactly. Without script, or when the fetch
// fails, the form still works: the server searches what was typed and lists the candidates as a results step.
(function () {
  var DELAY_MS = 250;
  var MIN_CHARS = 2;

  function text(tag, className, content) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = content;
    return node;
  }

  function Suggest(input, index) {
    this.input = input;
    this.listId = (input.id || "enterprise-" + index) + "-suggestions";
    this.list = document.createElement("ul");
    this.list.id = this.listId;
    this.list.className = "list-group enterprise-suggest";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", "匹配的企业");
    this.list.hidden = true;
    // Read out by screen readers: how many were found, and which one was chosen.
    this.status = text("div", "form-text enterprise-suggest-status", "");
    this.status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", this.list);
    this.list.insertAdjacentElement("afterend", this.status);
    if (input.parentElement) {
      input.parentElement.classList.add("position-relative");
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", this.listId);
    input.setAttribute("aria-expanded", "false");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.asked = 0;
    input.addEventListener("input", this.typed.bind(this));
    input.addEventListener("keydown", this.key.bind(this));
    input.addEventListener("blur", this.close.bind(this));
  }

  Suggest.prototype.open = function () {
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Suggest.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Suggest.prototype.highlight = function (next) {
    var options = this.list.querySelectorAll("[role=option]");
    var active = (next + options.length) % options.length;
    if (!options.length) {
      return;
    }
    options.forEach(function (option, i) {
      option.classList.toggle("active", i === active);
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    this.active = active;
    this.input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  };

  // A radio of the results step, checked earlier, would win over the box: what is typed or chosen now is the answer.
  Suggest.prototype.clearPicks = function () {
    var form = this.input.form;
    if (form) {
      form.querySelectorAll('input[type=radio][name="' + this.input.name + '"]').forEach(function (radio) {
        radio.checked = false;
      });
    }
  };

  Suggest.prototype.choose = function (i) {
    var chosen = this.results[i];
    if (!chosen) {
      return;
    }
    this.input.value = chosen.credit_code;
    this.clearPicks();
    this.status.textContent = "已选择：" + chosen.name + "（" + chosen.credit_code + "）";
    this.close();
  };

  Suggest.prototype.option = function (result, i) {
    var item = document.createElement("li");
    var place = (result.town || "未定镇街") + " · " + (result.address || "无地址");
    item.id = this.listId + "-" + i;
    item.className = "list-group-item list-group-item-action";
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.appendChild(text("span", "fw-bold", result.name));
    item.appendChild(text("span", "font-monospace small ms-2", result.credit_code));
    if (result.status) {
      item.appendChild(text("span", "badge text-bg-secondary ms-2", result.status));
    }
    item.appendChild(text("div", "small text-muted", place));
    // mousedown would move the focus away first and close the list before the click lands.
    item.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    item.addEventListener("click", this.choose.bind(this, i));
    return item;
  };

  Suggest.prototype.show = function (data) {
    var more = data.more || 0;
    this.results = data.results || [];
    this.list.replaceChildren.apply(this.list, this.results.map(this.option, this));
    this.close();
    if (!this.results.length) {
      this.status.textContent = "未找到相符的企业。";
      return;
    }
    // Late answers do not open over a page the user has moved on in (the list would cover the next fields).
    if (document.activeElement !== this.input) {
      return;
    }
    this.status.textContent =
      "找到 " + (this.results.length + more) + " 家" + (more ? "，还有 " + more + " 家，请输入更多字。" : "，可用上下键选择。");
    this.open();
  };

  Suggest.prototype.ask = function () {
    var query = this.input.value.trim();
    var mine = ++this.asked;
    var self = this;
    if (query.length < MIN_CHARS) {
      this.close();
      return;
    }
    fetch(this.input.dataset.enterpriseSuggest + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        // An answer to an older query, arriving late, is dropped.
        if (mine === self.asked) {
          self.show(data);
        }
      })
      .catch(this.close.bind(this));
  };

  Suggest.prototype.typed = function () {
    this.status.textContent = "";
    this.clearPicks();
    clearTimeout(this.timer);
    this.timer = setTimeout(this.ask.bind(this), DELAY_MS);
  };

  Suggest.prototype.key = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open && this.results.length) {
        this.open();
      }
      this.highlight(this.active + (event.key === "ArrowDown" ? 1 : this.active === -1 ? 0 : -1));
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.close();
    }
  };

  document.querySelectorAll("input[data-enterprise-suggest]").forEach(function (input, index) {
    new Suggest(input, index);
  });
})();
