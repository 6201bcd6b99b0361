/* The version form's writing aids, added on top of a page that works without them:
   - a live preview of the body, rendered by the server with the guide page's own code
     (POST to the render-preview endpoint), with the outline, length and warnings;
   - dragging the rows of the FAQ, sources, programs and careers inlines to reorder them,
     which rewrites their order fields (the fields stay, for use without JavaScript).
   Loaded with <script src>: the Content Security Policy allows no inline script.
   Dragging is these few lines rather than django-admin-sortable2: no dependency to keep in step
   with Django 6.1 and our custom inline classes, and the plain order field stays the way to
   reorder without JavaScript. */
(function () {
  "use strict";

  var DELAY = 400;

  function byName(form, pattern) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return pattern.test(el.name || "");
    });
  }

  function rowDeleted(el) {
    var row = el.closest("tr.form-row, div.inline-related:not(.tabular)");
    if (!row) return false;
    if (row.classList.contains("empty-form")) return true;
    var del = row.querySelector('input[name$="-DELETE"]');
    return Boolean(del && del.checked);
  }

  function values(form, pattern) {
    return byName(form, pattern)
      .filter(function (el) { return el.value && !rowDeleted(el); })
      .map(function (el) { return el.value; });
  }

  function plural(count, word) {
    return count.toLocaleString("en-US") + " " + word + (count === 1 ? "" : "s");
  }

  function livePreview() {
    var pane = document.getElementById("live-preview");
    var body = document.getElementById("id_body");
    if (!pane || !body || body.tagName !== "TEXTAREA") return;
    var form = body.form;
    var title = document.getElementById("id_title");
    var status = document.getElementById("live-preview-status");
    var outline = document.getElementById("editor-outline");
    var words = document.getElementById("editor-stats");
    var warnings = document.getElementById("editor-warnings");
    var url = pane.getAttribute("data-render-url");
    var timer = null;
    var sent = 0;

    function listItem(text, className) {
      var li = document.createElement("li");
      if (className) li.className = className;
      li.textContent = text;
      return li;
    }

    function show(data) {
      pane.innerHTML = data.html;
      // The fragment's heading ids are the public page's; inside the admin page they are
      // prefixed, so that they cannot clash with the admin's own ids.
      pane.querySelectorAll("[id]").forEach(function (el) {
        el.id = "preview-" + el.id;
      });
      pane.hidden = false;
      status.textContent = "Updated as you type, as readers will see it.";

      outline.replaceChildren();
      data.outline.forEach(function (entry) {
        var li = document.createElement("li");
        li.className = "editor-outline__item--" + entry.level;
        var a = document.createElement("a");
        a.href = "#preview-" + entry.id;
        a.textContent = entry.name;
        li.appendChild(a);
        outline.appendChild(li);
      });
      if (!data.outline.length) {
        outline.appendChild(listItem("No headings yet: headings (##) make the table of contents.", "editor-outline__empty"));
      }

      words.textContent = plural(data.words, "word") + " · about " + plural(data.minutes, "minute") + " to read";

      warnings.replaceChildren();
      data.warnings.forEach(function (text) { warnings.appendChild(listItem(text)); });
      if (!data.warnings.length) {
        warnings.appendChild(listItem("No common mistakes found.", "editor-warnings__none"));
      }
    }

    function update() {
      var number = ++sent;
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      data.append("title", title ? title.value : "");
      data.append("body", body.value);
      values(form, /^program_links-\d+-program$/).forEach(function (v) { data.append("programs", v); });
      values(form, /^career_links-\d+-career$/).forEach(function (v) { data.append("careers", v); });
      data.append("faqs", values(form, /^faqs-\d+-question$/).length ? "1" : "0");
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (json) {
          // An answer to an older keystroke arriving late is dropped.
          if (number === sent) show(json);
        })
        .catch(function () {
          if (number === sent) {
            status.textContent = "The preview could not be updated; your text is not affected. Save to keep it.";
          }
        });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(update, DELAY);
    }

    body.addEventListener("input", later);
    if (title) title.addEventListener("input", later);
    form.addEventListener("change", later);
    document.addEventListener("formset:added", later);
    document.addEventListener("formset:removed", later);
    // The program and career pickers (select2) announce changes through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", "select", later);
    }
    update();
  }

  /* Reordering inline rows ------------------------------------------------------------- */

  var GROUPS = ["faqs-group", "sources-group", "program_links-group", "career_links-group"];

  function rowsOf(group) {
    return Array.prototype.filter.call(
      // Table rows of a tabular inline, or the boxes of a stacked one (not the tabular wrapper).
      group.querySelectorAll("tbody > tr.form-row, div.inline-related:not(.tabular)"),
      function (row) {
        return !row.classList.contains("empty-form") && row.querySelector('input[name$="-order"]');
      }
    );
  }

  function isFilled(row) {
    // Only rows with content get an order: a blank extra row must stay unchanged, or the form
    // would ask for its required fields.
    return Array.prototype.some.call(row.querySelectorAll("input, select, textarea"), function (el) {
      if (/-(order|DELETE|version)$/.test(el.name || "") || el.type === "checkbox") return false;
      return el.value !== "";
    });
  }

  function renumber(group) {
    var position = 0;
    rowsOf(group).forEach(function (row) {
      if (!isFilled(row)) return;
      position += 1;
      row.querySelector('input[name$="-order"]').value = String(position);
    });
  }

  function announce(group, row) {
    var live = group.querySelector(".drag-status");
    var rows = rowsOf(group);
    if (live) live.textContent = "Moved to position " + (rows.indexOf(row) + 1) + " of " + rows.length + ".";
  }

  function move(group, row, step) {
    var rows = rowsOf(group);
    var index = rows.indexOf(row);
    var target = rows[index + step];
    if (!target) return;
    if (step < 0) target.parentNode.insertBefore(row, target);
    else target.parentNode.insertBefore(row, target.nextSibling);
    renumber(group);
    announce(group, row);
  }

  function addHandle(group, row) {
    if (row.querySelector(".drag-handle")) return;
    var order = row.querySelector('input[name$="-order"]');
    var handle = document.createElement("button");
    handle.type = "button";
    handle.className = "drag-handle";
    handle.textContent = "⇅";
    handle.title = "Drag to reorder, or use the up and down arrow keys";
    handle.setAttribute("aria-label", "Move this row: drag it, or press the up or down arrow key");
    // Stacked rows (FAQ) carry it in their heading; table rows beside the order field.
    var heading = row.tagName !== "TR" && row.querySelector("h3");
    if (heading) heading.appendChild(handle);
    else order.insertAdjacentElement("afterend", handle);

    handle.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        move(group, row, event.key === "ArrowUp" ? -1 : 1);
        handle.focus();
      }
    });

    handle.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      row.classList.add("is-dragging");
      // Listening on the document, not by pointer capture: moving the row in the page releases
      // a capture held by its handle.

      function onMove(moveEvent) {
        var rows = rowsOf(group);
        var index = rows.indexOf(row);
        var above = rows[index - 1];
        var below = rows[index + 1];
        if (above) {
          var a = above.getBoundingClientRect();
          if (moveEvent.clientY < a.top + a.height / 2) move(group, row, -1);
        }
        if (below) {
          var b = below.getBoundingClientRect();
          if (moveEvent.clientY > b.top + b.height / 2) move(group, row, 1);
        }
      }

      function onUp() {
        row.classList.remove("is-dragging");
        document.removeEventListener("pointermove", onMove);
        document.removeEventListener("pointerup", onUp);
        document.removeEventListener("pointercancel", onUp);
        renumber(group);
        handle.focus();
      }

      document.addEventListener("pointermove", onMove);
      document.addEventListener("pointerup", onUp);
      document.addEventListener("pointercancel", onUp);
    });
  }

  function sortableInlines() {
    GROUPS.forEach(function (id) {
      var group = document.getElementById(id);
      // Read-only inlines (a closed version) have no order inputs: nothing to drag.
      if (!group || !group.querySelector('input[name$="-order"]')) return;
      var live = document.createElement("p");
      live.className = "drag-status visually-hidden";
      live.setAttribute("aria-live", "polite");
      group.appendChild(live);
      rowsOf(group).forEach(function (row) { addHandle(group, row); });
    });
    document.addEventListener("formset:added", function (event) {
      var group = event.target.closest(".inline-group");
      if (group && GROUPS.indexOf(group.id) !== -1 && event.target.querySelector('input[name$="-order"]')) {
        addHandle(group, event.target);
      }
    });
  }

  function oneLineFields() {
    // The title and summary wrap like text but stay one line: Enter does not add a break (the
    // server turns any break into a space as well).
    document.querySelectorAll("textarea.one-line").forEach(function (box) {
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    });
  }

  function start() {
    oneLineFields();
    livePreview();
    sortableInlines();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
