import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".safetensors": "application/octet-stream",
};

/**
 * A tiny static server for `dist/` that disables caching (every page load fetches everything) and records the
 * bytes served per path, which is how the browser suite measures what each page downloads.
 */
export function startStaticServer(root) {
  const served = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    if (path.endsWith("/")) path += "index.html";
    const file = join(root, path);
    let size;
    try {
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end("not found");
      return;
    }
    served.push({ path, bytes: size });
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Content-Length": size,
      "Cache-Control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        served,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}
