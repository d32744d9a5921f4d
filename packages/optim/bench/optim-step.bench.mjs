// Time per optimiser step (update + applyUpdates) vs torch.optim (float32 CPU, 1 thread).
// Run: npm run build -w @continuum/optim && npm run bench -- optim-step
import { join } from "node:path";
import { backendInfo, ready, tf, treeDispose } from "@continuum/core-tensor";
import { report, runPeer, timeit } from "../../../bench/lib.mjs";
import { adam, adamw, applyUpdates, disposeState, sgd } from "../dist/index.js";

await ready();
const here = new URL(".", import.meta.url).pathname;
const peer = runPeer(join(here, "peers/torch_step_peer.py"), [], { modules: ["torch"] });
if (!peer) console.log("# install the peer with: apt-get install -y python3-torch");

const shapes = {
  "mlp-4x50": [[2, 50], [50], [50, 50], [50], [50, 50], [50], [50, 50], [50], [50, 1], [1]],
  "vector-1e6": [[1_000_000]],
};
const makers = { sgd: () => sgd(1e-3, { momentum: 0.9 }), adam: () => adam(1e-3), adamw: () => adamw(1e-3) };

for (const [caseName, list] of Object.entries(shapes)) {
  const params = list.map((s) => tf.variable(tf.randomNormal(s)));
  const grads = list.map((s) => tf.randomNormal(s));
  for (const [name, make] of Object.entries(makers)) {
    const opt = make();
    let state = opt.init(params);
    const step = async () => {
      const r = opt.update(grads, state, params);
      state = r.state;
      applyUpdates(params, r.updates);
      treeDispose(r.updates);
      await params[0].data(); // wait for the backend
    };
    const ms = await timeit(step, { reps: 30, warmup: 5 });
    report({
      bench: "optim-step",
      case: `${caseName}/${name}`,
      metric: "ms",
      ours: ms,
      peer: peer?.ms?.[`${caseName}/${name}`] ?? null,
      extra: { backend: backendInfo().backend, peerName: peer ? `torch ${peer.torch}` : null },
    });
    disposeState(state);
  }
  treeDispose(params);
  treeDispose(grads);
}
