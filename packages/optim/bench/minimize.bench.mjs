// L-BFGS / BFGS iterations, evaluations and wall time vs SciPy on the classics (analytic gradients).
// Run: npm run build -w @continuum/optim && npm run bench -- minimize
import { join } from "node:path";
import { report, runPeer, timeit } from "../../../bench/lib.mjs";
import { minimize } from "../dist/index.js";
import { beale, booth, extendedPowell, rosenbrock, trigonometric } from "../dist/testing.js";

const here = new URL(".", import.meta.url).pathname;
const peer = runPeer(join(here, "peers/scipy_peer.py"), [], { modules: ["scipy"] });
if (!peer) console.log("# install the peer with: apt-get install -y python3-scipy");
const problems = {
  "rosenbrock-2": rosenbrock(2),
  "rosenbrock-5": rosenbrock(5, [1.3, 0.7, 0.8, 1.9, 1.2]),
  "rosenbrock-10": rosenbrock(10),
  "rosenbrock-100": rosenbrock(100),
  beale: beale(),
  booth: booth(),
  "extended-powell-8": extendedPowell(8),
  "trigonometric-10": trigonometric(10),
};
for (const [name, p] of Object.entries(problems)) {
  for (const method of ["L-BFGS-B", "BFGS"]) {
    const ours = method === "L-BFGS-B" ? "L-BFGS" : method;
    const r = minimize(p.f, p.x0, { method: ours, jac: p.grad });
    const ref = peer?.[`${name}/${method}`];
    const ms = await timeit(() => minimize(p.f, p.x0, { method: ours, jac: p.grad }), { reps: 5 });
    for (const [metric, v] of [
      ["nit", r.nit],
      ["nfev", r.nfev],
      ["ms", ms],
    ])
      report({
        bench: "minimize",
        case: `${name}/${method}`,
        metric,
        ours: v,
        peer: ref?.[metric] ?? null,
        extra: { fun: r.fun, peerFun: ref?.fun ?? null },
      });
  }
}
