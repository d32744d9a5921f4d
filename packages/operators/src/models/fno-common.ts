import type { tf } from "@continuum/core-tensor";
import { nonNegativeInt, positiveInt } from "../internal/validate.js";
import { spectralInit } from "../spectral/spectral-conv1d.js";
import { resolveSpectralMethod, type SpectralMethod } from "../spectral/spectral-method.js";
import {
  type OperatorActivation,
  type PointwiseParams,
  pointwiseInit,
  resolveOperatorActivation,
} from "./layers.js";

/** Options shared by {@link fno1d} and {@link fno2d} (each adds its modes). */
export interface FnoCommonOptions {
  /** Input channels of the function `a(x)` (without the grid channels). */
  inChannels: number;
  outChannels: number;
  /** Channel width of the Fourier layers (FNO paper: 64 in 1-D, 32 for Darcy). */
  width: number;
  /** Number of Fourier layers (default 4). */
  layers?: number;
  /** Hidden width of the projection MLP (default 128). */
  projection?: number;
  /** Append the grid coordinates in [0, 1] as input channels (default true). */
  grid?: boolean;
  /**
   * Zero-padding points appended along each axis after lifting, for non-periodic data (default 0: periodic).
   * A fixed count pads a different fraction of the domain at each resolution, so the learned kernel acts on a
   * different period when the model is evaluated on another grid; prefer {@link FnoCommonOptions.domainPadding}
   * for zero-shot super-resolution.
   */
  padding?: number;
  /**
   * Zero padding as a fraction of the resolution, `round(domainPadding · S)` points per axis (neuraloperator's
   * `domain_padding`, e.g. 0.125): the padded period stays the same fraction of the domain at every resolution,
   * which keeps the model discretisation-invariant on non-periodic data. Exclusive with `padding`.
   */
  domainPadding?: number;
  activation?: OperatorActivation;
  method?: SpectralMethod;
  seed?: number;
}

/** Parameters of an FNO (1-D or 2-D): lifting, per-layer spectral weights and 1×1 skips, two-layer projection. */
export interface FnoParams {
  [key: string]: unknown;
  lift: PointwiseParams;
  spectral: { wr: tf.Variable; wi: tf.Variable }[];
  skip: PointwiseParams[];
  proj1: PointwiseParams;
  proj2: PointwiseParams;
}

/** The validated common options of an FNO, with their defaults applied. */
export interface FnoSettings {
  inC: number;
  outC: number;
  width: number;
  L: number;
  hidden: number;
  /** Zero-padding points appended to an axis of `S` points (fixed `padding` or `round(domainPadding · S)`). */
  padFor: (S: number) => number;
  useGrid: boolean;
  act: (x: tf.Tensor) => tf.Tensor;
  method: SpectralMethod;
  seed: number;
}

/** Validate and default the options every FNO shares; `where` ("fno1d", "fno2d") prefixes the errors. */
export function fnoSettings(options: FnoCommonOptions, where: string): FnoSettings {
  return {
    inC: positiveInt(options?.inChannels, `${where}: options.inChannels`),
    outC: positiveInt(options.outChannels, `${where}: options.outChannels`),
    width: positiveInt(options.width, `${where}: options.width`),
    L: positiveInt(options.layers ?? 4, `${where}: options.layers`),
    hidden: positiveInt(options.projection ?? 128, `${where}: options.projection`),
    padFor: paddingRule(options, where),
    useGrid: booleanOption(options.grid, true, `${where}: options.grid`),
    act: resolveOperatorActivation(options.activation, where),
    method: checkedMethod(options.method ?? "auto", where),
    seed: options.seed ?? 0,
  };
}

function paddingRule(options: FnoCommonOptions, where: string): (S: number) => number {
  const pad = nonNegativeInt(options.padding ?? 0, `${where}: options.padding`);
  const fraction = options.domainPadding ?? 0;
  if (typeof fraction !== "number" || !Number.isFinite(fraction) || fraction < 0)
    throw new Error(
      `${where}: options.domainPadding must be a non-negative finite fraction of the resolution, received ${String(fraction)}`,
    );
  if (pad > 0 && fraction > 0)
    throw new Error(
      `${where}: give options.padding (${pad} points) or options.domainPadding (${fraction} of the resolution), not both`,
    );
  return fraction > 0 ? (S) => Math.round(fraction * S) : () => pad;
}

function booleanOption(v: unknown, fallback: boolean, name: string): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new Error(`${name} must be true or false, received ${JSON.stringify(v)}`);
  return v;
}

/** Reject an unknown spectral method when the model is built rather than at its first forward pass. */
function checkedMethod(method: SpectralMethod, where: string): SpectralMethod {
  try {
    resolveSpectralMethod(method, 2, 1);
  } catch {
    throw new Error(
      `${where}: options.method must be "auto", "dft" or "fft", received ${JSON.stringify(method)}`,
    );
  }
  return method;
}

/**
 * Initialise an FNO's parameters: `liftIn` input channels (data + grid), spectral weights of shape
 * `[...modeShape, width, width]` per layer. Each piece has its own seed derived from `s.seed`.
 */
export function initFnoParams(s: FnoSettings, liftIn: number, modeShape: readonly number[]): FnoParams {
  const { width, hidden, outC, L, seed } = s;
  const params: FnoParams = {
    lift: pointwiseInit(liftIn, width, seed * 1000 + 1),
    spectral: [],
    skip: [],
    proj1: pointwiseInit(width, hidden, seed * 1000 + 2),
    proj2: pointwiseInit(hidden, outC, seed * 1000 + 3),
  };
  for (let l = 0; l < L; l++) {
    const [wr, wi] = spectralInit([...modeShape, width, width], width, width, seed * 1000 + 10 + l);
    params.spectral.push({ wr, wi });
    params.skip.push(pointwiseInit(width, width, seed * 1000 + 100 + l));
  }
  return params;
}
