/** A titled plot (an `<svg>` or a Plot `<figure>`), built with any DOM `Document` (the page's, or linkedom's in Node). */
export interface Figure {
  title: string;
  node: Element;
}

/** A row of the summary table shown under a finished run and printed by the Node examples. */
export type SummaryRow = Record<string, string | number>;

/** How one scenario's data (partial snapshot or final result) is drawn. */
export interface View {
  figures(data: any, opts: { document: Document; final: boolean }): Figure[];
  summary?(result: any): SummaryRow[];
}

/** The views of one page, keyed by scenario id. */
export type ViewModule = { views: Record<string, View> };

/** Format a number compactly for tables. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? Number(x.toPrecision(digits)).toString() : x.toExponential(digits - 1);
}
