// The send-back form has three empty comment rows, which is enough without JavaScript; this
// adds more on request, numbering each new row as Django's formset expects.
(function () {
  "use strict";
  var button = document.getElementById("add-comment-row");
  var template = document.getElementById("comment-row-template");
  var rows = document.getElementById("comment-rows");
  var total = document.getElementById("id_comments-TOTAL_FORMS");
  var maximum = document.getElementById("id_comments-MAX_NUM_FORMS");
  if (!button || !template || !rows || !total || !maximum) {
    return;
  }
  var limit = parseInt(maximum.value, 10);
  button.hidden = parseInt(total.value, 10) >= limit;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (index >= limit) {
      return;
    }
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild.querySelector("select");
    if (added) {
      added.focus();
    }
    button.hidden = index + 1 >= limit;
  });
})();
