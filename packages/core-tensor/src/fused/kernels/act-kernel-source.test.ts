import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACT_KERNEL_C_SHA256 } from "./act-kernel-wasm.js";

describe("act-kernel binary", () => {
  it("was compiled from the committed act-kernel.c (regenerate with gen-act-kernel.mjs after editing it)", () => {
    const source = readFileSync(new URL("./act-kernel.c", import.meta.url), "utf8");
    expect(createHash("sha256").update(source).digest("hex")).toBe(ACT_KERNEL_C_SHA256);
  });
});
