// Registration lives in its own file, listed in "sideEffects", so importing it is what plugs the method in.
import { odeSolvers } from "@continuum/ode";
import { ralston3 } from "./ralston3.js";

if (!odeSolvers.has("Ralston3")) odeSolvers.register("Ralston3", ralston3);
