// Drives a `podgraph site` page in headless Chromium (playwright-core with Debian's chromium).
//
// Usage: node e2e.mjs check SITE_DIR GRAPH_JSON ENTITY EXPECTED_EPISODE [ID_A ID_B]
//        node e2e.mjs hostile SITE_DIR NAME
//        node e2e.mjs screenshot SITE_DIR PNG [ENTITY]
//        node e2e.mjs timing SITE_DIR   (time to the first view drawn; files loaded before it)
// Prints one line per checked fact; exits non-zero on the first failure.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [mode, site, ...rest] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
const fail = (message) => { console.log("FAIL " + message); failed = true; };
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  const dialogs = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // No network: everything must come from the file itself.
  await page.route(/^(?!file:)/, (route) => { errors.push("request " + route.request().url()); route.abort(); });
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  const start = Date.now();
  await page.goto(pathToFileURL(path.join(site, "index.html")).href);
  await page.waitForFunction(() => window.podgraph && window.podgraph.ready, null, { timeout: 60000 });
  const firstView = Date.now() - start;

  if (mode === "check") {
    const [graphJson, entity, expected] = rest;
    const graph = JSON.parse(readFileSync(graphJson, "utf8"));
    // Everything shown: every kind, all entities, all links, hosts included.
    await page.fill("#top", "0");
    await page.fill("#links", "0");
    await page.fill("#minweight", "1");
    await page.evaluate(() => {
      document.getElementById("hidehosts").checked = false;
      window.podgraph.render();
    });
    const shown = Number(await page.textContent("#shown"));
    const drawn = await page.evaluate(() => window.podgraph.cy.nodes().length);
    console.log(`nodes ${shown} ${drawn} ${graph.nodes.length}`);
    if (shown !== graph.nodes.length || drawn !== graph.nodes.length) fail("node count differs from graph.json");
    // Hiding sponsors leaves out exactly the entities tagged sponsor.
    const sponsors = graph.nodes.filter((n) => n.tags.includes("sponsor")).length;
    await page.evaluate(() => { document.getElementById("hidesponsors").checked = true; window.podgraph.render(); });
    const withoutSponsors = Number(await page.textContent("#shown"));
    console.log(`without sponsors ${withoutSponsors} (${sponsors} sponsors)`);
    if (sponsors === 0 || withoutSponsors !== graph.nodes.length - sponsors) fail("hide sponsors");
    await page.evaluate(() => { document.getElementById("hidesponsors").checked = false; window.podgraph.render(); });
    await page.fill("#search", entity);
    await page.dispatchEvent("#search", "change");
    // The panel is ready once its episodes are in (they may load from files beside the page).
    await page.waitForSelector("#panel.ready");
    const title = await page.textContent("#panel h2");
    const episodes = await page.$$eval("#episodes li .episode", (els) => els.map((e) => e.textContent));
    console.log(`panel ${title} | ${episodes.length} episodes | ${episodes.join(" / ")}`);
    if (!episodes.some((e) => e.includes(expected))) fail(`no episode ${expected} in the panel`);
    const marks = await page.$$eval("#episodes mark", (els) => els.length);
    if (marks === 0) fail("no highlighted mention");
    // An episode's entities, in order of appearance.
    await page.click("#episodes li .episode >> nth=0");
    await page.waitForSelector("#panel.ready");
    const heading = await page.textContent("#panel h3");
    const appearing = await page.$$eval("#panel li", (els) => els.length);
    console.log(`episode panel ${heading} | ${appearing} entities`);
    if (heading !== "Entities, in order of appearance" || appearing === 0) fail("no episode panel");
    // Two entities: the episodes that mention both.
    if (rest.length > 3) {
      const [a, b] = rest.slice(3);
      for (const [name, add] of [[a, false], [b, true]]) {
        await page.evaluate(([name, add]) => {
          const i = window.podgraph.data.nodes.findIndex((n) => n.id === name);
          window.podgraph.select(i, add);
        }, [name, add]);
      }
      await page.waitForSelector("#panel.ready");
      const both = await page.textContent("#panel h2");
      const count = await page.textContent("#panel .meta");
      const shared = await page.$$eval("#episodes li .episode", (els) => els.map((e) => e.textContent));
      console.log(`both ${both} | ${count} | ${shared.join(" / ")}`);
      if (!shared.some((e) => e.includes(expected))) fail(`no shared episode ${expected}`);
    }
  } else if (mode === "hostile") {
    const [name] = rest;
    await page.evaluate(() => { document.getElementById("hidehosts").checked = false; window.podgraph.render(); });
    await page.fill("#search", name);
    await page.dispatchEvent("#search", "change");
    await page.waitForSelector("#panel h2");
    const title = await page.textContent("#panel h2");
    const injected = await page.$$eval("#panel img, #panel svg, #panel script, #panel iframe", (els) => els.length);
    console.log(`panel ${JSON.stringify(title)} | injected ${injected} | dialogs ${dialogs.length}`);
    if (title !== name) fail("the name is not shown as text");
    if (injected !== 0 || dialogs.length !== 0) fail("markup from a name ran");
    if (await page.evaluate(() => window.hacked === true)) fail("script from a name ran");
  } else if (mode === "timing") {
    const shown = await page.textContent("#shown");
    const files = requested.filter((u) => u.startsWith("file:")).map((u) => path.basename(new URL(u).pathname));
    console.log(`first view ${firstView} ms, ${shown} entities drawn, files loaded: ${files.join(" ")}`);
    const t0 = Date.now();
    await page.fill("#search", "pytest");
    await page.dispatchEvent("#search", "change");
    await page.waitForSelector("#panel.ready");
    const episodes = await page.$$eval("#episodes li", (els) => els.length);
    console.log(`pytest's panel ${Date.now() - t0} ms, ${episodes} episodes`);
  } else if (mode === "screenshot") {
    const [png, entity] = rest;
    if (entity) {
      await page.fill("#search", entity);
      await page.dispatchEvent("#search", "change");
      await page.waitForSelector("#panel h2");
      await page.waitForTimeout(800); // let the zoom to its neighbourhood finish
    }
    await page.screenshot({ path: png });
    console.log("screenshot " + png);
  }
  if (errors.length) fail("page errors: " + errors.join("; "));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
