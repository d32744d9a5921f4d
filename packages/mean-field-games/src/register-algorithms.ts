import { dampedFixedPoint } from "./finite/algorithms/fixed-point.js";
import { fictitiousPlay } from "./finite/algorithms/fictitious-play.js";
import { onlineMirrorDescent } from "./finite/algorithms/online-mirror-descent.js";
import { priorDescent } from "./finite/algorithms/prior-descent.js";
import { finiteAlgorithms } from "./registries.js";

for (const [name, algorithm] of [
  ["fictitious-play", fictitiousPlay],
  ["online-mirror-descent", onlineMirrorDescent],
  ["fixed-point", dampedFixedPoint],
  ["prior-descent", priorDescent],
] as const) {
  if (!finiteAlgorithms.has(name)) finiteAlgorithms.register(name, algorithm);
}
