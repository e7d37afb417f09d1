import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import MarkGrid from "./MarkGrid.svelte";
import type { SaveRequest } from "./MarkGrid.svelte";
import type { Failure } from "../api";

const rows = [
  { submission: "SUB-A", label: "Alder Care", blocked: null },
  { submission: "SUB-B", label: "Birch Homecare", blocked: null },
  { submission: "SUB-C", label: "Cedar Support", blocked: "Conflict of interest declared" },
];
const columns = [
  { question: "Q1", label: "Q1", title: "Quality of care", min: 0, max: 5 },
  { question: "Q2", label: "Q2", title: "Workforce", min: 0, max: 5 },
];

function setup(save: (r: SaveRequest) => Promise<Failure | null>) {
  const user = userEvent.setup();
  render(MarkGrid, { props: { rows, columns, saved: { "SUB-B|Q2": { mark: 3, justification: "Adequate" } }, save, caption: "Marks" } });
  const cell = (r: number, c: number) => document.getElementById(`cell-${r}-${c}`) as HTMLInputElement;
  return { user, cell };
}

describe("the score-entry grid from the keyboard", () => {
  it("types a mark, tabs to the justification, and Enter saves it and moves to the next cell", async () => {
    const save = vi.fn(async () => null);
    const { user, cell } = setup(save);
    await user.click(cell(0, 0));
    await user.keyboard("4");
    await user.keyboard("{Tab}");
    expect(document.activeElement?.id).toBe("grid-justification");
    await user.keyboard("Clear plan for continuity{Enter}");
    expect(save).toHaveBeenCalledWith({ submission: "SUB-A", question: "Q1", mark: 4, justification: "Clear plan for continuity" });
    expect(document.activeElement).toBe(cell(0, 1));
    expect(cell(0, 0).value).toBe("4");
  });

  it("moves between cells with the arrow keys and shows saved marks", async () => {
    const { user, cell } = setup(vi.fn(async () => null));
    await user.click(cell(0, 0));
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(cell(1, 0));
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(cell(1, 1));
    expect(cell(1, 1).value).toBe("3");
    await user.keyboard("{ArrowRight}{ArrowUp}{ArrowUp}");
    expect(document.activeElement, "stops at the edges").toBe(cell(0, 1));
    await user.keyboard("{ArrowLeft}");
    expect(document.activeElement).toBe(cell(0, 0));
  });

  it("shows a refused mark's message in the cell and keeps the focus there", async () => {
    const failure: Failure = {
      source: "command",
      error: { code: "invalid", message: "refused", field: null, problems: [{ kind: "mark", key: "M1", field: "mark", message: "Mark 7 is above the maximum of 5 for Q1" }] },
    };
    const save = vi.fn(async () => failure);
    const { user, cell } = setup(save);
    await user.click(cell(0, 0));
    await user.keyboard("7{Enter}");
    expect(save).toHaveBeenCalledTimes(1);
    expect(screen.getByText("Mark 7 is above the maximum of 5 for Q1")).toBeTruthy();
    expect(cell(0, 0).getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(cell(0, 0));
  });

  it("refuses a blank or non-numeric mark without calling the core", async () => {
    const save = vi.fn(async () => null);
    const { user, cell } = setup(save);
    await user.click(cell(0, 0));
    await user.keyboard("x{Enter}");
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByText("Enter a whole number from 0 to 5")).toBeTruthy();
  });

  it("does not save a mark for a bid the evaluator is conflicted on", async () => {
    const save = vi.fn(async () => null);
    const { user, cell } = setup(save);
    await user.click(cell(2, 0));
    await user.keyboard("3{Enter}");
    expect(save).not.toHaveBeenCalled();
    expect(cell(2, 0).readOnly).toBe(true);
  });
});
