import { edm } from "./processes/edm.js";
import { flowLinear, flowTrig } from "./processes/flow.js";
import { stochasticInterpolant } from "./processes/stochastic-interpolant.js";
import { subVp } from "./processes/sub-vp.js";
import { ve } from "./processes/ve.js";
import { vpCosine, vpLinear } from "./processes/vp.js";
import { processes } from "./registries.js";

processes.register("vp-linear", (o) => vpLinear(o));
processes.register("vp-cosine", (o) => vpCosine(o));
processes.register("sub-vp", (o) => subVp(o));
processes.register("ve", (o) => ve(o));
processes.register("edm", (o) => edm(o));
processes.register("flow-linear", () => flowLinear());
processes.register("flow-trig", () => flowTrig());
processes.register("interpolant", (o) => stochasticInterpolant(o));
