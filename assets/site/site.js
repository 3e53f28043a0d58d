// podgraph's interactive page. Every piece of text from the data is inserted with textContent,
// never as HTML, so no entity name or snippet can become markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("podgraph-data").textContent);
  const nodes = data.nodes;
  const KIND_COLORS = {
    package: "#66c2a5", person: "#fc8d62", software: "#8da0cb", organization: "#e78ac3",
    concept: "#a6d854", event: "#ffd92f", media: "#e5c494",
  };
  const COMMUNITY_COLORS = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
    "#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#d9d9d9"];
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };

  // Moments (per entity) and appearances (per episode): in the page, or for a large archive in
  // files beside it (podgraph-data/m<k>.js, a<k>.js), loaded by a script element when first
  // needed: file:// pages may load scripts, not fetch. Each file calls podgraphChunk.
  const loaded = {};
  const waiting = {};
  window.podgraphChunk = (kind, k, items) => {
    loaded[kind + k] = items;
    (waiting[kind + k] || []).forEach((then) => then());
    delete waiting[kind + k];
  };
  function withItem(kind, i, then) {
    if (!data.chunked) return then((kind === "m" ? data.moments : data.appearances)[i]);
    const per = data.chunked[kind];
    const key = kind + Math.floor(i / per);
    const give = () => then(loaded[key][i % per]);
    if (loaded[key]) return give();
    if (!waiting[key]) {
      waiting[key] = [];
      const script = document.createElement("script");
      script.src = "podgraph-data/" + key + ".js";
      document.head.appendChild(script);
    }
    waiting[key].push(give);
  }
  // Panels filled by data that may arrive later: only the latest request fills the panel.
  let request = 0;

  // Adjacency over all edges, for neighbours and shared episodes.
  const adjacent = nodes.map(() => []);
  data.edges.forEach((e, i) => { adjacent[e[0]].push(i); adjacent[e[1]].push(i); });

  const kinds = [...new Set(nodes.map((n) => n.kind))].sort();
  kinds.forEach((k) => {
    const label = el("label", undefined, "kind");
    const box = el("input");
    box.type = "checkbox";
    box.value = k;
    box.checked = true;
    label.appendChild(box);
    const swatch = el("span", k);
    swatch.style.background = KIND_COLORS[k] || "#ccc";
    label.appendChild(swatch);
    $("kinds").appendChild(label);
  });

  // Autocomplete: names and aliases; ids, names and sure aliases win over ambiguous ones.
  const byName = new Map();
  // A name several entities share finds the most mentioned of them, as the command line does;
  // "kind:name" looks among one kind. `sure` holds the keys of ids, names and sure aliases.
  const sure = new Set();
  const learn = (names, i, isSure) => names.forEach((a) => {
    for (const key of [a.toLowerCase(), nodes[i].kind + ":" + a.toLowerCase()]) {
      if (!isSure && sure.has(key)) continue;
      if (isSure) sure.add(key);
      const j = byName.get(key);
      if (j === undefined || nodes[i].mentions > nodes[j].mentions) byName.set(key, i);
    }
  });
  nodes.forEach((n, i) => learn([n.name, n.id].concat(n.aliases), i, true));
  nodes.forEach((n, i) => learn(n.ambiguous, i, false));
  const names = $("names");
  // Suggestions: every name, and every alias labelled with the entity it finds.
  nodes.forEach((n) => {
    const option = (value, label) => {
      const o = document.createElement("option");
      o.value = value;
      if (label) o.label = label;
      names.appendChild(o);
    };
    option(n.name);
    n.aliases.filter((a) => a.toLowerCase() !== n.name.toLowerCase()).forEach((a) => option(a, n.name));
  });

  const cy = cytoscape({
    container: $("cy"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
        "font-size": "data(font)", "text-valign": "center", "text-halign": "center", "color": "#222",
        "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "edge", style: { "width": "data(width)", "line-color": "#999", "opacity": 0.45, "curve-style": "haystack" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#1a5fb4" } },
    ],
  });

  let selected = [];
  // The search box's value that made the current selection ("" if something else made it).
  let searched = "";

  function filters() {
    const chosen = new Set([...$("kinds").querySelectorAll("input:checked")].map((o) => o.value));
    return {
      kinds: chosen,
      top: Math.max(0, parseInt($("top").value, 10) || 0),
      minWeight: Math.max(1, parseInt($("minweight").value, 10) || 1),
      links: Math.max(0, parseInt($("links").value, 10) || 0),
      hideHosts: $("hidehosts").checked,
      hideSponsors: $("hidesponsors").checked,
      color: $("color").value,
    };
  }

  function render() {
    const f = filters();
    let keep = nodes.map((n, i) => i).filter((i) =>
      f.kinds.has(nodes[i].kind) && !(f.hideHosts && nodes[i].host) &&
      !(f.hideSponsors && nodes[i].sponsor));
    keep.sort((a, b) => nodes[b].mentions - nodes[a].mentions || (nodes[a].id < nodes[b].id ? -1 : 1));
    if (f.top > 0) keep = keep.slice(0, f.top);
    const shown = new Set(keep);
    let edges = data.edges.map((e, i) => i).filter((i) => {
      const e = data.edges[i];
      return e[2] >= f.minWeight && shown.has(e[0]) && shown.has(e[1]);
    });
    if (f.links > 0) {
      const strongest = new Set();
      const perNode = new Map();
      edges.forEach((i) => { const e = data.edges[i]; [e[0], e[1]].forEach((n) => { if (!perNode.has(n)) perNode.set(n, []); perNode.get(n).push(i); }); });
      perNode.forEach((list) => {
        list.sort((x, y) => data.edges[y][3] - data.edges[x][3] || data.edges[y][2] - data.edges[x][2] || x - y);
        list.slice(0, f.links).forEach((i) => strongest.add(i));
      });
      edges = edges.filter((i) => strongest.has(i));
    }
    const maxMentions = Math.max(1, ...keep.map((i) => nodes[i].mentions));
    const maxWeight = Math.max(1, ...edges.map((i) => data.edges[i][2]));
    const elements = keep.map((i) => {
      const n = nodes[i];
      const scale = Math.sqrt(n.mentions / maxMentions);
      return { group: "nodes", data: {
        id: "n" + i, index: i, label: n.name,
        color: f.color === "kind" ? (KIND_COLORS[n.kind] || "#ccc") : (COMMUNITY_COLORS[n.community] || "#eee"),
        size: 14 + 46 * scale, font: 9 + 13 * scale } };
    }).concat(edges.map((i) => {
      const e = data.edges[i];
      return { group: "edges", data: { id: "e" + i, source: "n" + e[0], target: "n" + e[1],
        width: 0.5 + 5 * Math.sqrt(e[2] / maxWeight) } };
    }));
    cy.elements().remove();
    cy.add(elements);
    cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000,
      idealEdgeLength: () => 80, numIter: 600, fit: true, padding: 20 }).run();
    $("shown").textContent = String(keep.length);
    $("shownedges").textContent = String(edges.length);
    selected.forEach((i) => cy.$id("n" + i).select());
  }

  function time(ms) {
    if (ms === null || ms === undefined) return "–";
    const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const two = (x) => String(x).padStart(2, "0");
    return h > 0 ? `${two(h)}:${two(m)}:${two(r)}` : `${two(m)}:${two(r)}`;
  }

  function episodeLabel(e) {
    const ep = data.episodes[e];
    // Among several shows every show has a #1: the id says which.
    const name = ep.number !== null && !data.several_shows ? "#" + ep.number : ep.id;
    return [name, ep.date || "", ep.title || ""].filter(Boolean).join("  ");
  }

  function snippet(parts) {
    const span = el("span", undefined, "snippet");
    const [text, a, b] = parts;
    span.appendChild(document.createTextNode(text.slice(0, a)));
    span.appendChild(el("mark", text.slice(a, b)));
    span.appendChild(document.createTextNode(text.slice(b)));
    return span;
  }

  function momentItem(m) {
    const li = el("li");
    const ep = el("span", episodeLabel(m[0]), "episode");
    ep.addEventListener("click", () => showEpisode(m[0]));
    li.appendChild(ep);
    li.appendChild(el("div", undefined));
    const line = li.lastChild;
    line.appendChild(el("span", time(m[1]), "time"));
    line.appendChild(snippet(m[2]));
    if (m[3] > 1) line.appendChild(el("span", ` (${m[3]} mentions)`, "meta"));
    return li;
  }

  function showEntity(i) {
    const n = nodes[i];
    const panel = $("panel");
    const mine = ++request;
    panel.classList.remove("ready");
    panel.replaceChildren();
    panel.appendChild(el("h2", n.name));
    panel.appendChild(el("div", `${n.kind} · ${n.mentions} mentions in ${n.episodes} episodes`, "meta"));
    if (n.aliases.length) panel.appendChild(el("div", "also: " + n.aliases.join(", "), "meta"));
    panel.appendChild(el("h3", "Mentioned most with"));
    const ul = el("ul");
    adjacent[i].slice().sort((x, y) => data.edges[y][2] - data.edges[x][2]).slice(0, 10).forEach((k) => {
      const e = data.edges[k];
      const other = e[0] === i ? e[1] : e[0];
      const li = el("li");
      const a = el("span", nodes[other].name, "neighbor");
      a.addEventListener("click", () => select(other, false));
      li.appendChild(a);
      li.appendChild(el("span", ` · ${e[2]} shared windows in ${e[4]} episodes`, "meta"));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    panel.appendChild(el("h3", "Episodes"));
    const eps = el("ul");
    eps.id = "episodes";
    panel.appendChild(eps);
    withItem("m", i, (moments) => {
      if (mine !== request) return;
      moments.forEach((m) => eps.appendChild(momentItem(m)));
      panel.classList.add("ready");
    });
  }

  function showBoth(a, b) {
    const mine = ++request;
    $("panel").classList.remove("ready");
    withItem("m", a, (momentsA) => withItem("m", b, (momentsB) => {
      if (mine === request) fillBoth(a, b, momentsA, momentsB);
    }));
  }

  function fillBoth(a, b, momentsA, momentsB) {
    const panel = $("panel");
    panel.replaceChildren();
    panel.appendChild(el("h2", `${nodes[a].name} and ${nodes[b].name}`));
    const inB = new Map(momentsB.map((m) => [m[0], m]));
    const both = momentsA.filter((m) => inB.has(m[0]));
    panel.appendChild(el("div", `${both.length} episodes mention both`, "meta"));
    const ul = el("ul");
    ul.id = "episodes";
    both.forEach((m) => {
      ul.appendChild(momentItem(m));
      const other = inB.get(m[0]);
      const line = el("div");
      line.appendChild(el("span", time(other[1]), "time"));
      line.appendChild(snippet(other[2]));
      ul.lastChild.appendChild(line);
    });
    panel.appendChild(ul);
    panel.classList.add("ready");
  }

  function showEpisode(e) {
    searched = "";
    const panel = $("panel");
    const mine = ++request;
    panel.classList.remove("ready");
    panel.replaceChildren();
    panel.appendChild(el("h2", episodeLabel(e)));
    panel.appendChild(el("h3", "Entities, in order of appearance"));
    const ul = el("ul");
    panel.appendChild(ul);
    withItem("a", e, (appearances) => {
      if (mine !== request) return;
      fillEpisode(ul, appearances);
      panel.classList.add("ready");
    });
  }

  function fillEpisode(ul, appearances) {
    appearances.forEach(([i, ms, count]) => {
      const li = el("li");
      li.appendChild(el("span", time(ms), "time"));
      const a = el("span", nodes[i].name, "neighbor");
      a.addEventListener("click", () => select(i, false));
      li.appendChild(a);
      li.appendChild(el("span", ` · ${count}`, "meta"));
      ul.appendChild(li);
    });
  }

  function select(i, add) {
    searched = "";
    selected = add && selected.length === 1 && selected[0] !== i ? [selected[0], i] : [i];
    cy.elements().unselect();
    selected.forEach((k) => cy.$id("n" + k).select());
    if (selected.length === 2) showBoth(selected[0], selected[1]); else showEntity(i);
  }

  cy.on("tap", "node", (evt) => select(evt.target.data("index"), evt.originalEvent && evt.originalEvent.shiftKey));
  ["kinds", "top", "minweight", "links", "hidehosts", "hidesponsors", "color"].forEach((id) => $(id).addEventListener("change", render));
  // `change` fires again when the box loses focus: a search already done is not redone, or
  // clicking in the panel right after a search would bring the entity back.
  $("search").addEventListener("change", () => {
    const value = $("search").value.trim().toLowerCase();
    const i = byName.get(value);
    if (i === undefined || value === searched) return;
    select(i, false);
    searched = value;
    const node = cy.$id("n" + i);
    if (node.nonempty()) cy.animate({ center: { eles: node }, duration: 300 });
  });

  render();
  window.podgraph = { cy, data, render, select, ready: true };
})();
