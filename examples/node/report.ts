import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { parseHTML } from "linkedom";
import type { Figure, SummaryRow } from "../../apps/demo/src/views/types.js";

/** A DOM `Document` for Observable Plot in Node (linkedom). */
export function nodeDocument(): Document {
  const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>");
  // Plot draws continuous colour legends on a <canvas>; linkedom has none, so give it a no-op 2-D context
  // (the ramp image is then blank in Node reports; its ticks and label are kept).
  const create = document.createElement.bind(document);
  document.createElement = ((tag: string, ...rest: unknown[]) => {
    const el = (create as (t: string, ...r: unknown[]) => any)(tag, ...rest);
    if (tag.toLowerCase() === "canvas") {
      el.getContext = () => new Proxy({}, { get: () => () => undefined, set: () => true });
      el.toDataURL = () => "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    }
    return el;
  }) as typeof document.createElement;
  return document as unknown as Document;
}

/** `reports/<name>/<timestamp>/`, never an existing folder (a suffix is added if two runs share a second). */
export function reportDir(root: string, name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace("Z", "");
  let dir = join(root, name, stamp);
  for (let i = 1; existsSync(dir); i++) dir = join(root, name, `${stamp}-${i}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The plot's own `<svg>`: a Plot `<figure>` also holds small legend swatch SVGs, so take the widest. */
function svgOf(node: Element): Element | null {
  if (node.tagName.toLowerCase() === "svg") return node;
  const svgs = [...node.querySelectorAll("svg")];
  return (
    svgs.sort((a, b) => Number(b.getAttribute("width") ?? 0) - Number(a.getAttribute("width") ?? 0))[0] ??
    null
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** Render figures to PNG (resvg) and write index.html (inline SVG plots + summary table) and result.json. */
export function writeReport(
  dir: string,
  meta: { title: string; description: string; params: object; ms: number; backend: string },
  figures: Figure[],
  summary: SummaryRow[],
  result: unknown,
): { pngs: string[] } {
  const pngs: string[] = [];
  const blocks = figures.map((f, i) => {
    const svg = svgOf(f.node);
    let png = "";
    if (svg) {
      svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
      const file = `figure-${i + 1}.png`;
      const r = new Resvg(svg.outerHTML, {
        background: "white",
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
        fitTo: { mode: "zoom", value: 2 },
      });
      writeFileSync(join(dir, file), r.render().asPng());
      pngs.push(file);
      png = ` <a href="${file}">PNG</a>`;
    }
    return `<figure><figcaption>${escapeHtml(f.title)}${png}</figcaption>${f.node.outerHTML}</figure>`;
  });
  const keys = summary.length ? Object.keys(summary[0]!) : [];
  const table = summary.length
    ? `<table><tr>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join("")}</tr>${summary
        .map((r) => `<tr>${keys.map((k) => `<td>${escapeHtml(String(r[k] ?? ""))}</td>`).join("")}</tr>`)
        .join("")}</table>`
    : "";
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(meta.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:1rem auto;padding:0 1rem}
figure{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top}figcaption{font-weight:600}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style></head><body>
<h1>${escapeHtml(meta.title)}</h1><p>${escapeHtml(meta.description)}</p>
<p>backend <code>${escapeHtml(meta.backend)}</code>, ${(meta.ms / 1000).toFixed(2)} s, parameters <code>${escapeHtml(
    JSON.stringify(meta.params),
  )}</code>, ${new Date().toISOString()}</p>
${blocks.join("\n")}
${table}
</body></html>`;
  writeFileSync(join(dir, "index.html"), html);
  writeFileSync(
    join(dir, "result.json"),
    JSON.stringify(result, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)),
  );
  return { pngs };
}
