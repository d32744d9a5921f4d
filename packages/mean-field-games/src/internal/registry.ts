/** Registries come from core-tensor (one `createRegistry` for every Continuum extension point). */
export { createRegistry, type Registry } from "@continuum/core-tensor";
