import type { TermPosition } from "../bindings/TermPosition";
import type { Lane, Period } from "./charts/Timeline.svelte";

/** The day after an ISO date. */
export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A term as a lane of the timeline chart: the initial term, then each option in order. */
export function termLane(label: string, term: TermPosition): Lane {
  const periods: Period[] = [{ start: term.start, end: term.initial_end, kind: "initial", label: "Initial term" }];
  let previousEnd = term.initial_end;
  for (const o of term.options) {
    const kind = o.status === "exercised" ? "exercised" : o.status === "declined" ? "declined" : "available";
    periods.push({ start: dayAfter(previousEnd), end: o.period_end, kind, label: `Option ${o.number} (${o.months} months, ${o.status})` });
    if (kind !== "declined") previousEnd = o.period_end;
  }
  return { label, periods };
}
