import type { FiniteMfg, Successors } from "../game.js";

/** Options of {@link braessNetwork}. */
export interface BraessNetworkOptions {
  /** Number of drivers travelling from O to D (classic setting: 4000). */
  readonly drivers?: number;
  /** Whether the zero-latency road A→B exists (the paradox: adding it raises every driver's travel time). */
  readonly withShortcut?: boolean;
}

interface Link {
  readonly from: string;
  readonly to: string;
  /** Travel time as a function of the number of drivers using the link. */
  readonly latency: (drivers: number) => number;
  readonly label: string;
}

/**
 * Braess's paradox as a static routing mean-field game (Braess 1968; the classic 4000-driver example). Links
 * O→A and B→D take `drivers/100` minutes, O→B and A→D take 45, the optional shortcut A→B takes 0. States are
 * "at O" and "just drove link e"; actions pick the next outgoing link, and the cost of a link is its latency at
 * the total flow on it, `drivers * sum_t mu_t(e)` (each route uses a link at most once). Rewards are minus
 * travel times, so the Wardrop equilibrium is the MFG Nash equilibrium: without the shortcut the drivers split
 * 2000/2000 and each needs 65 minutes; with it every driver takes O→A→B→D and needs 80.
 *
 * @example
 * ```ts
 * const res = solve(braessNetwork({ withShortcut: true }), { algorithm: "fictitious-play", iterations: 200 });
 * -res.history.at(-1)!.policyValue; // ≈ 80 minutes (65 without the shortcut)
 * ```
 */
export function braessNetwork(options: BraessNetworkOptions = {}): FiniteMfg {
  const drivers = options.drivers ?? 4000;
  const withShortcut = options.withShortcut ?? true;
  if (!(drivers > 0) || !Number.isFinite(drivers))
    throw new Error(`braessNetwork: drivers must be a positive number, received ${drivers}`);
  if (typeof withShortcut !== "boolean")
    throw new Error(`braessNetwork: withShortcut must be true or false, received ${String(withShortcut)}`);
  const links: Link[] = [
    { from: "O", to: "A", latency: (n) => n / 100, label: "O->A" },
    { from: "O", to: "B", latency: () => 45, label: "O->B" },
    { from: "A", to: "D", latency: () => 45, label: "A->D" },
    { from: "B", to: "D", latency: (n) => n / 100, label: "B->D" },
  ];
  if (withShortcut) links.push({ from: "A", to: "B", latency: () => 0, label: "A->B" });
  // states: 0 = at O, 1..L = just drove link L-1, L+1 = arrived (absorbing)
  const L = links.length;
  const arrived = L + 1;
  const S = L + 2;
  const nodeOf = (s: number) => (s === 0 ? "O" : s === arrived ? "D" : links[s - 1]!.to);
  const outgoing = (s: number): number[] => {
    if (s === arrived) return [];
    const node = nodeOf(s);
    return links.flatMap((l, i) => (l.from === node ? [i] : []));
  };
  const A = Math.max(...Array.from({ length: S }, (_, s) => Math.max(1, outgoing(s).length)));
  const horizon = withShortcut ? 3 : 2;
  const successorTable: Successors[] = [];
  for (let s = 0; s < S; s++) {
    const out = outgoing(s);
    for (let a = 0; a < A; a++) {
      const next = out.length === 0 || nodeOf(s) === "D" ? arrived : a < out.length ? out[a]! + 1 : arrived;
      successorTable.push({ states: [next], probs: [1] });
    }
  }
  return {
    name: `braess-network(drivers=${drivers}, withShortcut=${withShortcut})`,
    numStates: S,
    numActions: A,
    horizon,
    initialDistribution: Array.from({ length: S }, (_, s) => (s === 0 ? 1 : 0)),
    stateNames: ["O", ...links.map((l) => l.label), "arrived"],
    isLegal: (s, a) => {
      const out = outgoing(s);
      return out.length === 0 || nodeOf(s) === "D" ? a === 0 : a < out.length;
    },
    successors: (_t, s, a) => successorTable[s * A + a]!,
    reward(_t, s, a, mu) {
      const out = outgoing(s);
      if (out.length === 0 || a >= out.length) return 0;
      const e = out[a]!;
      let flow = 0;
      for (let t = 0; t <= horizon; t++) flow += mu[t * S + e + 1]!;
      return -links[e]!.latency(drivers * flow);
    },
    terminalReward: (s) => (s === arrived || nodeOf(s) === "D" ? 0 : -1e6),
  };
}
