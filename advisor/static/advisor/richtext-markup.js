// Telegram HTML in the message editor (advisor/static/advisor/richtext.js): a stored message
// parsed into the editor's content, and the content written back. Only <b> <i> <u> <s> <code>
// <a href> <blockquote>, "\n" for a new line, & < > written &amp; &lt; &gt; (and " as &quot; in
// an address). A stored message is parsed in an inert document (DOMParser: nothing in it loads
// or runs) and only those tags are rebuilt from it.
window.AdvisorMarkup = (function () {
  "use strict";
  const TAGS = { B: "b", STRONG: "b", I: "i", EM: "i", U: "u", INS: "u", S: "s", STRIKE: "s",
    DEL: "s", CODE: "code", A: "a", BLOCKQUOTE: "blockquote" };
  const BLOCKS = new Set(["DIV", "P", "BLOCKQUOTE", "LI"]);
  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

  function el(tag, attrs = {}, ...children) {
    const element = document.createElement(tag);
    Object.entries(attrs).forEach(([name, value]) => element.setAttribute(name, value));
    element.append(...children);
    return element;
  }
  const escape = (text, pattern) => text.replace(pattern, (c) => ENTITIES[c]);
  const edge = (node) => node.nodeName === "BR" || BLOCKS.has(node.nodeName);
  const lines = (text) => text.split("\n").flatMap((line, index) =>
    [index ? el("br") : null, line ? document.createTextNode(line) : null].filter(Boolean));

  // A web address a link may lead to (https:// or http:// only), or null.
  function webAddress(value) {
    const href = (value || "").trim();
    try {
      return /^https?:\/\/[^\s/?#]+\S*$/i.test(href) && new URL(href) ? href : null;
    } catch {
      return null;
    }
  }

  // A <br> ending its block (or the text) shows no line: browsers add one where the last line is
  // empty.
  function placeholder(br, root) {
    const shows = (next) =>
      edge(next) || next.textContent || (next.nodeType === Node.ELEMENT_NODE && next.querySelector("br"));
    for (let node = br; node !== root && !BLOCKS.has(node.nodeName); node = node.parentNode) {
      for (let next = node.nextSibling; next; next = next.nextSibling) if (shows(next)) return false;
    }
    return true;
  }

  function tagOf(node, open) {
    const name = TAGS[node.nodeName];
    const href = name === "a" && webAddress(node.getAttribute("href"));
    if (!name || (name === "a" && !href)) return null;
    if (open.some((tag) => [name, "code"].includes(tag.name))) return null; // Telegram: not inside
    return { name, start: href ? `<a href="${escape(href, /[&<>"]/g)}">` : `<${name}>` };
  }

  // The content as Telegram HTML, or (plain) as its text, lines ending in "\n". A tag opens with
  // its first text (an empty one is left out); a block (a quote, or a line a browser made a <div>)
  // ends the line before it and its own last line.
  function serialize(root, plain) {
    let out = "", pending = "", lineOpen = false;
    const open = [];
    const write = (text) => {
      out += pending;
      pending = "";
      open.forEach((tag) => { if (!tag.written) out += tag.start; tag.written = true; });
      text = text.replace(/\u00a0/g, " "); // a space browsers typed as no-break, lest it vanish
      out += plain ? text : escape(text, /[&<>]/g);
      lineOpen = !text.endsWith("\n");
    };
    const endLine = () => { if (lineOpen) pending += "\n"; lineOpen = false; };
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.data && write(node.data);
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (node.nodeName === "BR") return placeholder(node, root) ? (lineOpen = true) : write("\n");
      const block = BLOCKS.has(node.nodeName), tag = !plain && tagOf(node, open);
      if (block) endLine();
      if (tag) open.push(tag);
      node.childNodes.forEach(walk);
      if (tag && open.pop().written) out += `</${tag.name}>`;
      if (block) endLine();
    };
    root.childNodes.forEach(walk);
    return out;
  }

  // The stored message as the editor's content: the allowed tags, and text for all the rest.
  function load(value, root) {
    const html = "<body>" + value.replace(/\r\n?/g, "\n");
    const parsed = new DOMParser().parseFromString(html, "text/html");
    root.replaceChildren();
    copy(parsed.body, root);
    showLastLine(root);
  }
  function copy(from, to) {
    from.childNodes.forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE) { // the line break after a quote is the quote's own end
        const after = to.lastChild && to.lastChild.nodeName === "BLOCKQUOTE";
        return to.append(...lines(after ? node.data.replace(/^\n/, "") : node.data));
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const name = TAGS[node.nodeName], href = name === "a" && webAddress(node.getAttribute("href"));
      if (!name || (name === "a" && !href)) return copy(node, to); // its text only
      const element = to.appendChild(el(name, href ? { href } : {}));
      copy(node, element);
      if (name === "blockquote") showLastLine(element);
    });
  }
  // A text ending with a line break gets the <br> that shows its empty last line.
  function showLastLine(container) {
    let last = container.lastChild;
    while (last && last.lastChild && !BLOCKS.has(last.nodeName)) last = last.lastChild;
    if (last && last.nodeName === "BR") container.append(el("br"));
  }

  return { BLOCKS, el, edge, lines, webAddress, placeholder, serialize, load, showLastLine };
})();
