import { existsSync } from "node:fs";
import { packageConfig } from "../../tsup.base.js";

const entries: Record<string, string> = {
  index: "src/index.ts",
  "register-gradients": "src/register-gradients.ts",
  testing: "src/testing/index.ts",
  registry: "src/registry/index.ts",
  linalg: "src/linalg/index.ts",
  fft: "src/fft/index.ts",
};

export default packageConfig(
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  { external: [/^@tensorflow\//, "webgpu", "fft.js", "ml-matrix"] },
);
