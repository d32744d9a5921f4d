import { adagrad, adam, adamax, adamw, lamb, lion, momentum, nadam, radam, rmsprop, sgd } from "./alias.js";
import { checkOptionNames } from "./internal/tree.js";
import { optimizers, schedules } from "./registries.js";
import { constantSchedule } from "./schedules/constant.js";
import { cosineDecaySchedule, warmupCosineDecaySchedule } from "./schedules/cosine.js";
import { exponentialDecaySchedule } from "./schedules/exponential.js";
import { linearSchedule } from "./schedules/linear.js";
import { oneCycleSchedule } from "./schedules/one-cycle.js";
import { piecewiseConstantSchedule } from "./schedules/piecewise-constant.js";

// Registration of the gradient-transformation aliases and schedules (side-effect module).
type O = Record<string, any>;
optimizers.register("sgd", (lr, o: O = {}) => sgd(lr, o));
optimizers.register("momentum", (lr, o: O = {}) => {
  // the positional alias behind a record: check its names like the other entries (weightDecay was ignored)
  checkOptionNames(o, ["beta", "nesterov"], "optimizers.get('momentum')", ["nesterov"]);
  return momentum(lr, o.beta, o.nesterov);
});
optimizers.register("adam", (lr, o: O = {}) => adam(lr, o));
optimizers.register("adamw", (lr, o: O = {}) => adamw(lr, o));
optimizers.register("adamax", (lr, o: O = {}) => adamax(lr, o));
optimizers.register("rmsprop", (lr, o: O = {}) => rmsprop(lr, o));
optimizers.register("adagrad", (lr, o: O = {}) => adagrad(lr, o));
optimizers.register("lion", (lr, o: O = {}) => lion(lr, o));
optimizers.register("lamb", (lr, o: O = {}) => lamb(lr, o));
optimizers.register("radam", (lr, o: O = {}) => radam(lr, o));
optimizers.register("nadam", (lr, o: O = {}) => nadam(lr, o));

schedules.register("constant", (o: { value: number }) => {
  checkOptionNames(o, ["value"], "schedules.get('constant')");
  return constantSchedule(o?.value);
});
schedules.register("linear", linearSchedule);
schedules.register("cosine", cosineDecaySchedule);
schedules.register("warmup-cosine", warmupCosineDecaySchedule);
schedules.register("exponential", exponentialDecaySchedule);
schedules.register("piecewise-constant", (o: { init: number; boundaries: Record<number, number> }) => {
  checkOptionNames(o, ["init", "boundaries"], "schedules.get('piecewise-constant')");
  return piecewiseConstantSchedule(o?.init, o?.boundaries);
});
schedules.register("one-cycle", oneCycleSchedule);
