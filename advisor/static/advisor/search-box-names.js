// Django's step search boxes (select2) leave their text box without a name: name it by the
// field's label and what it shows (the step chosen, or the placeholder), for screen readers.
// Runs after Django's autocomplete.js made the boxes: on the page, and in each row an inline adds.
(function () {
  "use strict";

  function name(select) {
    const label = select.labels && select.labels[0];
    const shown = select.nextElementSibling?.querySelector(".select2-selection__rendered");
    if (!label || !shown) return;
    label.id = label.id || `${select.id}-label`;
    shown.setAttribute("aria-labelledby", `${label.id} ${shown.id}`);
  }

  const nameAll = (root) => root.querySelectorAll("select.admin-autocomplete").forEach(name);

  if (window.django && window.django.jQuery) {
    window.django.jQuery(() => nameAll(document));
    document.addEventListener("formset:added", (event) => nameAll(event.target));
  }
})();
