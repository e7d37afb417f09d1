import { describe, expect, it } from "vitest";
import { pence, shortDate, humanise, toPence } from "./format";
import { fieldErrors, lastSegment } from "./lib/outcome";

describe("formatting for people", () => {
  it("writes money with pounds, thousands and pence", () => {
    expect(pence(123456789)).toBe("£1,234,567.89");
    expect(pence(5)).toBe("£0.05");
    expect(pence(toPence("21.5"))).toBe("£21.50");
    expect(pence(toPence("1234567"))).toBe("£1,234,567.00");
  });
  it("writes dates as GOV.UK does in tables", () => {
    expect(shortDate("2026-11-23")).toBe("23 Nov 2026");
    expect(humanise("extension_decision_due")).toBe("Extension decision due");
  });
});

describe("errors next to the field they concern", () => {
  it("takes the last part of the field path as the form field's name", () => {
    expect(lastSegment("round/RND-1/timetable.submission_deadline")).toBe("submission_deadline");
    expect(
      fieldErrors({
        source: "command",
        error: { code: "invalid", message: "m", field: "round/R/title", problems: [{ kind: "round", key: "R", field: "title", message: "Give the round a title" }] },
      }),
    ).toEqual({ title: "Give the round a title" });
  });
});
