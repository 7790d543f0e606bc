/* A map's web chat on any site: <script src="https://APP/embed.js" data-map="NAME" async>
   adds a chat bubble that opens the chat page in a frame (docs/web.md). Styled through
   element.style, which a host's style-src allows; data-map, data-label (the bubble's words) and
   data-title are only ever text. */
(function () {
  var script = document.currentScript ||
    document.querySelector('script[src$="/embed.js"][data-map]');
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var chat = origin + "/chat/" + encodeURIComponent(script.getAttribute("data-map") || "") + "/";
  var label = script.getAttribute("data-label") || "Chat";
  var open = false, button, panel, frame;

  function style(element, rules) {
    for (var key in rules) element.style[key] = rules[key];
    return element;
  }

  function toggle(show) {
    open = show;
    if (show && !frame) {
      frame = style(document.createElement("iframe"), {
        width: "100%", height: "100%", border: "0", display: "block"
      });
      frame.src = chat;
      frame.title = script.getAttribute("data-title") || label;
      panel.appendChild(frame);
    }
    panel.style.display = show ? "block" : "none";
    button.setAttribute("aria-expanded", String(show));
  }

  function close() {
    if (open) {
      toggle(false);
      button.focus();
    }
  }

  function start() {
    var box = style(document.createElement("div"), {
      position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
      display: "flex", flexDirection: "column-reverse", alignItems: "flex-end", gap: "8px"
    });
    button = style(document.createElement("button"), {
      font: "bold 16px system-ui, sans-serif", padding: "12px 18px", color: "#fff",
      background: "#0b57d0", border: "2px solid #fff", borderRadius: "24px",
      boxShadow: "0 2px 8px #0006", cursor: "pointer", outlineOffset: "2px"
    });
    button.type = "button";
    button.textContent = label;
    button.setAttribute("aria-controls", "advisor-chat");
    button.onclick = function () { toggle(!open); };
    button.onfocus = button.onblur = function (event) {
      button.style.outline = event.type == "focus" ? "3px solid #e37400" : "";
    };
    panel = style(document.createElement("div"), {
      width: "min(400px, calc(100vw - 32px))", height: "min(600px, calc(100vh - 96px))",
      background: "#fff", border: "1px solid #5f6368", borderRadius: "12px",
      overflow: "hidden", boxShadow: "0 4px 16px #0006"
    });
    panel.id = "advisor-chat";
    box.appendChild(button);
    box.appendChild(panel);
    document.body.appendChild(box);
    toggle(false);
    document.addEventListener("keydown", function (event) {
      if (event.key == "Escape") close();
    });
    addEventListener("message", function (event) {
      if (event.origin == origin && frame && event.source == frame.contentWindow &&
          event.data == "advisor-chat:close") close();
    });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
