// Open each map diagram with its first question in view (the layout may be wider than the page).
document.querySelectorAll(".map-diagram").forEach(function (frame) {
  var start = frame.querySelector(".step.start rect");
  if (!start) return;
  var x = parseFloat(start.getAttribute("x")) + parseFloat(start.getAttribute("width")) / 2;
  frame.scrollLeft = Math.max(0, x - frame.clientWidth / 2);
  frame.scrollTop = Math.max(0, parseFloat(start.getAttribute("y")) - 20);
});
