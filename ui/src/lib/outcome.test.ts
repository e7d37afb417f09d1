import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Failure } from "../api";
import ErrorSummary from "./ErrorSummary.svelte";
import { fieldErrors, fieldId, formField, summaryLines } from "./outcome";

const refusal = (fields: string[]): Failure => ({
  source: "command",
  error: {
    code: "invalid",
    message: "refused",
    field: `rounds/RND-T/${fields[0]}`,
    problems: fields.map((field) => ({ kind: "rounds", key: "RND-T", field, message: `Problem with ${field}` })),
  },
});

describe("the form field a problem names", () => {
  it("keeps the whole path after the record, so a list row's field is exact", () => {
    expect(formField("rounds/RND-1/questions[2].weight")).toBe("questions[2].weight");
    expect(formField("questions[2].weight")).toBe("questions[2].weight");
    expect(formField("gates[0].code")).toBe("gates[0].code");
    expect(formField(null)).toBe("");
    expect(fieldId("questions[2].weight")).toBe("field-questions[2].weight");
  });

  it("links each summary line to the full path, and keys messages by it", () => {
    const f = refusal(["questions[2].weight", "questions[0].weight", "price_formula"]);
    expect(summaryLines(f).map((l) => l.field)).toEqual(["questions[2].weight", "questions[0].weight", "price_formula"]);
    const errors = fieldErrors(f);
    expect(errors["questions[2].weight"]).toBe("Problem with questions[2].weight");
    expect(errors["questions[0].weight"]).toBe("Problem with questions[0].weight");
    expect(errors["price_formula"]).toBe("Problem with price_formula");
    // A form whose fields are named by their last part still finds its message.
    expect(fieldErrors(refusal(["timetable.submission_deadline"]))["submission_deadline"]).toBe(
      "Problem with timetable.submission_deadline",
    );
  });
});

describe("the error summary", () => {
  afterEach(() => document.body.replaceChildren());

  it("moves focus to the exact input of the row a problem names", async () => {
    const user = userEvent.setup();
    // Three rows with the same field: only the ids derived from the full path tell them apart.
    for (const i of [0, 1, 2]) {
      const input = document.createElement("input");
      input.id = fieldId(`questions[${i}].weight`);
      document.body.appendChild(input);
    }
    const weight = document.createElement("input");
    weight.id = "field-weight";
    document.body.appendChild(weight);
    render(ErrorSummary, { props: { failure: refusal(["questions[2].weight", "questions[0].weight"]) } });

    await user.click(screen.getByRole("button", { name: "Problem with questions[2].weight" }));
    expect(document.activeElement?.id).toBe("field-questions[2].weight");
    await user.click(screen.getByRole("button", { name: "Problem with questions[0].weight" }));
    expect(document.activeElement?.id).toBe("field-questions[0].weight");
  });
});
