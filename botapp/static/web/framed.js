// In the embed's frame (botapp/web/embed.js): Escape asks the host page to close the chat.
addEventListener("keydown", function (event) {
  if (event.key == "Escape" && parent != window) parent.postMessage("advisor-chat:close", "*");
});
