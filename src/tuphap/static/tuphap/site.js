/* tuphap: the few behaviours the pages need, in place of inline handlers
   (the Content Security Policy runs no onclick=/onchange= attributes).
   Delegated from the document, so they also work in content that HTMX swaps in.

   data-autosubmit  on a field (or its form): submit the form when it changes
   data-goto="URL"  on a form: go to URL + the changed field's value + "/"
   data-confirm="…" on a form: ask before submitting
   data-print       on a button: print the page

   And a search typed before htmx started (it loads deferred: a slow machine, a
   fast officer) had no listener and was lost: once htmx has processed the page,
   a field with hx-get whose value the user changed sends its request. */
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

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
