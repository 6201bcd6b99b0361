// The guide's table of contents marks the section being read (aria-current="location").
// Progressive: without JavaScript, or without IntersectionObserver, the contents are plain links
// and the guide reads the same.
(function () {
  "use strict";
  var toc = document.querySelector(".toc");
  if (!toc || !("IntersectionObserver" in window)) return;
  var entries = [];
  toc.querySelectorAll('a[href^="#"]').forEach(function (link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) entries.push({ link: link, target: target });
  });
  if (!entries.length) return;
  var current = null;

  // The current section is the last heading above a line a third of the way down the window.
  // The observer only says when a heading crosses that line (its root is the window's top
  // third), so nothing runs while the reader stays inside one section.
  function update() {
    var line = window.innerHeight * 0.34;
    var found = null;
    entries.forEach(function (entry) {
      if (entry.target.getBoundingClientRect().top <= line) found = entry.link;
    });
    if (found === current) return;
    if (current) current.removeAttribute("aria-current");
    if (found) found.setAttribute("aria-current", "location");
    current = found;
  }

  var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -66% 0px" });
  entries.forEach(function (entry) { observer.observe(entry.target); });
  update();
})();
