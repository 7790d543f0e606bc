// The outline on a map's page (advisor/admin/outline.py): folding, moving answers (drag, or
// the Move up / Move down buttons), revealing a step (from the diagram, a reference or a
// search), Cancel, and focus after each edit. The requests themselves are htmx's.
(function () {
  "use strict";
  const outline = document.getElementById("outline");
  if (!outline) return;
  const tree = () => document.getElementById("outline-tree");

  // The steps unfolded now, sent with every request that redraws the outline.
  function openSteps() {
    return Array.from(tree().querySelectorAll("li.outline-step[data-open=true]"))
      .map((step) => step.dataset.step).join(",");
  }
  function since() {
    const field = document.getElementById("outline-since");
    return field ? field.value : "0";
  }
  document.body.addEventListener("htmx:configRequest", (event) => {
    if (!outline.contains(event.detail.elt)) return;
    event.detail.parameters.open = openSteps();
    event.detail.parameters.since = since();
  });

  function setOpen(step, open) {
    const answers = step.querySelector(":scope > ul.answers");
    const toggle = step.querySelector(":scope > .step-head > .fold");
    if (!answers || !toggle) return;
    answers.hidden = !open;
    step.dataset.open = open ? "true" : "false";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.querySelector("[aria-hidden]").textContent = open ? "▾" : "▸";
  }

  function focusOn(id) {
    const element = document.getElementById(id);
    if (!element) return;
    const head = document.getElementById(id + "-head") || element;
    head.scrollIntoView({ block: "center" });
    head.focus({ preventScroll: true });
    head.classList.add("flash");
    setTimeout(() => head.classList.remove("flash"), 1600);
  }

  // Show a step: unfolded on the page already, or the outline redrawn with its path open.
  function reveal(stepId) {
    let step = document.getElementById("step-" + stepId);
    let hidden = false;
    for (let above = step && step.parentElement; above; above = above.parentElement) {
      if (above.matches && above.matches("li.outline-step[data-open=false]")) hidden = true;
    }
    if (step && !hidden) return focusOn("step-" + stepId);
    const url = outline.dataset.url + "?reveal=" + stepId + "&open=" + openSteps();
    htmx.ajax("GET", url, { target: "#outline-tree" }).then(() => focusOn("step-" + stepId));
  }

  function postOrder(list, order) {
    htmx.ajax("POST", list.dataset.orderUrl, {
      target: "#outline-tree",
      values: { order: order.join(","), was: list.dataset.order, since: since(), open: openSteps() },
      headers: { "X-CSRFToken": JSON.parse(outline.getAttribute("hx-headers"))["X-CSRFToken"] },
    });
  }

  outline.addEventListener("click", (event) => {
    const control = event.target.closest("[data-outline]");
    if (!control) return;
    const action = control.dataset.outline;
    if (action === "fold" && !control.hasAttribute("hx-get")) {
      const step = control.closest("li.outline-step");
      setOpen(step, step.dataset.open !== "true");
    } else if (action === "cancel") {
      const slot = control.closest(".step-slot, .answer-slot");
      const owner = slot.previousElementSibling;
      slot.innerHTML = "";
      if (owner) owner.focus();
    } else if (action === "reveal") {
      event.preventDefault();
      reveal(control.dataset.step);
    } else if (action === "up" || action === "down") {
      const item = control.closest("li.answer");
      const list = item.parentElement;
      const order = Array.from(list.children).map((answer) => answer.dataset.button);
      const at = order.indexOf(item.dataset.button);
      const to = action === "up" ? at - 1 : at + 1;
      [order[at], order[to]] = [order[to], order[at]];
      postOrder(list, order);
    } else if (action === "diagram") {
      const box = document.querySelector(`.map-diagram a.step[href*="/node/${control.dataset.step}/"]`);
      if (!box) return;
      box.scrollIntoView({ block: "center", inline: "center" });
      box.classList.add("flash");
      setTimeout(() => box.classList.remove("flash"), 1600);
    } else if (action === "fold-all" || action === "unfold-all") {
      tree().querySelectorAll("li.outline-step").forEach((step) => {
        if (step.querySelector(":scope > ul.answers")) setOpen(step, action === "unfold-all");
      });
    }
  });

  // A click on a step of the diagram shows it in the outline (with Ctrl or ⌘: its page).
  document.addEventListener("click", (event) => {
    const box = event.target.closest(".map-diagram a.step");
    if (!box || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const found = box.getAttribute("href").match(/\/node\/(\d+)\//);
    if (!found) return;
    event.preventDefault();
    reveal(found[1]);
  });

  // After each swap: forms get their first field focused, lists become draggable, and
  // the "In the diagram" buttons go where there is no diagram.
  htmx.onLoad((content) => {
    const form = content.matches && content.matches("form.outline-form") ? content
      : content.querySelector && content.querySelector("form.outline-form");
    if (form) form.querySelector("input:not([type=hidden]), textarea, select").focus();
    (content.querySelectorAll ? content.querySelectorAll("ul.answers[data-order-url]") : [])
      .forEach((list) => {
        if (list.dataset.sortable) return;
        list.dataset.sortable = "yes";
        Sortable.create(list, {
          handle: ".drag",
          animation: 120,
          onEnd: (moved) => {
            if (moved.oldIndex === moved.newIndex) return;
            postOrder(list, Array.from(list.children).map((answer) => answer.dataset.button));
          },
        });
      });
    if (!document.querySelector(".map-diagram")) {
      outline.querySelectorAll("[data-outline=diagram]").forEach((button) => button.remove());
    }
  });
  document.body.addEventListener("outlineFocus", (event) => focusOn(event.detail.id));
  // Back from a step's own page (…/change/#step-12): that step, shown and focused.
  const arrived = location.hash.match(/^#step-(\d+)$/);
  if (arrived) reveal(arrived[1]);
})();
