import { PAGES } from "./pages.js";
import { scenarioCard } from "./shell/scenario-card.js";
import { Runner } from "./shell/runner.js";
import { viewModules } from "./views/index.js";

const runner = new Runner();
const nav = document.getElementById("nav")!;
const main = document.getElementById("main")!;
const backendSelect = document.getElementById("backend-choice") as HTMLSelectElement;
const backendBadge = document.getElementById("backend")!;

runner.backendListeners.push((info, error) => {
  if (!info) {
    backendBadge.textContent = "starting…";
    backendBadge.dataset.backend = "";
    return;
  }
  const tried = info.tried.map((t) => `${t.name}: ${t.ok ? "ok" : t.reason}`).join("\n");
  backendBadge.title = tried;
  backendBadge.textContent = error ? `none (${error})` : (info.name ?? "unknown");
  backendBadge.dataset.backend = info.name ?? "";
  const skipped = info.tried.filter((t) => !t.ok).map((t) => t.name);
  document.getElementById("backend-note")!.textContent = skipped.length
    ? `(unavailable here: ${skipped.join(", ")}; hover for reasons)`
    : "";
});
backendSelect.addEventListener("change", () => {
  if (runner.busy) runner.stop();
  runner.setBackend(backendSelect.value);
  void route();
});

for (const p of PAGES) {
  const a = document.createElement("a");
  a.href = `#/${p.id}`;
  a.textContent = p.title;
  a.dataset.page = p.id;
  nav.append(a);
}

function home(): void {
  const list = document.createElement("div");
  list.className = "home";
  const intro = document.createElement("p");
  intro.textContent =
    "Each page runs a Continuum package live in a Web Worker on the backend shown above: the same TypeScript " +
    "that runs in Node (see examples/node).";
  list.append(intro);
  for (const p of PAGES) {
    const a = document.createElement("a");
    a.href = `#/${p.id}`;
    a.className = "tile";
    a.innerHTML = `<strong></strong><code></code><span></span>`;
    a.querySelector("strong")!.textContent = p.title;
    a.querySelector("code")!.textContent = p.pkg;
    a.querySelector("span")!.textContent = p.blurb;
    list.append(a);
  }
  main.replaceChildren(list);
}

let routeToken = 0;
async function route(): Promise<void> {
  const token = ++routeToken;
  const id = location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";
  for (const a of nav.querySelectorAll("a")) a.classList.toggle("active", a.dataset.page === id);
  const page = PAGES.find((p) => p.id === id);
  if (!page) {
    home();
    return;
  }
  if (runner.busy) runner.stop();
  const header = document.createElement("header");
  header.className = "page-head";
  header.innerHTML = "<h1></h1><code></code><p></p>";
  header.querySelector("h1")!.textContent = page.title;
  header.querySelector("code")!.textContent = page.pkg;
  header.querySelector("p")!.textContent = page.blurb;
  const loading = document.createElement("p");
  loading.textContent = "loading the package in the worker…";
  main.replaceChildren(header, loading);
  main.dataset.page = page.id;
  main.dataset.ready = "false";
  try {
    const [entries, views] = await Promise.all([runner.probe(page.id), viewModules[page.id]!()]);
    if (token !== routeToken) return;
    loading.remove();
    if (entries.length === 0) {
      const n = document.createElement("div");
      n.className = "notice";
      n.dataset.testid = "notice";
      n.textContent = `Not available yet: ${page.pkg} has not landed, so this page has nothing to run.`;
      main.append(n);
    }
    for (const e of entries) main.append(scenarioCard(page.id, e, views.views[e.id], runner));
  } catch (e) {
    if (token !== routeToken) return;
    loading.className = "notice error";
    loading.textContent = `This page could not load its package: ${(e as Error).message}`;
  }
  main.dataset.ready = "true";
}

window.addEventListener("hashchange", () => void route());
// `?backend=wasm` (or webgpu, webgl, cpu) preselects a backend.
const requested = new URLSearchParams(location.search).get("backend");
if (requested && [...backendSelect.options].some((o) => o.value === requested))
  backendSelect.value = requested;
runner.setBackend(backendSelect.value);
void route();
