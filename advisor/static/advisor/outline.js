// The outline on a map's page (advisor/admin/outline.py): folding, moving answers (drag, the
// Move up / Move down buttons, Alt+↑/↓), revealing a step (from the diagram, a reference or a
// search), Cancel and Escape, focus after each edit, and the keys: the rows (steps and
// answers) are a WAI-ARIA tree, one Tab stop, gone through with the arrows. The requests
// themselves are htmx's.
(function () {
  "use strict";
  const outline = document.getElementById("outline");
  if (!outline) return;
  const tree = () => document.getElementById("outline-tree");
  const ROW = "li[role=treeitem]";
  const rowOf = (element) => element.closest(ROW);

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
    step.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.querySelector("[aria-hidden]").textContent = open ? "▾" : "▸";
    if (!open) settleRows();
  }

  function focusOn(id) {
    const element = document.getElementById(id);
    if (!element) return;
    const head = document.getElementById(id + "-head") || element;
    head.scrollIntoView({ block: "center" });
    element.focus({ preventScroll: true });
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

  // The answers of a list in a new order; the one moved keeps the focus (or its handle).
  let grabbed = null;
  function postOrder(list, order, moved) {
    grabbed = document.activeElement.matches(".drag") ? "button-" + moved : null;
    htmx.ajax("POST", list.dataset.orderUrl, {
      target: "#outline-tree",
      values: {
        order: order.join(","), was: list.dataset.order, moved, since: since(), open: openSteps(),
      },
      headers: { "X-CSRFToken": JSON.parse(outline.getAttribute("hx-headers"))["X-CSRFToken"] },
    });
  }

  function move(item, by) {
    const list = item.parentElement;
    const order = Array.from(list.children).map((answer) => answer.dataset.button);
    const at = order.indexOf(item.dataset.button);
    const to = at + by;
    if (!list.dataset.orderUrl || to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to], order[at]];
    postOrder(list, order, item.dataset.button);
  }

  // A form closed (Cancel, Escape): the focus goes back where it was when it was opened.
  const openers = new Map();
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const slot = event.detail.target;
    if (slot && slot.matches(".step-slot, .answer-slot")) openers.set(slot.id, document.activeElement);
  });
  function close(slot) {
    const back = openers.get(slot.id);
    slot.innerHTML = "";
    if (back && back.isConnected && !back.matches(ROW)) back.focus();
    else go(rowOf(slot));
  }

  outline.addEventListener("click", (event) => {
    const control = event.target.closest("[data-outline]");
    if (!control) return;
    const action = control.dataset.outline;
    if (action === "fold" && !control.hasAttribute("hx-get")) {
      const step = control.closest("li.outline-step");
      setOpen(step, step.dataset.open !== "true");
    } else if (action === "cancel") {
      close(control.closest(".step-slot, .answer-slot"));
    } else if (action === "keys") {
      showKeys(control.getAttribute("aria-expanded") !== "true");
    } else if (action === "reveal") {
      event.preventDefault();
      reveal(control.dataset.step);
    } else if (action === "up" || action === "down") {
      move(control.closest("li.answer"), action === "up" ? -1 : 1);
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

  // One Tab stop into the tree, the current row; Tab from it reaches that row's own buttons
  // and links, and then leaves the outline (another row's are reached with the arrows first).
  let current = null;
  const shownRows = () => Array.from(tree().querySelectorAll(ROW)).filter((row) => !row.closest("[hidden]"));
  function makeCurrent(row) {
    current = row.id;
    tree().querySelectorAll(ROW).forEach((each) => { each.tabIndex = each === row ? 0 : -1; });
    tree().querySelectorAll(`${ROW} :is(button, a[href])`).forEach((control) => {
      if (control.closest(".step-slot, .answer-slot")) return; // an open form: always reached
      if (rowOf(control) === row) control.removeAttribute("tabindex");
      else control.tabIndex = -1;
    });
  }
  function settleRows() {
    let row = current && document.getElementById(current);
    while (row && row.closest("[hidden]")) row = row.parentElement.closest(ROW);
    row = row && row.matches(ROW) ? row : shownRows()[0];
    if (row) makeCurrent(row);
  }
  outline.addEventListener("focusin", (event) => {
    const row = rowOf(event.target);
    if (row && row.id !== current) makeCurrent(row);
  });
  // A row redrawn under the focus (its branch loaded, the outline saved) keeps it.
  let refocus = null;
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const row = rowOf(document.activeElement);
    refocus = row && event.detail.target.contains(row) ? row.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    const row = refocus && document.getElementById(refocus);
    if (row && (!document.activeElement || document.activeElement === document.body)) go(row);
    refocus = null;
  });

  // A row focused with its head in view (the row holds its whole branch).
  function go(row) {
    if (!row) return;
    row.focus({ preventScroll: true });
    row.firstElementChild.scrollIntoView({ block: "nearest" });
  }
  function useTool(row, key) {
    const owner = key === "add" && row.matches("li.answer") ? row.parentElement.closest(ROW) : row;
    const tool = owner && owner.querySelector(`:scope > div > .step-tools [data-key=${key}]`);
    if (tool) tool.click();
  }
  function unfoldOrEnter(row) {
    const toggle = row.querySelector(":scope > .step-head > .fold");
    if (row.getAttribute("aria-expanded") !== "false") go(row.querySelector(`:scope > ul > ${ROW}`));
    else if (toggle.hasAttribute("hx-get")) toggle.click(); // its branch is loaded
    else setOpen(row, true);
  }
  function foldOrLeave(row) {
    if (row.getAttribute("aria-expanded") === "true") setOpen(row, false);
    else go(row.parentElement.closest(ROW));
  }
  const ROW_KEYS = {
    ArrowDown: (row, rows) => go(rows[rows.indexOf(row) + 1]),
    ArrowUp: (row, rows) => go(rows[rows.indexOf(row) - 1]),
    Home: (row, rows) => go(rows[0]),
    End: (row, rows) => go(rows.at(-1)),
    ArrowRight: unfoldOrEnter,
    ArrowLeft: foldOrLeave,
    Enter: (row) => useTool(row, "edit"),
    e: (row) => useTool(row, "edit"),
    a: (row) => useTool(row, "add"),
    Delete: (row) => useTool(row, "delete"),
    "?": () => showKeys(true),
  };
  // The list of keys: a disclosure; ? opens it, Escape closes it and goes back to the row.
  function showKeys(shown) {
    const button = document.getElementById("outline-keys-button");
    document.getElementById("outline-keys").hidden = !shown;
    button.setAttribute("aria-expanded", shown ? "true" : "false");
    if (shown) button.focus();
  }

  // The keys act on what has the focus: a row, an answer's handle, an open form (never on
  // what is typed in a form's fields).
  outline.addEventListener("keydown", (event) => {
    const target = event.target;
    const form = target.closest("form.outline-form");
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const vertical = key === "ArrowUp" || key === "ArrowDown";
    let done = true;
    if (form && key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
    else if (form && key === "Escape" && !target.closest(".rich-text-toolbar")
      && !(target.type === "search" && target.value)) close(form.parentElement);
    else if (form || event.ctrlKey || event.metaKey) done = false;
    else if (target.matches(".drag") && vertical) move(rowOf(target), key === "ArrowUp" ? -1 : 1);
    else if (target.matches("li.answer") && event.altKey && vertical) {
      move(target, key === "ArrowUp" ? -1 : 1);
    } else if (target.matches(ROW) && !event.altKey && ROW_KEYS[key]) {
      ROW_KEYS[key](target, shownRows());
    } else if (key === "Escape" && target.closest(".outline-keys, #outline-keys-button")) {
      showKeys(false);
      go(document.getElementById(current));
    } else done = false;
    if (done) event.preventDefault();
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
            const order = Array.from(list.children).map((answer) => answer.dataset.button);
            postOrder(list, order, moved.item.dataset.button);
          },
        });
      });
    if (!document.querySelector(".map-diagram")) {
      outline.querySelectorAll("[data-outline=diagram]").forEach((button) => button.remove());
    }
    settleRows();
  });
  document.body.addEventListener("outlineFocus", (event) => {
    focusOn(event.detail.id);
    const handle = grabbed === event.detail.id && document.querySelector(`#${grabbed} > .answer-head > .drag`);
    if (handle) handle.focus();
    grabbed = null;
  });
  // Back from a step's own page (…/change/#step-12): that step, shown and focused.
  const arrived = location.hash.match(/^#step-(\d+)$/);
  if (arrived) reveal(arrived[1]);
})();
