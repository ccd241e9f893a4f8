// The comparison's few behaviours that need a script. Without it every control is a plain link
// or form and the page works the same, a page load at a time.
// - The address is the state: a swap asks for what the address says, plus what was clicked
//   (the links of the table carry only where to ask: their state is the address's).
// - A typed date is taken when it is complete (on leaving the field, or Enter), never mid-typing.
// - Focus moves into an opened cell and back to its button when it closes; Escape closes it.
(function () {
  "use strict";

  var lastCell = null;
  var cellToggled = false;

  function inComparison(element) {
    return element && element.closest && element.closest("#comparison");
  }

  function toggled(values, value) {
    var kept = values.filter(function (item) { return item !== value; });
    if (kept.length === values.length) { kept.push(value); }
    return kept;
  }

  // The cell a control opens or closes: a cell's button names its own ("topic:party"), the
  // close control of an opened cell names the cell it closes.
  function cellOf(element) {
    if (element.dataset.cell !== undefined) { return element.dataset.cell; }
    var td = element.matches("a.cell-button") && element.closest("td");
    return td ? td.dataset.topic + ":" + td.dataset.party : undefined;
  }

  function replaceParameters(parameters, state) {
    Array.from(new Set(Array.from(parameters.keys()))).forEach(function (name) {
      parameters.delete(name);
    });
    state.forEach(function (value, name) { parameters.append(name, value); });
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (!inComparison(element)) { return; }
    var state = new URLSearchParams(window.location.search);
    var cell = cellOf(element);
    if (element.dataset.open !== undefined || cell !== undefined) {
      if (element.dataset.open !== undefined) {
        var open = toggled(state.getAll("open"), element.dataset.open);
        state.delete("open");
        open.forEach(function (slug) { state.append("open", slug); });
      } else {
        lastCell = cell;
        if (state.get("cell") === cell) { state.delete("cell"); }
        else { state.set("cell", cell); }
      }
      replaceParameters(event.detail.parameters, state);
    } else if (element.matches("form.filters")) {
      // The form's own fields, and what is opened as the address says (hidden fields may lag).
      event.detail.parameters.delete("open");
      state.getAll("open").forEach(function (slug) { event.detail.parameters.append("open", slug); });
    }
  });

  // Opening a cell in one topic closes the one open in another.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (!inComparison(element) || cellOf(element) === undefined) { return; }
    cellToggled = true;
    var group = element.closest("tbody");
    document.querySelectorAll("#comparison tr.cell-detail-row").forEach(function (row) {
      if (row.closest("tbody") !== group) { row.remove(); }
    });
  });

  // The element that asked is gone by now (its group was replaced): the flag says who it was.
  document.addEventListener("htmx:afterSettle", function () {
    if (!cellToggled) { return; }
    cellToggled = false;
    var heading = document.getElementById("cell-detail-heading");
    if (heading) {
      heading.focus();
    } else if (lastCell) {
      var button = document.getElementById("cell-" + lastCell.replace(":", "-"));
      if (button) { button.focus(); }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var detail = event.target.closest && event.target.closest("#cell-detail");
    var close = detail && detail.querySelector("a.close");
    if (close) { event.preventDefault(); close.click(); }
  });

  // Dates: the form reacts to every other change at once, but a date only once it is complete.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("form.filters input[type=date]")) {
      event.stopPropagation();
    }
  }, true);

  function isDateInput(element) {
    return element.matches && element.matches("form.filters input[type=date]");
  }

  function take(input) {
    if (input.value !== input.dataset.taken && input.validity.valid) {
      input.dataset.taken = input.value;
      input.form.requestSubmit();
    }
  }

  document.addEventListener("focusin", function (event) {
    if (isDateInput(event.target) && event.target.dataset.taken === undefined) {
      event.target.dataset.taken = event.target.value;
    }
  });

  // A date is complete once its year has four digits: while a year is typed, the field reads
  // 0002, 0020, 0202, then 2025. A short pause lets a slip be corrected first.
  var pending = null;
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!isDateInput(input)) { return; }
    window.clearTimeout(pending);
    if (input.value === "" || Number(input.value.slice(0, 4)) >= 1000) {
      pending = window.setTimeout(function () { take(input); }, 400);
    }
  });

  document.addEventListener("focusout", function (event) {
    if (isDateInput(event.target)) { window.clearTimeout(pending); take(event.target); }
  });
})();
