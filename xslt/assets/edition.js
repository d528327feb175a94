/* The web edition's behaviour: everything works without it; with it, one view of the text at a time (a toggle),
   and the paragraph marks (¶) copy a citation link. No framework, no network. */
(function () {
  "use strict";
  var reading = document.getElementById("reading");
  var diplomatic = document.getElementById("diplomatic");
  var root = document.documentElement;

  function viewOf(el) {
    while (el) {
      if (el === reading) return "reading";
      if (el === diplomatic) return "diplomatic";
      el = el.parentElement;
    }
    return null;
  }

  function show(view, buttons) {
    root.setAttribute("data-view", view);
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === view)); });
    try { window.localStorage.setItem("edition-view", view); } catch (e) { /* storage may be off */ }
  }

  if (reading && diplomatic) {
    var nav = document.querySelector("nav.views");
    var group = document.createElement("div");
    group.className = "view-toggle";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Show the text as");
    var buttons = [["reading", "Reading"], ["diplomatic", "Diplomatic"]].map(function (v) {
      var b = document.createElement("button");
      b.type = "button";
      b.value = v[0];
      b.textContent = v[1];
      b.addEventListener("click", function () { show(v[0], buttons); });
      group.appendChild(b);
      return b;
    });
    if (nav) nav.insertBefore(group, nav.firstChild);
    /* a linked paragraph or note stands below the sticky views bar, however many lines the bar takes */
    var clearBar = function () {
      if (!nav) return;
      root.style.scrollPaddingTop = Math.ceil(nav.getBoundingClientRect().height) + 8 + "px";
      root.classList.add("bar-measured");
    };
    clearBar();
    window.addEventListener("resize", clearBar);

    var stored = null;
    try { stored = window.localStorage.getItem("edition-view"); } catch (e) { /* ignore */ }
    /* a fragment is percent-decoded; a malformed escape (%E0%A4%A, a stray %) is taken as it stands, and the
       rest of the script goes on (decodeURIComponent throws on it) */
    var fragment = function () {
      var raw = window.location.hash.slice(1);
      try { return decodeURIComponent(raw); } catch (e) { return raw; }
    };
    var follow = function () {
      var id = fragment();
      var target = id && document.getElementById(id);
      var v = target === diplomatic ? "diplomatic" : target === reading ? "reading" : viewOf(target);
      if (v) show(v, buttons);
      if (target && v) target.scrollIntoView();
    };
    show(stored === "diplomatic" ? "diplomatic" : "reading", buttons);
    follow();
    window.addEventListener("hashchange", follow);
    /* the views' links in the nav switch the view too */
    document.querySelectorAll('nav.views a[href="#reading"], nav.views a[href="#diplomatic"]').forEach(function (a) {
      a.addEventListener("click", function () { show(a.getAttribute("href").slice(1), buttons); });
    });
  }

  /* ¶ marks: follow the link and copy it */
  var status = document.createElement("div");
  status.className = "copied";
  status.setAttribute("role", "status");
  status.hidden = true;
  document.body.appendChild(status);
  var timer = null;
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.cite-link");
    if (!a) return;
    var url = window.location.href.split("#")[0] + a.getAttribute("href");
    var done = function () {
      status.textContent = "Link copied: " + url;
      status.hidden = false;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { status.hidden = true; }, 2500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { /* no permission: the link still works */ });
    }
  });
})();
