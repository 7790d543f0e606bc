// The message editor (advisor.admin.richtext.RichTextarea): each <textarea data-rich-text>, also
// one htmx swaps in, is shown as a box with a formatting toolbar. The textarea stays in the form,
// hidden, holding the message as Telegram HTML (richtext-markup.js reads and writes it).
(function () {
  "use strict";
  const { BLOCKS, el, edge, lines, webAddress, placeholder, serialize, load, showLastLine } =
    window.AdvisorMarkup;
  // name, button text, label, shortcut with Ctrl or ⌘ (keys as KeyboardEvent.code names them)
  const TOOLS = [
    ["bold", "B", "Bold", "B"], ["italic", "I", "Italic", "I"], ["underline", "U", "Underline", "U"],
    ["strike", "S", "Strikethrough", "Shift+X"], ["code", "Code", "Code", "E"],
    ["link", "Link", "Link", "K"], ["quote", "Quote", "Quote", "Shift+9"],
    ["clear", "Clear", "Clear formatting", "Backslash"],
  ];
  const EXEC = { bold: "bold", italic: "italic", underline: "underline", strike: "strikeThrough" };
  const PLAIN = ["removeFormat", "unlink"]; // Clear formatting: the browser's own commands
  const MARKS = { code: "code", link: "a", quote: "blockquote" };
  const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";
  const controllers = new WeakMap();
  let count = 0, dialog = null;

  const boundaries = (r) => [r.startContainer, r.startOffset, r.endContainer, r.endOffset];
  const select = (r) => { getSelection().removeAllRanges(); getSelection().addRange(r); };

  function within(node, selector, root) {
    const found = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement).closest(selector);
    return found && found !== root && root.contains(found) ? found : null;
  }
  // The elements a range is in or goes through.
  function touched(r, selector, root) {
    const found = new Set([r.startContainer, r.endContainer].map((end) => within(end, selector, root)));
    if (!r.collapsed) root.querySelectorAll(selector).forEach((e) => r.intersectsNode(e) && found.add(e));
    found.delete(null);
    return [...found];
  }
  function unwrap(element, r) {
    const children = [...element.childNodes];
    element.replaceWith(...children);
    if (r && children.length) r.setStartBefore(children[0]), r.setEndAfter(children.at(-1));
  }

  // Code: the selection's text as <code>, or out of it.
  function code(r, root) {
    const codes = touched(r, "code", root);
    if (codes.length || r.collapsed) return codes.forEach((element) => unwrap(element, r));
    const element = el("code", {}, ...lines(serialize(r.cloneContents(), true)));
    r.deleteContents();
    r.insertNode(element);
    r.selectNodeContents(element);
  }

  // Quote: the whole lines the selection is on as a <blockquote>, or out of it.
  function quote(r, root) {
    const quotes = touched(r, "blockquote", root);
    if (quotes.length) return quotes.forEach((element) => unquote(element, r, root));
    const top = (node) => { while (node.parentNode !== root) node = node.parentNode; return node; };
    const [start, startOffset, end, endOffset] = boundaries(r), bq = el("blockquote");
    let first = start === root ? root.childNodes[startOffset] || root.lastChild : top(start);
    let last = end !== root ? top(end) : r.collapsed ? first : root.childNodes[endOffset - 1];
    if (!first) { // an empty editor, or the end of it: a new empty quote
      root.append(bq);
      bq.append(el("br"));
      return r.selectNodeContents(bq), r.collapse(true);
    }
    if (!last || first.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_PRECEDING) last = first;
    if (!BLOCKS.has(first.nodeName)) {
      while (first.previousSibling && !edge(first.previousSibling)) first = first.previousSibling;
    }
    while (!edge(last) && last.nextSibling && !BLOCKS.has(last.nextSibling.nodeName)) {
      last = last.nextSibling;
    }
    root.insertBefore(bq, first);
    for (let node = first, next; node; node = next) {
      next = node === last ? null : node.nextSibling;
      bq.append(node);
    }
    if (bq.lastChild.nodeName === "BR" && bq.childNodes.length > 1) bq.lastChild.remove(); // its own end
    if (start !== root && end !== root) r.setStart(start, startOffset), r.setEnd(end, endOffset);
    else r.selectNodeContents(bq), r.collapse(!bq.textContent);
  }
  function unquote(bq, r, root) {
    const lastBr = bq.lastChild;
    if (lastBr && lastBr.nodeName === "BR" && placeholder(lastBr, bq)) lastBr.remove();
    if (bq.previousSibling && !edge(bq.previousSibling)) bq.before(el("br"));
    if (bq.nextSibling && !BLOCKS.has(bq.nextSibling.nodeName)) bq.after(el("br"));
    const [start, startOffset, end, endOffset] = boundaries(r);
    unwrap(bq, r);
    if (![start, end].some((node) => node === bq || node === root)) { // moved along: it stays
      r.setStart(start, startOffset);
      r.setEnd(end, endOffset);
    }
  }

  // Enter on the empty last line of a quote leaves the quote: that line goes below it.
  function leaveQuote(r, root) {
    const bq = within(r.startContainer, "blockquote", root), at = r.startOffset;
    const before = bq && r.collapsed && r.startContainer === bq && bq.childNodes[at - 1];
    const after = bq && bq.childNodes[at]; // only the <br> showing the empty line, if any
    if (!before || before.nodeName !== "BR") return false;
    if (after && (after.nodeName !== "BR" || after.nextSibling)) return false;
    [before, after].forEach((br) => br && br.remove());
    const line = el("br");
    bq.after(line);
    r.setStartBefore(line);
    r.collapse(true);
    return true;
  }

  // The one Link dialog of the page, outside any form: Enter or its first button applies it.
  function linkDialog() {
    const input = el("input", { id: "rich-text-address", type: "text", inputmode: "url",
      autocomplete: "off", spellcheck: "false", "aria-describedby": "rich-text-refusal" });
    const refusal = el("p", { id: "rich-text-refusal", class: "rich-text-refusal", role: "alert" });
    const apply = el("button", { value: "apply", class: "button default" });
    const remove = el("button", { value: "remove", class: "button" }, "Remove the link");
    const form = el("form", { method: "dialog", novalidate: "" },
      el("h2", { id: "rich-text-link-title" }, "Link"),
      el("label", { for: input.id }, "Web address, starting with https://"), input, refusal,
      el("div", { class: "rich-text-dialog-buttons" }, apply, remove,
        el("button", { value: "cancel", class: "button" }, "Cancel")));
    const box = el("dialog", { class: "rich-text-dialog", "aria-labelledby": form.firstChild.id }, form);
    form.addEventListener("submit", (event) => {
      if (event.submitter !== apply || webAddress(input.value)) return;
      event.preventDefault();
      refusal.textContent = "Only a web address can be linked: write it whole, starting with https:// "
        + "(or http://).";
      input.focus();
    });
    box.addEventListener("close", () => dialog.answer(box.returnValue, webAddress(input.value)));
    document.body.append(box);
    return { box, input, refusal, apply, remove };
  }
  function askAddress(href, linked, answer) {
    dialog = Object.assign(dialog || linkDialog(), { answer });
    dialog.input.value = href;
    dialog.refusal.textContent = "";
    dialog.apply.textContent = linked ? "Change the link" : "Add the link";
    dialog.remove.hidden = !linked;
    dialog.box.returnValue = "";
    dialog.box.showModal();
    dialog.input.select();
  }

  function enhance(textarea) {
    if (textarea.dataset.richTextReady) return;
    textarea.dataset.richTextReady = "yes";
    const id = (textarea.id || "rich-text-" + ++count) + "-editor";
    const editable = !textarea.disabled && !textarea.readOnly;
    const editor = el("div", { id, class: "rich-text-editor", role: "textbox", "aria-multiline": "true",
      contenteditable: String(editable), "aria-readonly": String(!editable) });
    // hidden, the textarea could not show the browser's "required" message: the server checks
    if (textarea.required) editor.setAttribute("aria-required", "true");
    textarea.required = false;
    ["aria-describedby", "aria-invalid"].forEach((name) => {
      if (textarea.hasAttribute(name)) editor.setAttribute(name, textarea.getAttribute(name));
    });
    const label = textarea.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
    if (label) {
      label.id = label.id || id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => editor.focus());
    }
    const toolbar = el("div", { class: "rich-text-toolbar", role: "toolbar", "aria-label": "Formatting",
      "aria-controls": id });
    const buttons = TOOLS.map(([name, text, title, keys]) => {
      const shown = keys.replace("Backslash", "\\");
      const button = el("button", { type: "button", class: "rich-text-" + name, tabindex: "-1",
        "aria-label": title, title: `${title} (${MOD}${shown})`,
        "aria-keyshortcuts": `Control+${shown} Meta+${shown}` }, text);
      if (name in EXEC || name in MARKS) button.setAttribute("aria-pressed", "false");
      button.disabled = !editable;
      button.addEventListener("click", () => run(name));
      return toolbar.appendChild(button);
    });
    buttons[0].tabIndex = 0;
    const focused = document.activeElement === textarea;
    textarea.after(el("div", { class: "rich-text" }, toolbar, editor));
    textarea.hidden = true;
    load(textarea.value, editor);
    if (focused) editor.focus();
    let saved = null;

    const inside = () => {
      const r = getSelection().rangeCount && getSelection().getRangeAt(0);
      return r && editor.contains(r.commonAncestorContainer) ? r : null;
    };
    // The editor focused, with the selection it had (a toolbar button may have the focus).
    function restore() {
      if (document.activeElement !== editor || !inside()) {
        editor.focus({ preventScroll: true });
        if (saved) select(saved);
        else if (!inside()) getSelection().collapse(editor, 0);
      }
      return inside();
    }
    // The buttons pressed as the formats at the caret are.
    function refresh() {
      const r = inside();
      if (!r) return;
      TOOLS.forEach(([name], index) => {
        const on = name in EXEC ? document.queryCommandState(EXEC[name])
          : name in MARKS && !!within(r.startContainer, MARKS[name], editor);
        if (name in EXEC || name in MARKS) buttons[index].setAttribute("aria-pressed", on);
      });
    }
    function changed(r) {
      if (r) select(r);
      textarea.value = serialize(editor);
      refresh();
    }
    function run(name) {
      if (!editable) return;
      const r = restore();
      const inCode = within(r.startContainer, "code", editor); // Telegram formats nothing in code
      if ((name in EXEC || name === "link") && inCode) return;
      if (name === "link") return link(r);
      if (name in EXEC || name === "clear") {
        (EXEC[name] ? [EXEC[name]] : PLAIN).forEach((command) => document.execCommand(command));
        return changed();
      }
      (name === "code" ? code : quote)(r, editor);
      changed(r);
    }
    // Link: asks for the address; on a link, offers to change or remove it.
    function link(r) {
      const links = touched(r, "a", editor), kept = r.cloneRange(); // the dialog takes the selection
      askAddress(links.length ? links[0].getAttribute("href") : "", links.length > 0, (action, href) => {
        editor.focus({ preventScroll: true });
        select(kept);
        if (action === "remove") links.forEach((a) => unwrap(a, kept));
        else if (action === "apply" && links.length) links.forEach((a) => a.setAttribute("href", href));
        else if (action === "apply") {
          const a = el("a", { href }, kept.collapsed ? href : kept.extractContents());
          a.querySelectorAll("a").forEach((inner) => unwrap(inner));
          kept.insertNode(a);
          kept.selectNodeContents(a);
        }
        changed(kept);
      });
    }

    controllers.set(editor, () => {
      saved = inside() ? inside().cloneRange() : saved;
      refresh();
    });
    editor.addEventListener("input", () => changed());
    editor.addEventListener("beforeinput", (event) => {
      const type = event.inputType;
      const enter = type === "insertParagraph" || type === "insertLineBreak";
      if (enter && leaveQuote(inside(), editor)) {
        event.preventDefault();
        changed(inside());
      } else if (enter && document.queryCommandSupported("insertLineBreak")) { // a <br>, not a <div>
        event.preventDefault();
        document.execCommand("insertLineBreak");
      } else if (type.startsWith("insertFrom") && event.dataTransfer) { // paste, drop: plain text
        event.preventDefault();
        const [target] = event.getTargetRanges();
        if (target) {
          const r = document.createRange();
          r.setStart(target.startContainer, target.startOffset);
          r.setEnd(target.endContainer, target.endOffset);
          select(r);
        }
        const text = event.dataTransfer.getData("text/plain").replace(/\r\n?/g, "\n");
        text.split("\n").forEach((line, index) => {
          if (index) document.execCommand("insertLineBreak") || document.execCommand("insertParagraph");
          if (line) document.execCommand("insertText", false, line);
        });
      }
    });
    editor.addEventListener("keydown", (event) => {
      if (event.altKey && event.key === "F10") { // to the toolbar
        event.preventDefault();
        return buttons.find((button) => button.tabIndex === 0).focus();
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const code = event.code.replace(/^(Key|Digit)/, "") || event.key.toUpperCase();
      const tool = TOOLS.find((candidate) => candidate[3] === (event.shiftKey ? "Shift+" : "") + code);
      if (tool) event.preventDefault(), run(tool[0]);
    });
    // The toolbar is one Tab stop: the arrows, Home and End move in it, Escape goes back.
    toolbar.addEventListener("keydown", (event) => {
      if (event.key === "Escape") return restore();
      const at = buttons.indexOf(document.activeElement);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: -1 }[event.key];
      if (to !== undefined) event.preventDefault(), buttons.at(to % buttons.length).focus();
    });
    toolbar.addEventListener("focusin", (event) => buttons.forEach((button) => {
      button.tabIndex = button === event.target ? 0 : -1;
    }));
    toolbar.addEventListener("mousedown", (event) => event.preventDefault()); // keeps the selection
  }

  document.addEventListener("selectionchange", () => {
    const node = getSelection().anchorNode;
    const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    const editor = element && element.closest(".rich-text-editor");
    if (controllers.has(editor)) controllers.get(editor)();
  });
  const enhanceIn = (root) => {
    if (root.matches && root.matches("textarea[data-rich-text]")) enhance(root);
    if (root.querySelectorAll) root.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
  };
  document.addEventListener("htmx:load", (event) => enhanceIn(event.target));
  if (document.readyState !== "loading") enhanceIn(document);
  else document.addEventListener("DOMContentLoaded", () => enhanceIn(document));
})();
