import { describe, expect, it } from "vitest";
import { createRegistry } from "./registry.js";

describe("createRegistry", () => {
  it("registers, gets and lists names", () => {
    const r = createRegistry<number>("widget");
    r.register("a", 1);
    r.register("b", 2);
    expect(r.get("b")).toBe(2);
    expect(r.names()).toEqual(["a", "b"]);
    expect(r.list()).toEqual([1, 2]);
    expect(r.has("a")).toBe(true);
  });
  it("refuses a duplicate name and lists the known ones", () => {
    const r = createRegistry<number>("widget");
    r.register("a", 1);
    expect(() => r.register("a", 3)).toThrow(/widget 'a' is already registered \(known: a\)/);
    r.register("a", 3, { override: true });
    expect(r.get("a")).toBe(3);
  });
  it("rejects an unknown name with the known names", () => {
    const r = createRegistry<number>("ODE solver");
    r.register("euler", 1);
    r.register("rk4", 4);
    expect(() => r.get("rk9")).toThrow("unknown ODE solver 'rk9'; known: euler, rk4");
  });
  it("rejects bad names and kinds", () => {
    expect(() => createRegistry("")).toThrow(/kind must be a non-empty string/);
    const r = createRegistry<number>("x");
    expect(() => r.register("", 1)).toThrow(/name must be a non-empty string/);
  });
});
