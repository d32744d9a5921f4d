import { braessNetwork } from "./finite/games/braess-network.js";
import { crowdModelling1d } from "./finite/games/crowd-modelling-1d.js";
import { crowdModelling2d } from "./finite/games/crowd-modelling-2d.js";
import { linearQuadraticGame } from "./finite/games/linear-quadratic.js";
import { predatorPrey } from "./finite/games/predator-prey.js";
import { type FiniteMfgFactory, finiteGames } from "./registries.js";

for (const [name, factory] of [
  ["crowd-modelling-1d", crowdModelling1d],
  ["crowd-modelling-2d", crowdModelling2d],
  ["braess-network", braessNetwork],
  ["predator-prey", predatorPrey],
  ["linear-quadratic", linearQuadraticGame],
] as [string, FiniteMfgFactory][]) {
  if (!finiteGames.has(name)) finiteGames.register(name, factory);
}
