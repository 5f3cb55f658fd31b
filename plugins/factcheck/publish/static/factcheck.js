/* Fact-check enhancements: annotation popovers, the facts index filters and search.
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
        if (data && typeof data === "object" && data.strings && typeof data.strings === "object") return data.strings;
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
    close.setAttribute("aria-label", t("close"));
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
      popover.appendChild(el("p", "fc-popover__sources-heading", t("sources")));
      popover.appendChild(list);
    }

    var more = el("p", "fc-popover__more");
    var moreLink = el("a", "", t("read_more"));
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

  // -- words shown -----------------------------------------------------------

  // The head template writes the plugin's strings (and the rating scale's labels) as JSON on every page.
  function pageData() {
    var script = document.getElementById("fc-strings");
    try {
      var data = script ? JSON.parse(script.textContent) : null;
      return data && typeof data === "object" ? data : {};
    } catch (error) {
      return {};
    }
  }

  function t(key, values) {
    var strings = pageData().strings || {};
    var value = text(strings[key]) || key;
    Object.keys(values || {}).forEach(function (name) { value = value.split("{" + name + "}").join(String(values[name])); });
    return value;
  }

  // Material's own translations of its search texts, from its page configuration.
  function materialText(key, count) {
    var config = document.getElementById("__config");
    var value = "";
    try { value = text(JSON.parse(config.textContent).translations[key]); } catch (error) { value = ""; }
    return value.replace("#", String(count));
  }

  // -- facts index ----------------------------------------------------------
  // Each page of the index holds one page of rows; the filters load every row (facts/index.json) on first
  // use, so they cover the whole archive while a reader who only looks downloads one page.

  var rowsCache = {};

  function loadRows(url) {
    if (!rowsCache[url]) {
      rowsCache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).catch(function (error) { delete rowsCache[url]; throw error; });
    }
    return rowsCache[url];
  }

  function optionValues(select) {
    return Array.prototype.map.call(select.options, function (option) { return option.value; });
  }

  // A row of the data file: [url, title, claim, claimant, verdict, topics, date, date as shown, group].
  // Every order keeps the index's groups; within a group it sorts as asked, then falls back to the index's
  // own order, which is also the order of the pages without JavaScript.
  function compareFacts(sort) {
    return function (a, b) {
      var order = (a.row[8] || 0) - (b.row[8] || 0);
      if (!order && sort === "claim-date-asc") order = a.row[6].localeCompare(b.row[6]);
      else if (!order && sort === "verdict") order = a.row[4] - b.row[4];
      else if (!order && sort === "title") order = a.row[1].localeCompare(b.row[1], undefined, { sensitivity: "base" });
      if (!order && sort !== "claim-date-asc" && sort !== "title") order = b.row[6].localeCompare(a.row[6]);
      return order || a.rank - b.rank;
    };
  }

  function badge(key, label) {
    var verdict = /^[a-z0-9-]+$/.test(text(key)) ? key : "unknown";
    return el("span", "fc-badge fc-badge--" + verdict, text(label) || verdict);
  }

  function cell(className, label) {
    var td = el("td", className);
    td.setAttribute("data-label", t(label));
    return td;
  }

  function buildRow(fact, data, base) {
    var row = fact.row;
    var verdict = data.verdicts[row[4]] || ["unknown", ""];
    var tr = el("tr", "fc-table__row");
    tr.setAttribute("data-verdict", verdict[0]);
    var verdictCell = cell("fc-table__verdict", "index_verdict");
    verdictCell.appendChild(badge(verdict[0], verdict[1]));
    tr.appendChild(verdictCell);
    var claim = cell("fc-table__claim", "index_claim");
    var link = el("a", "", text(row[1]));
    link.href = safeUrl(new URL(text(row[0]), base).href) || "#";
    claim.appendChild(link);
    claim.appendChild(document.createTextNode(" "));
    claim.appendChild(el("span", "fc-table__quote", "\u201c" + text(row[2]) + "\u201d (" + text(row[3]) + ")"));
    tr.appendChild(claim);
    var topics = cell("fc-table__topics", "index_topics");
    (Array.isArray(row[5]) ? row[5] : []).forEach(function (index, n) {
      if (n) topics.appendChild(document.createTextNode(", "));
      topics.appendChild(el("span", "fc-topic", text((data.topics[index] || [])[1])));
    });
    tr.appendChild(topics);
    var date = cell("fc-table__date", "index_claim_date");
    var time = el("time", "", text(row[7]));
    time.setAttribute("datetime", text(row[6]));
    date.appendChild(time);
    tr.appendChild(date);
    return tr;
  }

  function groupHeading(label, count) {
    var tr = el("tr", "fc-table__group");
    var th = el("th", "", text(label) + " ");
    th.colSpan = 4;
    th.setAttribute("scope", "rowgroup");
    th.appendChild(el("span", "fc-table__group-count", "(" + count + ")"));
    tr.appendChild(th);
    return tr;
  }

  // The verdict chips are plain text without JavaScript; here they become toggle buttons for the verdict
  // filter, in place and with the same look, so nothing moves.
  function makeChips(root, controls, update) {
    var chips = [];
    root.querySelectorAll("[data-fc-chip]").forEach(function (chip) {
      var button = el("button", chip.className);
      button.type = "button";
      button.setAttribute("data-fc-chip", chip.getAttribute("data-fc-chip"));
      while (chip.firstChild) button.appendChild(chip.firstChild);
      chip.parentNode.replaceChild(button, chip);
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-fc-chip");
        controls.verdict.value = controls.verdict.value === key ? "" : key;
        update();
      });
      chips.push(button);
    });
    return chips;
  }

  function initIndex(root) {
    if (root.hasAttribute("data-fc-ready")) return;
    root.setAttribute("data-fc-ready", "");
    var form = root.querySelector("form[data-fc-filters]");
    var table = root.querySelector("table.fc-table");
    if (!form || !table) return;
    var controls = {
      group: form.elements.group, verdict: form.elements.verdict, topic: form.elements.topic,
      q: form.elements.q, sort: form.elements.sort
    };
    var status = root.querySelector("[data-fc-status]");
    var empty = root.querySelector("[data-fc-empty]");
    var more = root.querySelector("[data-fc-more]");
    var pager = root.querySelector("[data-fc-pager]");
    var toggle = form.querySelector("[data-fc-toggle]");
    var rowsUrl = root.getAttribute("data-fc-rows");
    var base = rowsUrl ? new URL(rowsUrl, document.baseURI) : null;
    var rowsHere = root.querySelectorAll("tr.fc-table__row").length;
    var pageSize = Math.max(1, Number(root.getAttribute("data-fc-page-size")) || rowsHere);
    var total = Number(root.getAttribute("data-fc-total")) || 0;
    var facts = null; // every row, once loaded
    var matches = [];
    var shownCount = 0;

    // A shared URL restores the view; values that are not options are ignored.
    var params = new URLSearchParams(window.location.search);
    ["group", "verdict", "topic", "sort"].forEach(function (name) {
      var value = params.get(name);
      if (controls[name] && value !== null && optionValues(controls[name]).indexOf(value) !== -1) controls[name].value = value;
    });
    if (controls.q && params.get("q")) controls.q.value = params.get("q");

    function values() {
      return {
        group: controls.group ? controls.group.value : "",
        verdict: controls.verdict ? controls.verdict.value : "",
        topic: controls.topic ? controls.topic.value : "",
        query: controls.q ? controls.q.value.trim().toLowerCase() : "",
        sort: controls.sort ? controls.sort.value : DEFAULT_SORT
      };
    }

    var chips = controls.verdict ? makeChips(root, controls, update) : [];

    function markChips(v) {
      chips.forEach(function (chip) {
        var key = chip.getAttribute("data-fc-chip");
        var count = chip.querySelector("[data-count-for]");
        chip.setAttribute("aria-pressed", String(v.verdict === key));
        // A verdict no fact has under the other filters cannot be chosen, unless it is the current one.
        chip.disabled = !!count && count.textContent === "0" && v.verdict !== key;
      });
    }

    function setStatus(message) { if (status) status.textContent = message; }

    function showing(shown, count) {
      return count === 1 ? t("index_showing_one", { shown: shown }) : t("index_showing", { shown: shown, total: count });
    }

    function keepInUrl(v) {
      var url = new URL(window.location.href);
      [["group", v.group], ["verdict", v.verdict], ["topic", v.topic], ["q", v.query ? controls.q.value.trim() : ""],
        ["sort", v.sort === DEFAULT_SORT ? "" : v.sort]].forEach(function (pair) {
        if (pair[1]) url.searchParams.set(pair[0], pair[1]);
        else url.searchParams.delete(pair[0]);
      });
      // history.state is Material's scroll offset; keep it.
      window.history.replaceState(window.history.state, "", url.href);
    }

    function render(count) {
      table.querySelectorAll("tbody").forEach(function (body) { body.parentNode.removeChild(body); });
      var groups = facts.data.groups || [];
      var perGroup = {};
      matches.forEach(function (fact) { perGroup[fact.row[8] || 0] = (perGroup[fact.row[8] || 0] || 0) + 1; });
      var body = null;
      var current = -1;
      matches.slice(0, count).forEach(function (fact) {
        var group = fact.row[8] || 0;
        if (!body || group !== current) {
          current = group;
          body = el("tbody");
          if (groups.length > 1 && groups[group]) {
            body.setAttribute("data-group", text(groups[group][0]));
            body.appendChild(groupHeading(groups[group][1], perGroup[group]));
          }
          table.appendChild(body);
        }
        body.appendChild(buildRow(fact, facts.data, base));
      });
      shownCount = Math.min(count, matches.length);
      if (more) more.hidden = shownCount >= matches.length;
      if (empty) empty.hidden = matches.length > 0;
      setStatus(showing(matches.length, total || facts.all.length)); // how many match, of every fact
    }

    function apply() {
      var v = values();
      var data = facts.data;
      function indexOf(pairs, key) {
        var found = -1;
        (pairs || []).forEach(function (pair, index) { if (pair[0] === key) found = index; });
        return found;
      }
      var groupIndex = indexOf(data.groups, v.group);
      var verdictIndex = indexOf(data.verdicts, v.verdict);
      var topicIndex = indexOf(data.topics, v.topic);
      // The chips count what the other filters leave, so each says what choosing it would show.
      var counts = {};
      matches = facts.all.filter(function (fact) {
        var row = fact.row;
        var others = (!v.group || (row[8] || 0) === groupIndex) &&
          (!v.topic || (Array.isArray(row[5]) && row[5].indexOf(topicIndex) !== -1)) &&
          (!v.query || fact.text.indexOf(v.query) !== -1);
        if (!others) return false;
        var key = (data.verdicts[row[4]] || [""])[0];
        counts[key] = (counts[key] || 0) + 1;
        return !v.verdict || row[4] === verdictIndex;
      });
      matches.sort(compareFacts(v.sort));
      root.querySelectorAll("[data-count-for]").forEach(function (count) {
        count.textContent = String(counts[count.getAttribute("data-count-for")] || 0);
      });
      markChips(v);
      if (pager) pager.hidden = true; // the filtered list has its own "show more"
      render(pageSize);
      keepInUrl(v);
    }

    function update() {
      if (facts) { apply(); return; }
      if (!base) return;
      markChips(values());
      setStatus(t("index_loading"));
      loadRows(base.href).then(function (data) {
        if (!data || !Array.isArray(data.rows) || !Array.isArray(data.verdicts) || !Array.isArray(data.topics)) throw new Error("bad data");
        facts = {
          data: data,
          all: data.rows.map(function (row, rank) {
            var verdict = (data.verdicts[row[4]] || ["", ""])[1];
            var topics = (Array.isArray(row[5]) ? row[5] : []).map(function (i) { return (data.topics[i] || ["", ""])[1]; });
            var words = [row[1], row[2], row[3], verdict, topics.join(" "), row[7]].map(text).join(" ");
            return { row: row, rank: rank, text: words.replace(/\s+/g, " ").toLowerCase() };
          })
        };
        if (root.isConnected) apply();
      }).catch(function () {
        setStatus(t("index_failed"));
      });
    }

    function isDefault() {
      var v = values();
      return !v.group && !v.verdict && !v.topic && !v.query && v.sort === DEFAULT_SORT;
    }

    // Phones show the text field and this toggle; the other filters open under it.
    if (toggle) {
      var opened = ["group", "verdict", "topic"].some(function (name) { return controls[name] && controls[name].value; }) ||
        (controls.sort && controls.sort.value !== DEFAULT_SORT);
      var setOpen = function (open) {
        toggle.setAttribute("aria-expanded", String(open));
        form.classList.toggle("fc-filters--open", open);
      };
      setOpen(opened);
      toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    if (more) more.querySelector("button").addEventListener("click", function () { render(shownCount + pageSize); });
    form.hidden = false;
    if (isDefault()) {
      markChips(values());
      setStatus(showing(rowsHere, total));
    } else {
      update();
    }
  }

  // -- search ---------------------------------------------------------------
  // Material's search box, answered by the site's Pagefind index (pagefind/ at the site root). Nothing of it
  // is fetched until the reader types: then about 45 KB of script, its WebAssembly and the index chunks
  // that the words need.

  var SEARCH_PAGE = 10;
  var siteRoot = (function () {
    var script = document.currentScript;
    // This file is assets/factcheck/factcheck.js under the site root.
    return script && script.src ? new URL("../../", script.src) : new URL("./", document.baseURI);
  })();
  var pagefind = null; // the promise of the loaded module
  var searchRun = 0; // the latest query; older answers are dropped

  function searchParts() {
    var dialog = document.querySelector("[data-fc-search]");
    if (!dialog) return null;
    return {
      dialog: dialog,
      toggle: document.getElementById("__search"),
      input: dialog.querySelector("[data-fc-search-query]"),
      meta: dialog.querySelector("[data-fc-search-meta]"),
      list: dialog.querySelector(".md-search-result__list"),
      filters: dialog.querySelector("[data-fc-search-filters]"),
      filterToggle: dialog.querySelector("[data-fc-search-filter-toggle]")
    };
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
        return Promise.resolve(module.options({ excerptLength: 24 })).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function filterSelect(name, label, allLabel, values, order) {
    var field = el("label", "fc-search__filter");
    field.appendChild(el("span", "fc-search__filter-label", label));
    var select = el("select");
    select.name = name;
    var all = el("option", "", allLabel);
    all.value = "";
    select.appendChild(all);
    var names = Object.keys(values || {});
    names.sort(function (a, b) {
      var rank = order ? order.indexOf(a) - order.indexOf(b) : 0;
      return rank || a.localeCompare(b);
    });
    names.forEach(function (value) {
      var option = el("option", "", value + " (" + values[value] + ")");
      option.value = value;
      select.appendChild(option);
    });
    field.appendChild(select);
    return field;
  }

  function buildFilters(parts, module) {
    if (parts.filters.hasAttribute("data-fc-ready")) return Promise.resolve();
    return Promise.resolve(module.filters()).then(function (filters) {
      if (parts.filters.hasAttribute("data-fc-ready")) return;
      parts.filters.setAttribute("data-fc-ready", "");
      var labels = (pageData().verdicts || []).map(function (pair) { return text(pair[1]); });
      parts.filters.appendChild(filterSelect("verdict", t("search_verdict"), t("search_all_verdicts"), filters.verdict, labels));
      parts.filters.appendChild(filterSelect("topic", t("search_topic"), t("search_all_topics"), filters.topic, null));
    });
  }

  function chosenFilters(parts) {
    var chosen = {};
    parts.filters.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen[select.name] = select.value;
    });
    return chosen;
  }

  // Pagefind's excerpt is HTML with <mark> around the words found: keep the words and the marks, nothing else.
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString("<body>" + text(html) + "</body>", "text/html");
    var nodes = [];
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 3) nodes.push(document.createTextNode(node.textContent));
      else if (node.nodeType === 1 && node.tagName === "MARK") nodes.push(el("mark", "", node.textContent));
      else if (node.nodeType === 1) nodes.push(document.createTextNode(node.textContent));
    });
    return nodes;
  }

  function resultItem(result) {
    var meta = result.meta || {};
    var item = el("li", "md-search-result__item");
    var link = el("a", "md-search-result__link");
    link.href = safeUrl(result.url) || "#";
    link.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset");
    article.appendChild(el("h1", "", text(meta.title) || text(result.url)));
    if (meta.verdict) {
      var verdict = el("p", "fc-search__verdict");
      verdict.appendChild(badge(meta.verdict, meta.verdict_label));
      article.appendChild(verdict);
    }
    var excerpt = el("p", "fc-search__excerpt");
    excerptNodes(result.excerpt).forEach(function (node) { excerpt.appendChild(node); });
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function showResults(parts, results, shown) {
    var run = searchRun;
    var page = results.slice(shown, shown + SEARCH_PAGE);
    return Promise.all(page.map(function (result) { return result.data(); })).then(function (data) {
      if (run !== searchRun) return;
      var old = parts.list.querySelector(".fc-search__more");
      if (old) old.remove();
      data.forEach(function (result) { parts.list.appendChild(resultItem(result)); });
      var count = shown + data.length;
      if (count < results.length) {
        var item = el("li", "md-search-result__item fc-search__more");
        var button = el("button", "md-search-result__more", t("search_more"));
        button.type = "button";
        button.addEventListener("click", function () { showResults(parts, results, count); });
        item.appendChild(button);
        parts.list.appendChild(item);
      }
    });
  }

  function runSearch() {
    var parts = searchParts();
    if (!parts) return;
    var run = ++searchRun;
    var query = parts.input.value.trim();
    var filters = chosenFilters(parts);
    if (!query && !Object.keys(filters).length) {
      while (parts.list.firstChild) parts.list.removeChild(parts.list.firstChild);
      parts.meta.textContent = materialText("search.result.placeholder", 0);
      return;
    }
    if (!pagefind) parts.meta.textContent = t("search_loading");
    if (parts.filterToggle) parts.filterToggle.parentNode.hidden = false;
    loadPagefind().then(function (module) {
      return module.debouncedSearch(query || null, { filters: filters }, 120);
    }).then(function (search) {
      if (run !== searchRun || !search) return; // a newer query superseded this one
      while (parts.list.firstChild) parts.list.removeChild(parts.list.firstChild);
      var count = search.results.length;
      parts.meta.textContent = materialText(
        count === 0 ? "search.result.none" : count === 1 ? "search.result.one" : "search.result.other", count);
      return showResults(parts, search.results, 0);
    }).catch(function () {
      if (run === searchRun) parts.meta.textContent = t("search_failed");
    });
  }

  function setSearchOpen(parts, openIt) {
    if (!parts.toggle || parts.toggle.checked === openIt) return;
    parts.toggle.checked = openIt;
    parts.toggle.dispatchEvent(new Event("change"));
  }

  function isEditable(target) {
    return target instanceof Element && !!target.closest("input, select, textarea, [contenteditable=''], [contenteditable=true]");
  }

  function resultLinks(parts) {
    return Array.prototype.slice.call(parts.list.querySelectorAll(".md-search-result__link, .md-search-result__more"));
  }

  function onSearchKeydown(event) {
    var parts = searchParts();
    if (!parts || !parts.input || event.ctrlKey || event.metaKey || event.altKey) return;
    var isOpen = parts.toggle && parts.toggle.checked;
    if (!isOpen) {
      // Material's habits: "/", "s" or "f" anywhere but in a field opens search.
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !isEditable(event.target) && !open) {
        event.preventDefault();
        setSearchOpen(parts, true);
        parts.input.focus();
        parts.input.select();
      }
      return;
    }
    if (!parts.dialog.contains(event.target) && event.target !== document.body && event.target !== parts.toggle) return;
    var links = resultLinks(parts);
    var position = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      setSearchOpen(parts, false);
      parts.input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? position + 1 : (position === -1 ? links.length - 1 : position - 1);
      if (next < 0 || next >= links.length) parts.input.focus();
      else links[next].focus();
    } else if (event.key === "Enter" && event.target === parts.input) {
      event.preventDefault();
      if (links.length && links[0].classList.contains("md-search-result__link")) links[0].click();
    } else if (position !== -1 && event.key.length === 1) {
      parts.input.focus(); // typing on a result goes on typing the query
    }
  }

  function initSearch() {
    var parts = searchParts();
    if (!parts || !parts.input || parts.dialog.hasAttribute("data-fc-ready")) return;
    parts.dialog.setAttribute("data-fc-ready", "");
    parts.meta.textContent = materialText("search.result.placeholder", 0);
    var form = parts.dialog.querySelector("[data-fc-search-form]");
    parts.input.addEventListener("input", runSearch);
    parts.input.addEventListener("focus", function () { setSearchOpen(parts, true); });
    parts.filters.addEventListener("change", runSearch);
    if (parts.filterToggle) {
      parts.filterToggle.textContent = t("search_filter");
      parts.filterToggle.addEventListener("click", function () {
        var opening = parts.filterToggle.getAttribute("aria-expanded") !== "true";
        parts.filterToggle.setAttribute("aria-expanded", String(opening));
        if (!opening) {
          // Closed filters do not narrow the results.
          parts.filters.hidden = true;
          parts.filters.querySelectorAll("select").forEach(function (select) { select.value = ""; });
          runSearch();
          return;
        }
        loadPagefind().then(function (module) { return buildFilters(parts, module); }).then(function () {
          parts.filters.hidden = parts.filterToggle.getAttribute("aria-expanded") !== "true";
        }).catch(function () { parts.meta.textContent = t("search_failed"); });
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { runSearch(); parts.input.focus(); }, 0);
    });
    if (parts.toggle) {
      parts.toggle.addEventListener("change", function () {
        if (parts.toggle.checked && document.activeElement !== parts.input) parts.input.focus();
      });
    }
    parts.list.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest("a")) {
        setSearchOpen(parts, false);
        parts.input.blur(); // the header stays across instant navigation: "/" and "s" open search again
      }
    });
  }

  // -- start ----------------------------------------------------------------

  function initPage() {
    initAnnotations();
    initSearch(); // the header, and with it the search box, survives instant navigation: bound once
    document.querySelectorAll("[data-fc-index]").forEach(initIndex);
  }

  // Everything is bound once per document: instant navigation keeps the document (and this script).
  if (window.__factcheckStarted) return;
  window.__factcheckStarted = true;
  document.addEventListener("click", onClick, true); // capture: before Material's instant-navigation listener
  document.addEventListener("keydown", onKeydown, true);
  document.addEventListener("keydown", onSearchKeydown);
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
