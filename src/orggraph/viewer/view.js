// orggraph interactive view: the reporting-line tree, search, province and date filters, and
// the holders of a body with the sentences that attest them. Plain DOM, no library, no network;
// every text from the data goes in through textContent, never as HTML.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const bodies = new Map(DATA.bodies.map((b) => [b.id, b]));
  const persons = new Map(DATA.persons.map((p) => [p.id, p]));
  const articles = new Map(DATA.articles.map((a) => [a.id, a]));
  const tenuresOfBody = new Map();
  const tenuresOfPerson = new Map();
  for (const t of DATA.tenures) {
    if (t.body) push(tenuresOfBody, t.body, t);
    push(tenuresOfPerson, t.person, t);
  }
  const state = { province: "", date: "", expanded: new Set(), selected: null };

  function push(map, key, value) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(value);
  }

  // Accents, đ and case aside: "Huyen uy" finds "Huyện ủy".
  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // An interval's ends are ISO text (a day, a month or a year); a partial end covers its
  // month or year, as in orggraph.viewgraph.holds_on.
  function holds(start, end, day) {
    return (!start || start <= day) && (!end || day <= end + "~");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // --- the tree under the current filters -------------------------------------------------
  function visible(body) {
    if (!body || !body.tree) return false;
    if (state.date && !holds(body.start, body.end, state.date)) return false;
    if (state.province && body.province !== state.province) return false;
    return true;
  }

  function buildTree() {
    const children = new Map();
    const parents = new Map();
    for (const link of DATA.links) {
      if (!visible(bodies.get(link.c)) || !visible(bodies.get(link.p))) continue;
      if (state.date && !link.iv.some((iv) => holds(iv[0], iv[1], state.date))) continue;
      push(children, link.p, link);
      push(parents, link.c, link.p);
    }
    const byLabel = (a, b) => bodies.get(a).label.localeCompare(bodies.get(b).label, "vi")
      || (a < b ? -1 : 1);
    for (const list of children.values()) list.sort((x, y) => byLabel(x.c, y.c));
    const roots = DATA.bodies.filter((b) => visible(b) && !parents.has(b.id))
      .map((b) => b.id).sort(byLabel);
    return { children, parents, roots };
  }

  let tree = buildTree();

  function renderTree() {
    const nav = $("tree");
    nav.replaceChildren();
    const top = el("ul", { role: "tree" });
    const shown = new Set();
    for (const root of tree.roots) top.append(treeItem(root, null, shown));
    if (!tree.roots.length) nav.append(el("p", { class: "hint" }, "Không có cơ quan nào · no body matches"));
    nav.append(top);
  }

  function treeItem(id, link, shown) {
    const body = bodies.get(id);
    const kids = tree.children.get(id) || [];
    const open = state.expanded.has(id) && !shown.has(id);
    shown.add(id);
    const toggle = el("button", { class: "toggle", type: "button", "aria-label": "expand",
      onclick: () => { flip(id); } }, kids.length ? (open ? "▾" : "▸") : "·");
    if (!kids.length) toggle.disabled = true;
    const label = el("button", { class: "body " + (body.group || "other")
      + (state.selected === id ? " selected" : ""), type: "button", "data-id": id,
      onclick: () => selectBody(id, false) }, body.label);
    const era = dates(body.start, body.end); // the two sides of the 2025 reform share names
    const row = el("div", { class: "row" }, toggle, label,
      kids.length ? el("span", { class: "count", title: "units under it" }, `(${kids.length})`) : null,
      era ? el("span", { class: "era", title: "valid" }, era) : null,
      link && link.rel === "unitOf" ? el("span", { class: "rel" }, " (unitOf)") : null);
    const item = el("li", { role: "treeitem", class: link && link.rel === "unitOf" ? "unit" : "" }, row);
    if (open) {
      const list = el("ul", { role: "group" });
      for (const child of kids) list.append(treeItem(child.c, child, shown));
      item.append(list);
    }
    return item;
  }

  function flip(id) {
    if (state.expanded.has(id)) state.expanded.delete(id); else state.expanded.add(id);
    renderTree();
  }

  // Open every body above ``id`` (along its first parent in the tree) and show it.
  function reveal(id) {
    const seen = new Set();
    let current = id;
    while (tree.parents.has(current) && !seen.has(current)) {
      seen.add(current);
      current = tree.parents.get(current)[0];
      state.expanded.add(current);
    }
    renderTree();
    const node = document.querySelector(`#tree [data-id="${CSS.escape(id)}"]`);
    if (node) node.scrollIntoView({ block: "center" });
  }

  // --- details ---------------------------------------------------------------------------
  function dates(start, end) {
    if (!start && !end) return "";
    return `${start || "…"} – ${end || "…"}`;
  }

  function evidenceBlock(ev) {
    const a = ev.q[0], b = ev.q[1];
    const art = articles.get(ev.a) || { title: ev.a };
    const source = art.url
      ? el("a", { href: art.url, target: "_blank", rel: "noopener noreferrer" }, art.title)
      : el("span", {}, art.title);
    return el("blockquote", { class: "evidence" },
      ev.s.slice(0, a), el("mark", {}, ev.s.slice(a, b)), ev.s.slice(b),
      el("span", { class: "src" }, "— ", source, art.date ? ` (${art.date})` : ""));
  }

  function tenureBlock(t, withPerson) {
    const person = persons.get(t.person);
    const body = t.body ? bodies.get(t.body) : null;
    const head = el("div", {},
      withPerson ? el("button", { class: "person", type: "button",
        onclick: () => selectPerson(t.person) }, person.name) : null,
      withPerson ? ", " : "", t.post,
      !withPerson && body ? el("span", {}, " · ", bodyLink(t.body)) : null,
      el("span", { class: "dates" }, " ", dates(t.start, t.end)));
    const block = el("div", { class: "holder", "data-tenure": t.id }, head);
    for (const ev of t.ev) block.append(evidenceBlock(ev));
    if (!t.ev.length) {
      for (const src of t.src) {
        const art = articles.get(src) || { title: src };
        block.append(el("div", { class: "evidence" }, "Nguồn · source: ",
          art.url ? el("a", { href: art.url, target: "_blank", rel: "noopener noreferrer" }, art.title)
            : art.title));
      }
    }
    if (withPerson) {
      const others = (tenuresOfPerson.get(t.person) || []).filter((o) => o !== t);
      if (others.length) {
        const list = el("ul", { class: "others" });
        for (const o of others) {
          list.append(el("li", {}, o.post, o.body ? el("span", {}, " · ", bodyLink(o.body)) : null,
            el("span", { class: "dates" }, " ", dates(o.start, o.end))));
        }
        block.append(el("div", { class: "others" }, "Chức vụ khác · other posts:"), list);
      }
    }
    return block;
  }

  function bodyLink(id) {
    const body = bodies.get(id);
    if (!body || !body.tree) return el("span", {}, body ? body.label : id);
    return el("button", { class: "link", type: "button", onclick: () => selectBody(id, true) },
      body.label);
  }

  function selectBody(id, show) {
    state.selected = id;
    const body = bodies.get(id);
    const pane = $("details");
    pane.replaceChildren();
    const facts = [body.province, dates(body.start, body.end)].filter(Boolean).join(" · ");
    pane.append(el("h2", {}, body.label), el("p", { class: "meta" }, facts, " ",
      el("code", {}, id)));
    const ups = DATA.links.filter((l) => l.c === id
      && (!state.date || l.iv.some((iv) => holds(iv[0], iv[1], state.date))));
    if (ups.length) {
      const line = el("p", { class: "meta" }, "Trực thuộc · reports to: ");
      ups.forEach((l, i) => { if (i) line.append(", "); line.append(bodyLink(l.p)); });
      pane.append(line);
    }
    const holders = (tenuresOfBody.get(id) || [])
      .filter((t) => !state.date || holds(t.start, t.end, state.date))
      .sort((x, y) => x.post.localeCompare(y.post, "vi") || (x.id < y.id ? -1 : 1));
    pane.append(el("h3", {}, `Người giữ chức · holders (${holders.length})`));
    if (!holders.length) pane.append(el("p", { class: "hint" }, "Không có · none in the reports"
      + (state.date ? " on " + state.date : "")));
    for (const t of holders) pane.append(tenureBlock(t, true));
    if (show && visible(body)) reveal(id); else renderTree();
  }

  function selectPerson(id) {
    const person = persons.get(id);
    const pane = $("details");
    pane.replaceChildren(el("h2", {}, person.name), el("p", { class: "meta" }, el("code", {}, id)));
    const list = (tenuresOfPerson.get(id) || []).slice()
      .sort((x, y) => (x.start || "").localeCompare(y.start || "") || (x.id < y.id ? -1 : 1));
    pane.append(el("h3", {}, `Chức vụ · posts (${list.length})`));
    for (const t of list) pane.append(tenureBlock(t, false));
  }

  // --- search and filters ----------------------------------------------------------------
  const index = [
    ...DATA.persons.map((p) => ({ kind: "person", id: p.id, text: p.name, key: fold(p.name) })),
    ...DATA.bodies.filter((b) => b.tree)
      .map((b) => ({ kind: "body", id: b.id, text: b.label, key: fold(b.label) })),
  ];

  function search() {
    const query = fold($("search").value);
    const results = $("results");
    results.replaceChildren();
    if (!query) { results.hidden = true; return; }
    const hits = index.filter((e) => e.key.includes(query))
      .sort((a, b) => (a.key.startsWith(query) ? 0 : 1) - (b.key.startsWith(query) ? 0 : 1)
        || a.text.localeCompare(b.text, "vi")).slice(0, 40);
    for (const hit of hits) {
      const extra = hit.kind === "person"
        ? (tenuresOfPerson.get(hit.id) || []).map((t) => t.post).slice(0, 2).join("; ")
        : bodies.get(hit.id).province || "";
      results.append(el("li", {}, el("button", { type: "button", "data-kind": hit.kind,
        "data-id": hit.id, onclick: () => choose(hit) }, hit.text,
      el("span", { class: "kind" }, (hit.kind === "person" ? "người · person" : "cơ quan · body")
        + (extra ? " — " + extra : "")))));
    }
    if (!hits.length) results.append(el("li", { class: "hint" }, "Không tìm thấy · nothing found"));
    results.hidden = false;
  }

  function choose(hit) {
    $("results").hidden = true;
    if (hit.kind === "person") selectPerson(hit.id);
    else {
      const body = bodies.get(hit.id);
      if (!visible(body)) { // shown whatever the filters hid it
        state.province = ""; $("province").value = "";
        if (state.date && !holds(body.start, body.end, state.date)) { state.date = ""; $("date").value = ""; }
        tree = buildTree();
      }
      selectBody(hit.id, true);
    }
  }

  function refilter() {
    state.province = $("province").value;
    state.date = $("date").value;
    tree = buildTree();
    if (state.selected && bodies.get(state.selected)) selectBody(state.selected, false);
    else renderTree();
  }

  const provinces = [...new Set(DATA.bodies.map((b) => b.province).filter(Boolean))]
    .sort((a, b) => a.localeCompare(b, "vi"));
  for (const p of provinces) $("province").append(el("option", { value: p }, p));
  $("search").addEventListener("input", search);
  $("search").addEventListener("keydown", (e) => {
    if (e.key === "Enter") { const first = document.querySelector("#results button"); if (first) first.click(); }
    if (e.key === "Escape") $("results").hidden = true;
  });
  $("province").addEventListener("change", refilter);
  $("date").addEventListener("change", refilter);
  $("expand").addEventListener("click", () => {
    for (const id of tree.children.keys()) state.expanded.add(id);
    renderTree();
  });
  $("collapse").addEventListener("click", () => { state.expanded.clear(); renderTree(); });
  // A small tree opens its top level; a big one starts closed.
  if (tree.roots.length <= 12) for (const r of tree.roots) state.expanded.add(r);
  renderTree();
})();
