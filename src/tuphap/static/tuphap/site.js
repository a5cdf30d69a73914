/* tuphap: the few behaviours the pages need, in place of inline handlers
   (the Content Security Policy runs no onclick=/onchange= attributes).
   Delegated from the document, so they also work in content that HTMX swaps in.

   data-autosubmit  on a field (or its form): submit the form when it changes
   data-goto="URL"  on a form: go to URL + the changed field's value + "/"
   data-confirm="…" on a form: ask before submitting
   data-print       on a button: print the page

   And a search typed before htmx started (it loads deferred: a slow machine, a
   fast officer) had no listener and was lost: once htmx has processed the page,
   a field with hx-get whose value the user changed sends its request.

   A rich-text editor (django-prose-editor) replaces its textarea with an
   editable box that has no accessible name: it takes the textarea's label; and
   its greyed-out toolbar buttons are marked aria-disabled. */
(function () {
  "use strict";

  function submit(form) {
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof Element) || !field.form) return;
    var goto = field.form.getAttribute("data-goto");
    if (goto !== null && field.value) {
      window.location.assign(goto + encodeURIComponent(field.value) + "/");
    } else if (field.closest("[data-autosubmit]")) {
      submit(field.form);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question !== null && !window.confirm(question)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("htmx:load", function (event) {
    var root = event.detail && event.detail.elt;
    if (!(root instanceof Element) || typeof window.htmx === "undefined") return;
    var fields = root.matches("input[hx-get]") ? [root] : root.querySelectorAll("input[hx-get]");
    Array.prototype.forEach.call(fields, function (field) {
      if (field.value !== field.defaultValue) window.htmx.trigger(field, "search");
    });
  });

  function nameEditableBoxes(root) {
    var boxes = root.querySelectorAll('[contenteditable="true"][role="textbox"]:not([aria-label]):not([aria-labelledby])');
    Array.prototype.forEach.call(boxes, function (box) {
      var holder = box.parentElement, field = null;
      while (holder && !(field = holder.querySelector("textarea[id]"))) holder = holder.parentElement;
      if (!field) return;
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label) {
        if (!label.id) label.id = field.id + "-label";
        box.setAttribute("aria-labelledby", label.id);
      } else if (field.getAttribute("aria-label")) {
        box.setAttribute("aria-label", field.getAttribute("aria-label"));
      }
    });
  }
  // its toolbar greys out the buttons that cannot act now (undo with nothing to undo)
  // with a class only: say so to assistive technology too
  function syncDisabled(button) {
    if (button.classList.contains("disabled")) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }
  if (typeof MutationObserver === "function") {
    new MutationObserver(function (records) {
      var added = false;
      records.forEach(function (record) {
        if (record.type === "attributes") {
          if (record.target.classList.contains("prose-menubar__button")) syncDisabled(record.target);
        } else if (record.addedNodes.length) {
          added = true;
        }
      });
      if (added) {
        nameEditableBoxes(document);
        Array.prototype.forEach.call(document.querySelectorAll(".prose-menubar__button"), syncDisabled);
      }
    }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
