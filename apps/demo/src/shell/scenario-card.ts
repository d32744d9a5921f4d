import type { Control, Params } from "../scenarios/types.js";
import type { View } from "../views/types.js";
import type { ProbeEntry } from "../worker/protocol.js";
import { type Runner, StoppedError, UnavailableError } from "./runner.js";

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function controlInput(c: Control, value: string | number): HTMLElement {
  const label = el("label", {}, `${c.label} `);
  if (c.kind === "select") {
    const s = el("select", { name: c.key });
    for (const o of c.options) s.append(el("option", { value: o }, o));
    s.value = String(value);
    label.append(s);
  } else {
    const i = el("input", { name: c.key, type: "number", value: String(value) });
    if (c.min !== undefined) i.min = String(c.min);
    if (c.max !== undefined) i.max = String(c.max);
    if (c.step !== undefined) i.step = String(c.step);
    label.append(i);
  }
  return label;
}

function notice(text: string, cls = "notice"): HTMLElement {
  return el("div", { class: cls, "data-testid": "notice" }, text);
}

/** Draw a view's figures (and, when final, its summary table) into `out`. */
function draw(out: HTMLElement, view: View | undefined, data: unknown, final: boolean): void {
  if (!view) return;
  const figs = view.figures(data, { document, final });
  out.replaceChildren(
    ...figs.map((f) => {
      const box = el("figure", { class: "plot" });
      box.append(el("figcaption", {}, f.title), f.node);
      return box;
    }),
  );
  if (final && view.summary) {
    const rows = view.summary(data);
    if (rows.length > 0) {
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]; // rows may differ (e.g. live vs pre-trained)
      const table = el("table", { class: "summary" });
      const head = el("tr");
      for (const k of keys) head.append(el("th", {}, k));
      table.append(head);
      for (const r of rows) {
        const tr = el("tr");
        for (const k of keys) tr.append(el("td", {}, String(r[k] ?? "")));
        table.append(tr);
      }
      out.append(table);
    }
  }
}

/**
 * One scenario on a page: its controls, run and stop buttons, a progress bar, and live plots. The `data-state`
 * attribute (idle, running, done, stopped, error, unavailable) is what the browser tests read.
 */
export function scenarioCard(
  page: string,
  entry: ProbeEntry,
  view: View | undefined,
  runner: Runner,
): HTMLElement {
  const card = el("section", { class: "card", "data-scenario": `${page}/${entry.id}`, "data-state": "idle" });
  card.append(el("h2", {}, entry.title), el("p", { class: "desc" }, entry.description));
  if (entry.missing.length > 0) {
    card.dataset.state = "unavailable";
    card.append(
      notice(
        `Not available yet: this scenario needs ${entry.missing.join(", ")}, which the package does not export. ` +
          "It will run here as soon as the package lands.",
      ),
    );
    return card;
  }
  const form = el("form", { class: "controls" });
  form.noValidate = true;
  // `?quick` in the URL (the browser tests) starts the controls at the scenario's quick settings.
  const quick = new URLSearchParams(location.search).has("quick");
  const initial = { ...entry.defaults, ...(quick ? entry.quick : {}) };
  for (const c of entry.controls) form.append(controlInput(c, initial[c.key] ?? ""));
  const runBtn = el("button", { type: "submit", "data-testid": "run" }, "Run");
  const stopBtn = el("button", { type: "button", "data-testid": "stop", disabled: "" }, "Stop");
  form.append(runBtn, stopBtn);
  const bar = el("progress", { max: "1", value: "0", "data-testid": "progress" });
  const status = el("span", { class: "status", "data-testid": "status" }, "idle");
  const out = el("div", { class: "figures" });
  card.append(form, el("div", { class: "progress-row" }), out);
  card.querySelector(".progress-row")!.append(bar, status);

  let updates = 0;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (runner.busy) {
      status.textContent = "another run is in progress: stop it first";
      return;
    }
    const params: Params = {};
    for (const c of entry.controls) {
      const input = form.elements.namedItem(c.key) as HTMLInputElement | HTMLSelectElement;
      params[c.key] = c.kind === "number" ? Number(input.value) : input.value;
    }
    updates = 0;
    card.dataset.state = "running";
    card.dataset.updates = "0";
    runBtn.disabled = true;
    stopBtn.disabled = false;
    bar.value = 0;
    status.textContent = "starting…";
    runner
      .run(
        page,
        entry.id,
        params,
        (fraction, message, partial) => {
          updates++;
          card.dataset.updates = String(updates);
          bar.value = fraction;
          status.textContent = `${Math.round(fraction * 100)}%${message ? ` · ${message}` : ""}`;
          if (partial !== undefined) draw(out, view, partial, false);
        },
        quick,
      )
      .then(({ result, ms }) => {
        bar.value = 1;
        status.textContent = `done in ${(ms / 1000).toFixed(2)} s`;
        draw(out, view, result, true);
        card.dataset.state = "done";
      })
      .catch((e: Error) => {
        if (e instanceof StoppedError) {
          status.textContent = "stopped";
          card.dataset.state = "stopped";
        } else if (e instanceof UnavailableError) {
          out.replaceChildren(notice(e.message));
          status.textContent = "not available yet";
          card.dataset.state = "unavailable";
        } else {
          out.prepend(notice(`Error: ${e.message}`, "notice error"));
          status.textContent = "error";
          card.dataset.state = "error";
          console.warn(`[${page}/${entry.id}]`, e.message);
        }
      })
      .finally(() => {
        runBtn.disabled = false;
        stopBtn.disabled = true;
      });
  });
  stopBtn.addEventListener("click", () => runner.stop());
  return card;
}
