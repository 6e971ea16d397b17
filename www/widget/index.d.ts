// Types of the Touchpoints widget: <touchpoints-chart> and <touchpoints-report>.
// The core's own types (Session, presets …) are in ./pkg/touchpoints.d.ts.

/** One event of the `data` property (the core's JSON reader; extra columns are allowed). */
export interface TouchpointsEvent {
  journey: string;
  /** ISO 8601 date-time, or seconds into a video. */
  time: string | number;
  touchpoint: string;
  channel?: string;
  value?: number;
  cost?: number;
  rating?: number;
  expectation?: number;
  converted?: boolean | string;
  [column: string]: unknown;
}

/** The report of the core (see docs and `definitions` for every figure). */
export interface TouchpointsReportData {
  rules: string;
  events: number;
  journeys: number;
  unique_touchpoints: number;
  definitions: Record<string, string>;
  [key: string]: unknown;
}

export type TouchpointsChartName =
  | "by-kind" | "by-owner" | "by-stage" | "by-media" | "by-direction"
  | "top-touchpoints" | "timeline" | "engagement" | "rfm" | "lifecycle" | "satisfaction" | "pareto"
  | "funnel" | "funnel-flow" | "funnel-time" | "paths" | "transitions" | "journey-map"
  | "attribution" | "attribution-value";

export type TouchpointsSection = "counts" | "engagement" | "value" | "notes" | "all";

declare abstract class TouchpointsElement extends HTMLElement {
  /** Events instead of `src` (wins over it). Setting it re-renders. */
  data: TouchpointsEvent[] | undefined;
  /** The last report (after `touchpoints-ready`). */
  readonly report: TouchpointsReportData | undefined;
}

/** `<touchpoints-chart src chart preset rules theme lang downloads steps>` (`steps`: the funnel's steps, e.g. "Website visit, Online order") */
export declare class TouchpointsChart extends TouchpointsElement {
  static define(tag?: string): void;
}

/** `<touchpoints-report src sections preset rules theme lang downloads>` */
export declare class TouchpointsReport extends TouchpointsElement {
  static define(tag?: string): void;
  readonly sections: Exclude<TouchpointsSection, "all">[];
}

/**
 * Loads a wasm core once (shared by every widget of the page): "journeys" (the default,
 * every chart, in pkg-journeys/) or "basic" (the counts, engagement and value charts, in pkg/:
 * a smaller download, what `<touchpoints-report>` and those charts load).
 */
export declare function loadCore(kind?: "journeys" | "basic"): Promise<typeof import("./pkg/touchpoints.js")>;

export interface TouchpointsReadyEvent extends CustomEvent<{ report: TouchpointsReportData }> {}
export interface TouchpointsErrorEvent extends CustomEvent<{ message: string }> {}

declare global {
  interface HTMLElementTagNameMap {
    "touchpoints-chart": TouchpointsChart;
    "touchpoints-report": TouchpointsReport;
  }
  interface HTMLElementEventMap {
    "touchpoints-ready": TouchpointsReadyEvent;
    "touchpoints-error": TouchpointsErrorEvent;
  }
}
