// Browser stand-in for the POSIX `node:path` functions the unit tests' fixture helpers use.
export const sep = "/";

export function normalize(p) {
  const abs = p.startsWith("/");
  const out = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out.at(-1) !== "..") out.pop();
    else if (part !== ".." || !abs) out.push(part);
  }
  return (abs ? "/" : "") + out.join("/");
}

export const join = (...parts) => normalize(parts.filter((p) => p !== "").join("/"));
export const resolve = (...parts) => {
  let p = "";
  for (const part of parts) p = part.startsWith("/") ? part : `${p}/${part}`;
  return normalize(p);
};
export const dirname = (p) => {
  const n = normalize(p);
  const i = n.lastIndexOf("/");
  return i <= 0 ? (n.startsWith("/") ? "/" : ".") : n.slice(0, i);
};
export const basename = (p) => normalize(p).split("/").pop() ?? "";
export default { sep, normalize, join, resolve, dirname, basename };
