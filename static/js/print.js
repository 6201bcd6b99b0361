// Paper shows what the screen folds away: FAQ answers, the source list, bios. print.css opens
// closed <details> where the browser lets CSS style ::details-content; elsewhere closed details
// print empty, so this opens them just before printing and closes the same ones afterwards.
// Without JavaScript nothing is lost on screen: the content is one click away.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
