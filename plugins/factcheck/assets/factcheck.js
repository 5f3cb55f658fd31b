/* Fact-check enhancements: annotation popovers and the facts index filters.
 * Vanilla JS, no network. Every string shown comes from editor data, so the DOM is
 * built with createElement/textContent only, never innerHTML. */
(function () {
  "use strict";

  var POPOVER_ID = "fc-popover";
  var DEFAULT_SORT = "claim-date-desc";
  var open = null; // {popover, trigger} of the one open popover

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Resolve against the page and accept only http(s): blocks javascript:, data: and the like.
  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      var url = new URL(value, document.baseURI);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  // -- words ----------------------------------------------------------------

  // The site's language comes from the plugin's catalogue, written into the head as JSON.
  var FALLBACK_WORDS = {
    close: "Close",
    sources: "Sources",
    read_more: "Read the full fact check",
    said: "{claimant} said:",
    our_verdict: "Our verdict:",
    showing_one: "Showing {shown} of {total} facts",
    showing_many: "Showing {shown} of {total} facts"
  };

  function words() {
    var script = document.getElementById("fc-strings");
    if (script) {
      try {
        var data = JSON.parse(script.textContent);
        if (data && typeof data === "object") return data;
      } catch (error) { /* fall back to English */ }
    }
    return FALLBACK_WORDS;
  }

  function say(key, values) {
    var phrase = text(words()[key]) || FALLBACK_WORDS[key] || key;
    return phrase.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // -- popovers -------------------------------------------------------------

  function popoverData() {
    var script = document.querySelector("script.fc-popover-data");
    if (!script) return {};
    try {
      var data = JSON.parse(script.textContent);
      return data && typeof data === "object" ? data : {};
    } catch (error) {
      return {};
    }
  }

  function buildPopover(fact, trigger) {
    var popover = el("div", "fc-popover");
    popover.id = POPOVER_ID;
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-labelledby", POPOVER_ID + "-who " + POPOVER_ID + "-claim");
    popover.tabIndex = -1;

    var close = el("button", "fc-popover__close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", say("close"));
    close.addEventListener("click", function () { closePopover(true); });
    popover.appendChild(close);

    // What was claimed and by whom, then our verdict on it.
    var who = el("p", "fc-popover__who", say("said", { claimant: text(fact.claimant) }));
    who.id = POPOVER_ID + "-who";
    popover.appendChild(who);
    var claim = el("blockquote", "fc-popover__claim");
    var claimText = el("p", "", "\u201c" + text(fact.claim) + "\u201d");
    claimText.id = POPOVER_ID + "-claim";
    claim.appendChild(claimText);
    popover.appendChild(claim);

    var heading = el("p", "fc-popover__verdict");
    var verdict = /^[a-z0-9-]+$/.test(text(fact.verdict)) ? fact.verdict : "unknown";
    heading.appendChild(el("span", "fc-popover__label", say("our_verdict")));
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(el("span", "fc-badge fc-badge--" + verdict, say("verdict." + verdict)));
    popover.appendChild(heading);
    if (fact.summary) popover.appendChild(el("p", "fc-popover__summary", text(fact.summary)));

    var sources = Array.isArray(fact.sources) ? fact.sources : [];
    var list = el("ul", "fc-popover__sources");
    sources.forEach(function (source) {
      var href = source && safeUrl(source.url);
      if (!href) return; // a source without a safe link is left out rather than shown dead
      var item = el("li");
      var link = el("a", "", text(source.title) || href);
      link.href = href;
      link.rel = "noopener noreferrer nofollow ugc";
      item.appendChild(link);
      if (source.publisher) item.appendChild(document.createTextNode(", " + text(source.publisher)));
      list.appendChild(item);
    });
    if (list.children.length) {
      popover.appendChild(el("p", "fc-popover__sources-heading", say("sources")));
      popover.appendChild(list);
    }

    var more = el("p", "fc-popover__more");
    var moreLink = el("a", "", say("read_more"));
    moreLink.href = safeUrl(fact.url) || trigger.href;
    more.appendChild(moreLink);
    popover.appendChild(more);
    return popover;
  }

  // Below the passage's last line when it fits, above it otherwise (the last annotation on a page), and always
  // inside the viewport: never past the page's end or its edges.
  function place(popover, trigger) {
    var lines = trigger.getClientRects();
    var rect = lines.length ? lines[lines.length - 1] : trigger.getBoundingClientRect();
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = document.documentElement.clientHeight;
    var margin = 8;
    var gap = 6;
    popover.style.maxHeight = viewportHeight - 2 * margin + "px";
    var width = popover.offsetWidth;
    var height = popover.offsetHeight;
    var left = Math.max(margin, Math.min(rect.left, viewportWidth - width - margin));
    var below = viewportHeight - rect.bottom - gap - margin;
    var above = (lines.length ? lines[0].top : rect.top) - gap - margin;
    var top = height <= below || below >= above ? rect.bottom + gap : (lines.length ? lines[0].top : rect.top) - gap - height;
    top = Math.max(margin, Math.min(top, viewportHeight - height - margin));
    popover.style.left = left + window.scrollX + "px";
    popover.style.top = top + window.scrollY + "px";
  }

  function openPopover(trigger) {
    var fact = popoverData()[trigger.getAttribute("data-fact")];
    if (!fact) return false; // no data: let the link navigate
    closePopover(false);
    var popover = buildPopover(fact, trigger);
    // Appended to body so no overflow:auto ancestor (tables) clips it.
    document.body.appendChild(popover);
    place(popover, trigger);
    trigger.setAttribute("aria-expanded", "true");
    trigger.setAttribute("aria-controls", POPOVER_ID);
    open = { popover: popover, trigger: trigger };
    popover.focus();
    return true;
  }

  function closePopover(returnFocus) {
    if (!open) return;
    var current = open;
    open = null;
    current.popover.remove();
    current.trigger.setAttribute("aria-expanded", "false");
    current.trigger.removeAttribute("aria-controls");
    if (returnFocus && current.trigger.isConnected) current.trigger.focus();
  }

  function annotationFrom(target) {
    return target instanceof Element ? target.closest("a.fc-annotation[data-fact]") : null;
  }

  function onClick(event) {
    var trigger = annotationFrom(event.target);
    if (trigger) {
      // Modified clicks keep their usual meaning (new tab, download).
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      if (open && open.trigger === trigger) {
        closePopover(true);
      } else if (!openPopover(trigger)) {
        return;
      }
      event.preventDefault();
      event.stopPropagation(); // keep Material's instant navigation from following the link
      return;
    }
    if (open && !open.popover.contains(event.target)) closePopover(false);
  }

  function onKeydown(event) {
    var trigger = annotationFrom(event.target);
    // Enter on a link already fires a click; Space needs its own handler.
    if (trigger && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      if (open && open.trigger === trigger) closePopover(true);
      else openPopover(trigger);
      return;
    }
    if (!open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closePopover(true);
    } else if (event.key === "Tab" && open.popover.contains(event.target)) {
      var focusable = open.popover.querySelectorAll("a[href], button");
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && (event.target === open.popover || event.target === focusable[0])) {
        event.preventDefault();
        closePopover(true);
      } else if (!event.shiftKey && event.target === last) {
        // Return to the trigger and let the browser's Tab carry on from there, to the text after it.
        closePopover(true);
      }
    }
  }

  function onFocusIn(event) {
    if (open && !open.popover.contains(event.target) && event.target !== open.trigger) closePopover(false);
  }

  function initAnnotations() {
    closePopover(false); // a popover left over from the previous page (instant navigation)
    document.querySelectorAll("a.fc-annotation[data-fact]").forEach(function (trigger) {
      trigger.setAttribute("aria-haspopup", "dialog");
      trigger.setAttribute("aria-expanded", "false");
    });
  }

  // -- facts index ----------------------------------------------------------

  function optionValues(select) {
    return Array.prototype.map.call(select.options, function (option) { return option.value; });
  }

  function compareRows(sort) {
    function date(row) { return row.getAttribute("data-date") || ""; }
    function number(row, name) { return Number(row.getAttribute(name)) || 0; }
    function title(row) {
      var link = row.querySelector("a");
      return (link ? link.textContent : row.textContent).trim();
    }
    return function (a, b) {
      var order = 0;
      if (sort === "claim-date-asc") order = date(a).localeCompare(date(b));
      else if (sort === "verdict") order = number(a, "data-verdict-rank") - number(b, "data-verdict-rank");
      else if (sort === "title") order = title(a).localeCompare(title(b), undefined, { sensitivity: "base" });
      if (!order && sort !== "claim-date-asc" && sort !== "title") order = date(b).localeCompare(date(a));
      return order || number(a, "data-rank") - number(b, "data-rank"); // stable: fall back to page order
    };
  }

  function initIndex(root) {
    if (root.hasAttribute("data-fc-ready")) return;
    root.setAttribute("data-fc-ready", "");
    var form = root.querySelector("form[data-fc-filters]");
    if (!form) return;
    var rows = Array.prototype.slice.call(root.querySelectorAll("tr.fc-table__row"));
    var controls = { verdict: form.elements.verdict, topic: form.elements.topic, q: form.elements.q, sort: form.elements.sort };
    var status = root.querySelector("[data-fc-status]");
    var empty = root.querySelector("[data-fc-empty]");
    var searchable = rows.map(function (row) { return row.textContent.replace(/\s+/g, " ").toLowerCase(); });

    // A shared URL restores the view; values that are not options are ignored.
    var params = new URLSearchParams(window.location.search);
    ["verdict", "topic", "sort"].forEach(function (name) {
      var value = params.get(name);
      if (controls[name] && value !== null && optionValues(controls[name]).indexOf(value) !== -1) controls[name].value = value;
    });
    if (controls.q && params.get("q")) controls.q.value = params.get("q");

    function update() {
      var verdict = controls.verdict ? controls.verdict.value : "";
      var topic = controls.topic ? controls.topic.value : "";
      var query = controls.q ? controls.q.value.trim().toLowerCase() : "";
      var sort = controls.sort ? controls.sort.value : DEFAULT_SORT;
      var counts = {};
      var shown = 0;
      rows.forEach(function (row, index) {
        var topics = (row.getAttribute("data-topics") || "").split(/\s+/);
        var match = (!verdict || row.getAttribute("data-verdict") === verdict) &&
          (!topic || topics.indexOf(topic) !== -1) &&
          (!query || searchable[index].indexOf(query) !== -1);
        row.hidden = !match;
        if (match) {
          shown += 1;
          counts[row.getAttribute("data-verdict")] = (counts[row.getAttribute("data-verdict")] || 0) + 1;
        }
      });
      if (rows.length) {
        var body = rows[0].parentNode;
        rows.slice().sort(compareRows(sort)).forEach(function (row) { body.appendChild(row); });
      }
      root.querySelectorAll("[data-count-for]").forEach(function (count) {
        count.textContent = String(counts[count.getAttribute("data-count-for")] || 0);
      });
      if (status) status.textContent = say(shown === 1 ? "showing_one" : "showing_many", { shown: shown, total: rows.length });
      if (empty) empty.hidden = shown > 0;

      var url = new URL(window.location.href);
      [["verdict", verdict], ["topic", topic], ["q", query ? controls.q.value.trim() : ""],
        ["sort", sort === DEFAULT_SORT ? "" : sort]].forEach(function (pair) {
        if (pair[1]) url.searchParams.set(pair[0], pair[1]);
        else url.searchParams.delete(pair[0]);
      });
      // history.state is Material's scroll offset; keep it.
      window.history.replaceState(window.history.state, "", url.href);
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.hidden = false;
    update();
  }

  // -- start ----------------------------------------------------------------

  function initPage() {
    initAnnotations();
    document.querySelectorAll("[data-fc-index]").forEach(initIndex);
  }

  // Everything is bound once per document: instant navigation keeps the document (and this script).
  if (window.__factcheckStarted) return;
  window.__factcheckStarted = true;
  document.addEventListener("click", onClick, true); // capture: before Material's instant-navigation listener
  document.addEventListener("keydown", onKeydown, true);
  document.addEventListener("focusin", onFocusIn);
  window.addEventListener("resize", function () { if (open) place(open.popover, open.trigger); });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPage);
  } else {
    initPage();
  }
})();
