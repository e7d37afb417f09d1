import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { EvaluationModelForm, Outcome, RoundView } from "../../api";

const update = vi.fn<(form: EvaluationModelForm) => Promise<Outcome<RoundView>>>();
vi.mock("../../api", () => ({
  formChoices: async () => ({
    ok: true,
    value: { round_kinds: [], regimes: [], nations: [], conflicts: [], bid_statuses: [], price_formulas: [{ code: "relative", label: "Relative" }, { code: "linear", label: "Linear" }] },
  }),
  updateEvaluationModel: (form: EvaluationModelForm) => update(form),
}));

import ModelEditor from "./ModelEditor.svelte";

const question = (code: string, section: string, weight: string) => ({ code, title: `Question ${code}`, section, weight, min: 0, max: 5, minimum_mark: null, descriptors: [] });
const view = {
  key: "RND-TEST",
  model: {
    gates: [],
    quality_weight: "40",
    interview_weight: "20",
    social_value_weight: null,
    price_weight: "40",
    price_formula: "relative",
    price_formula_label: "Relative",
    price_basis: "hourly_rate",
    quality_threshold: "50",
    tie_break: [],
    award_rule: "Top 1 ranked bid(s) per lot",
    questions: [question("Q1", "quality", "20"), question("Q2", "quality", "20"), question("INT1", "interview", "20")],
  },
} as unknown as RoundView;

describe("the evaluation model editor", () => {
  beforeEach(() => update.mockReset());

  it("sends the model as edited and shows the core's message beside the question field it names", async () => {
    const user = userEvent.setup();
    update.mockResolvedValue({
      ok: false,
      failure: {
        source: "command",
        error: {
          code: "invalid",
          message: "refused",
          field: "rounds/RND-TEST/questions[1].weight",
          problems: [{ kind: "rounds", key: "RND-TEST", field: "questions[1].weight", message: "Q2: a percentage cannot be more than 100 (150 %)" }],
        },
      },
    });
    const reload = vi.fn();
    render(ModelEditor, { props: { view, reload } });
    await user.click(screen.getByRole("button", { name: "Edit evaluation model" }));
    const weight = document.getElementById("field-questions[1].weight") as HTMLInputElement;
    expect(weight.value).toBe("20");
    await user.clear(weight);
    await user.type(weight, "150");
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));

    expect(update).toHaveBeenCalledTimes(1);
    const sent = update.mock.calls[0]![0];
    expect(sent.round).toBe("RND-TEST");
    expect(sent.social_value_weight).toBeNull();
    expect(sent.award_places).toBeNull();
    expect(sent.questions.map((q) => [q.code, q.weight, q.max_mark, q.minimum_mark])).toEqual([
      ["Q1", "20", 5, null],
      ["Q2", "150", 5, null],
      ["INT1", "20", 5, null],
    ]);
    const beside = document.getElementById("field-questions[1].weight-error");
    expect(beside?.textContent).toContain("Q2: a percentage cannot be more than 100");
    expect(document.getElementById("field-questions[0].weight-error")).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });

  it("closes and reloads the round once the change is stored", async () => {
    const user = userEvent.setup();
    update.mockResolvedValue({ ok: true, value: view });
    const reload = vi.fn();
    render(ModelEditor, { props: { view, reload } });
    await user.click(screen.getByRole("button", { name: "Edit evaluation model" }));
    const places = document.getElementById("field-award_places") as HTMLInputElement;
    await user.type(places, "2");
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));
    expect(update.mock.calls[0]![0].award_places).toBe(2);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Edit evaluation model" })).toBeTruthy();
  });
});
