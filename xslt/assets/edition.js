/* The web edition's behaviour. Everything works without it; with it: one view of the text at a time, or both side
   by side on a wide screen (paragraph against paragraph), the reader's place kept when the view changes; notes,
   names and the editors' explanations as cards (keyboard, touch, screen reader) instead of the browser's
   tooltips; names as links or plain text; the paragraph marks (¶) copy a citation link; the search page. The words
   it shows are the page's (html.xsl draws them from the edition's wording). No framework, no network. */
(function () {
  "use strict";
  var root = document.documentElement;
  var reading = document.getElementById("reading");
  var diplomatic = document.getElementById("diplomatic");
  var wordsElement = document.getElementById("edition-words");
  var words = wordsElement ? wordsElement.dataset : {};
  /* side by side from this width: two measures of text and the margins between them (edition.css agrees) */
  var wide = window.matchMedia("(min-width: 72rem)");

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage may be off */ }
  }
  function fill(template, values) {
    return String(template || "").replace(/\{(\d)\}/g, function (all, n) { return values[n - 1]; });
  }

  /* ===== Views: reading, diplomatic, or both side by side ===== */
  var nav = document.querySelector("nav.views");
  var BLOCKS = "p[id], div.p[id], li[id], h2[id], h3[id], h4[id], h5[id], h6[id], blockquote[id], figure[id], div.pb[id]";

  function viewOf(el) {
    for (; el; el = el.parentElement) {
      if (el === reading) return "reading";
      if (el === diplomatic) return "diplomatic";
    }
    return null;
  }

  /* the blocks of the two views that stand for each other (an id and the same id with dip- before it); blocks in a
     table are left to the table */
  function pairs() {
    var found = [];
    reading.querySelectorAll(BLOCKS).forEach(function (r) {
      var d = document.getElementById("dip-" + r.id);
      if (d && !r.closest("td, th") && !d.closest("td, th")) found.push([r, d]);
    });
    return found;
  }

  function bar() {
    return nav ? nav.getBoundingClientRect().bottom : 0;
  }

  /* the block at the top of the view shown, and how far below the bar it stands */
  function place() {
    var view = root.dataset.view === "diplomatic" ? diplomatic : reading;
    var top = bar();
    var blocks = view.querySelectorAll(BLOCKS);
    for (var i = 0; i < blocks.length; i++) {
      var r = blocks[i].getBoundingClientRect();
      if (r.bottom > top && r.height > 0) return { id: blocks[i].id.replace(/^dip-/, ""), offset: r.top - top };
    }
    return null;
  }

  /* scroll so that the block standing for the one at the top before stands where it stood */
  function restore(where) {
    if (!where) return;
    var prefix = root.dataset.view === "diplomatic" ? "dip-" : "";
    var target = document.getElementById(prefix + where.id);
    if (!target) {
      /* shown in one view only: the nearest block before it that both views have */
      var all = pairs(), index = -1;
      var other = document.getElementById((prefix ? "" : "dip-") + where.id);
      all.forEach(function (pair, i) {
        var mine = pair[prefix ? 1 : 0], theirs = pair[prefix ? 0 : 1];
        if (other && theirs.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING) index = i;
        if (mine.id === prefix + where.id) index = i;
      });
      target = index >= 0 ? all[index][prefix ? 1 : 0] : null;
    }
    if (target) window.scrollBy(0, target.getBoundingClientRect().top - bar() - where.offset);
  }

  /* side by side: each block of a view starts at the height of its counterpart in the other. One measure of the
     natural layout, then space added before the block that stands higher: a space shifts all that follows it in
     its column by as much, so the shifts are added up, not measured again. */
  function align() {
    var all = pairs();
    all.forEach(function (pair) { pair.forEach(function (el) { el.style.removeProperty("--align"); el.classList.remove("aligned"); }); });
    if (root.dataset.view !== "both") return;
    var tops = all.map(function (pair) {
      return [pair[0].getBoundingClientRect().top, pair[1].getBoundingClientRect().top];
    });
    var shift = [0, 0], space = [];
    tops.forEach(function (top, i) {
      var r = top[0] + shift[0], d = top[1] + shift[1];
      var side = r < d ? 0 : 1, gap = Math.abs(r - d);
      if (gap >= 0.5) {
        space.push([all[i][side], gap]);
        shift[side] += gap;
      }
    });
    space.forEach(function (s) {
      s[0].classList.add("aligned");
      s[0].style.setProperty("--align", s[1].toFixed(1) + "px");
    });
  }

  function show(view, buttons, keepPlace) {
    if (view === "both" && !wide.matches) view = "reading";
    var where = keepPlace ? place() : null;
    root.setAttribute("data-view", view);
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === view)); });
    align();
    restore(where);
  }

  if (reading && diplomatic && nav) {
    var toggle = nav.querySelector(".view-toggle");
    var buttons = toggle ? Array.prototype.slice.call(toggle.querySelectorAll("button")) : [];
    if (toggle) {
      toggle.hidden = false;
      nav.classList.add("views-ready");
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        store(wide.matches ? "edition-view-wide" : "edition-view", b.value);
        show(b.value, buttons, true);
      });
    });
    /* a linked paragraph or note stands below the sticky views bar, however many lines the bar takes */
    var clearBar = function () {
      root.style.scrollPaddingTop = Math.ceil(nav.getBoundingClientRect().height) + 8 + "px";
      root.classList.add("bar-measured");
    };
    var chosen = function () {
      var view = wide.matches ? stored("edition-view-wide") || "both" : stored("edition-view");
      return ["reading", "diplomatic", "both"].indexOf(view) >= 0 ? view : "reading";
    };
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
      /* a linked place in the view not shown: show that view (side by side, both are shown) */
      if (v && root.dataset.view !== "both" && root.dataset.view !== v) show(v, buttons, false);
      if (target && v) target.scrollIntoView();
    };
    clearBar();
    show(chosen(), buttons, false);
    follow();
    window.addEventListener("hashchange", follow);
    var resizing = null;
    window.addEventListener("resize", function () {
      clearBar();
      window.clearTimeout(resizing);
      resizing = window.setTimeout(function () { var where = place(); align(); restore(where); }, 150);
    });
    /* from a wide screen to a narrow one and back (a window resized, a tablet turned): the view chosen for it */
    wide.addEventListener("change", function () { show(chosen(), buttons, true); });
    /* the views' links in the bar show their view */
    nav.querySelectorAll('a[href="#reading"], a[href="#diplomatic"]').forEach(function (a) {
      a.addEventListener("click", function () {
        if (root.dataset.view !== "both") show(a.getAttribute("href").slice(1), buttons, false);
      });
    });

    /* ===== Names as links or as plain text ===== */
    var namesToggle = nav.querySelector(".names-toggle");
    if (namesToggle) {
      var box = namesToggle.querySelector("input");
      var names = document.querySelectorAll("main a.name");
      var linked = function (on) {
        box.checked = on;
        if (on) root.removeAttribute("data-names"); else root.setAttribute("data-names", "plain");
        /* plain names are not links: out of the tab order too */
        names.forEach(function (a) { if (on) a.removeAttribute("tabindex"); else a.setAttribute("tabindex", "-1"); });
      };
      namesToggle.hidden = !names.length;
      linked(stored("edition-names") !== "plain");
      box.addEventListener("change", function () {
        store("edition-names", box.checked ? "linked" : "plain");
        linked(box.checked);
      });
    }
  }

  /* ===== Cards ===== */
  /* A note's mark, a name: a card (a non-modal dialog, named) with the note or the register's words and a link on,
     opened by a click, a tap or Enter, closed by Escape, its button, or a click elsewhere; focus goes into it and
     back. The editors' explanations the browser would show as a tooltip (a correction, a deletion, an addition):
     a tooltip card, on hover, focus or tap, described to a screen reader (aria-describedby). */
  var card = null, cardOpener = null;
  var tip = null, tipOwner = null, tipTimer = null;

  function closeCard(returnFocus) {
    if (!card) return;
    card.remove();
    card = null;
    if (cardOpener) {
      cardOpener.setAttribute("aria-expanded", "false");
      if (returnFocus) cardOpener.focus();
    }
    cardOpener = null;
  }

  function placeBox(box, opener) {
    var r = opener.getBoundingClientRect();
    box.style.maxWidth = Math.min(416, document.documentElement.clientWidth - 16) + "px";
    var width = box.offsetWidth;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = r.bottom + window.scrollY + 6 + "px";
  }

  function openCard(opener, label, body, link, linkText) {
    closeCard(false);
    hideTip();
    card = document.createElement("div");
    card.className = "card";
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-label", label);
    card.tabIndex = -1;
    var content = document.createElement("div");
    content.className = "card-body";
    body.forEach(function (node) { content.appendChild(node); });
    card.appendChild(content);
    if (link) {
      var more = document.createElement("a");
      more.className = "card-more";
      more.href = link;
      more.textContent = linkText;
      more.addEventListener("click", function () { closeCard(false); });
      var p = document.createElement("p");
      p.className = "card-links";
      p.appendChild(more);
      card.appendChild(p);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "card-close";
    close.setAttribute("aria-label", words.close || "Close");
    close.textContent = "×";
    close.addEventListener("click", function () { closeCard(true); });
    card.appendChild(close);
    document.body.appendChild(card);
    placeBox(card, opener);
    cardOpener = opener;
    opener.setAttribute("aria-expanded", "true");
    card.focus();
  }

  /* a copy of part of the page for a card, without its ids (they stay the page's) */
  function copyOf(el) {
    var copy = el.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (x) { x.removeAttribute("id"); });
    return copy;
  }

  function noteCard(a) {
    var note = document.getElementById(a.getAttribute("href").slice(1));
    if (!note) return false;
    var body = note.querySelector(".note-body");
    var resp = note.querySelector(".note-resp");
    openCard(a, a.getAttribute("aria-label") || a.textContent, [body, resp].filter(Boolean).map(copyOf),
      "#" + note.id, words.toNote);
    return true;
  }

  function nameCard(a) {
    var text = document.createElement("p");
    text.textContent = a.dataset.tip || a.textContent;
    openCard(a, a.textContent, [text], a.getAttribute("href"), words.toEntry);
    return true;
  }

  function showTip(el) {
    window.clearTimeout(tipTimer);
    if (tipOwner === el) return;
    hideTip();
    tip = document.createElement("div");
    tip.className = "card card-tip";
    tip.id = "edition-tip";
    tip.setAttribute("role", "tooltip");
    tip.textContent = el.dataset.tip;
    document.body.appendChild(tip);
    placeBox(tip, el);
    tipOwner = el;
    el.setAttribute("aria-describedby", "edition-tip");
  }

  function hideTip() {
    window.clearTimeout(tipTimer);
    if (tip) tip.remove();
    if (tipOwner) tipOwner.removeAttribute("aria-describedby");
    tip = null;
    tipOwner = null;
  }

  var main = document.getElementById("main");
  if (main && reading) {
    /* the browser's tooltips become cards: the words move from title to data-tip */
    main.querySelectorAll(".texts [title], .notes [title], .doc-header .end-of-page[title]").forEach(function (el) {
      el.dataset.tip = el.getAttribute("title");
      el.removeAttribute("title");
    });
    main.querySelectorAll('.texts a[role="doc-noteref"], .texts a.name, .notes a.name').forEach(function (a) {
      a.setAttribute("aria-haspopup", "dialog");
      a.setAttribute("aria-expanded", "false");
    });
    main.addEventListener("click", function (ev) {
      if (ev.defaultPrevented || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      var a = ev.target.closest && ev.target.closest('a[role="doc-noteref"], a.name');
      if (a && main.contains(a) && !a.closest(".card")) {
        if (a.classList.contains("name") && root.dataset.names === "plain") return;
        if (cardOpener === a) { ev.preventDefault(); closeCard(false); return; }
        if (a.classList.contains("name") ? nameCard(a) : noteCard(a)) ev.preventDefault();
        return;
      }
      var owner = ev.target.closest && ev.target.closest("[data-tip]");
      if (owner && !owner.closest("a")) {
        /* a tap shows what a hover shows; a second tap hides it */
        if (tipOwner === owner) hideTip(); else showTip(owner);
      }
    });
    main.addEventListener("mouseover", function (ev) {
      var owner = ev.target.closest && ev.target.closest("[data-tip]");
      if (owner) {
        window.clearTimeout(tipTimer);
        tipTimer = window.setTimeout(function () { showTip(owner); }, 250);
      }
    });
    main.addEventListener("mouseout", function (ev) {
      var owner = ev.target.closest && ev.target.closest("[data-tip]");
      if (owner && !owner.contains(ev.relatedTarget)) {
        window.clearTimeout(tipTimer);
        tipTimer = window.setTimeout(hideTip, 150);
      }
    });
    main.addEventListener("focusin", function (ev) {
      if (ev.target.dataset && ev.target.dataset.tip) showTip(ev.target);
    });
    main.addEventListener("focusout", function (ev) {
      if (ev.target === tipOwner) hideTip();
    });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    if (card) closeCard(true);
    hideTip();
  });
  document.addEventListener("click", function (ev) {
    if (card && !card.contains(ev.target) && ev.target !== cardOpener && !(cardOpener && cardOpener.contains(ev.target))) closeCard(false);
    if (tip && tipOwner && !tipOwner.contains(ev.target)) hideTip();
  });
  document.addEventListener("focusin", function (ev) {
    if (card && !card.contains(ev.target) && ev.target !== cardOpener) closeCard(false);
  });

  /* ===== ¶ marks: follow the link and copy it ===== */
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
      status.textContent = fill(words.copied || "{1}", [url]);
      status.hidden = false;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { status.hidden = true; }, 2500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { /* no permission: the link still works */ });
    }
  });

  /* ===== The search page ===== */
  var form = document.getElementById("search-form");
  if (form) search(form);

  function search(form) {
    var input = form.querySelector('input[name="q"]');
    var filters = form.querySelector(".search-filters");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var statusLine = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var say = function (id) { var el = document.getElementById(id); if (el) el.hidden = false; };
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    /* opened from a folder: the browser does not let a page read the index beside it, and would fail silently */
    if (window.location.protocol === "file:") { say("search-needs-http"); return; }
    var base = new URL("pagefind/pagefind.js", document.currentScript ? document.currentScript.src : document.baseURI);
    var pagefind = null, generation = 0;
    import(base.href).then(function (module) {
      pagefind = module;
      return pagefind.options({ excerptLength: 24 });
    }).then(function () {
      /* the index is made in parts (pipeline/search.py): the first is this bundle, parts.json lists the others */
      return fetch(new URL("parts.json", base)).then(function (answer) { return answer.ok ? answer.json() : []; });
    }).then(function (parts) {
      return Promise.all((Array.isArray(parts) ? parts : []).filter(function (part) {
        return typeof part === "string" && /^part-[0-9]+\/$/.test(part);
      }).map(function (part) { return pagefind.mergeIndex(new URL(part, base).href); }));
    }).then(function () { return pagefind.filters(); }).then(function (available) {
      selects.forEach(function (select) {
        var values = Object.keys((available || {})[select.name] || {}).sort(function (a, b) { return a.localeCompare(b); });
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        });
        select.value = params.get(select.name) || "";
        select.closest("label").hidden = !values.length;
      });
      filters.hidden = false;
      run();
    }).catch(function () { say("search-unavailable"); });

    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(true); });
    selects.forEach(function (select) { select.addEventListener("change", function () { run(true); }); });

    function run(remember) {
      if (!pagefind) return;
      var query = input.value.trim(), chosen = {}, any = false;
      selects.forEach(function (select) { if (select.value) { chosen[select.name] = [select.value]; any = true; } });
      if (remember) {
        var address = new URLSearchParams();
        if (query) address.set("q", query);
        selects.forEach(function (select) { if (select.value) address.set(select.name, select.value); });
        window.history.replaceState(null, "", "?" + address.toString());
      }
      var mine = ++generation;
      results.textContent = "";
      if (!query && !any) { statusLine.textContent = ""; return; }
      statusLine.textContent = form.dataset.searching;
      pagefind.search(query || null, { filters: chosen }).then(function (found) {
        return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); }));
      }).then(function (pages) {
        if (mine !== generation) return;
        statusLine.textContent = pages.length === 0 ? form.dataset.none
          : pages.length === 1 ? form.dataset.one : fill(form.dataset.many, [pages.length]);
        pages.forEach(function (page) { results.appendChild(resultOf(page)); });
      }).catch(function () { say("search-unavailable"); });
    }
  }

  /* one document's result: its title, and each paragraph (or note) where a word is found, linked, with the words
     around it. The page's address is Pagefind's (from the server's root: Pagefind takes the folder its index is
     in for the site's); the paragraph is the last element with an id, of those that hold text, before the word. */
  function resultOf(page) {
    var section = document.createElement("section");
    section.className = "search-result";
    var address = new URL(page.url, window.location.href);
    var h = document.createElement("h2");
    var title = document.createElement("a");
    title.href = address.href;
    title.textContent = page.meta.title;
    h.appendChild(title);
    section.appendChild(h);
    var content = (page.raw_content || page.content || "").split(/\s+/).filter(Boolean);
    var blocks = (page.anchors || []).filter(function (a) { return /^(p|li|div|h[1-6]|blockquote|aside|td)$/i.test(a.element); });
    var seen = {}, passages = [];
    (page.locations || []).forEach(function (location) {
      var anchor = null;
      blocks.forEach(function (a) { if (a.location <= location) anchor = a; });
      if (anchor && !seen[anchor.id]) {
        seen[anchor.id] = true;
        passages.push([anchor, location]);
      }
    });
    var list = document.createElement("ul");
    passages.slice(0, 8).forEach(function (passage) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = address.href.split("#")[0] + "#" + encodeURIComponent(passage[0].id);
      var at = passage[1];
      var before = content.slice(Math.max(0, at - 10), at).join(" ");
      var mark = document.createElement("mark");
      mark.textContent = content[at] || "";
      a.appendChild(document.createTextNode((at > 10 ? "… " : "") + before + " "));
      a.appendChild(mark);
      a.appendChild(document.createTextNode(" " + content.slice(at + 1, at + 14).join(" ") + " …"));
      li.appendChild(a);
      list.appendChild(li);
    });
    if (passages.length > 8) {
      var more = document.createElement("li");
      more.className = "search-more";
      more.textContent = fill(document.getElementById("search-form").dataset.more, [passages.length - 8]);
      list.appendChild(more);
    }
    section.appendChild(list);
    return section;
  }
})();
