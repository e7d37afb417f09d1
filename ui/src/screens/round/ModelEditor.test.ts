import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { EvaluationModelForm, Outcome, RoundView } from "../../api";
import type { Section } from "../../bindings/Section";

const update = vi.fn<(form: EvaluationModelForm) => Promise<Outcome<RoundView>>>();
const question = (code: string, section: Section, weight: string) => ({ code, title: `Question ${code}`, section, weight, max_mark: 5, minimum_mark: null });
const filled: EvaluationModelForm = {
  round: "RND-TEST",
  quality_weight: "40",
  interview_weight: "20",
  social_value_weight: null,
  price_weight: "40",
  questions: [question("Q1", "quality", "20"), question("Q2", "quality", "20"), question("INT1", "interview", "20")],
  quality_threshold: "50",
  price_formula: "relative",
  award_places: null,
  gates: [{ code: "CQC", title: "Registered with the CQC" }],
  tie_break: ["higher_quality", "lower_price", "drawing_of_lots"],
  price_basis: "hourly_rate",
};
vi.mock("../../api", () => ({
  formChoices: async () => ({
    ok: true,
    value: {
      round_kinds: [],
      regimes: [],
      nations: [],
      conflicts: [],
      bid_statuses: [],
      price_formulas: [{ code: "relative", label: "Relative" }, { code: "linear", label: "Linear" }],
      tie_breaks: [
        { code: "higher_quality", label: "higher quality score" },
        { code: "higher_interview", label: "higher interview score" },
        { code: "lower_price", label: "lower price" },
        { code: "drawing_of_lots", label: "drawing of lots" },
      ],
      price_bases: [{ code: "hourly_rate", label: "A single hourly rate" }, { code: "zone_basket", label: "Zone rates" }],
      sections: [
        { code: "quality", label: "Quality" },
        { code: "interview", label: "Interview" },
        { code: "social_value", label: "Social value" },
      ],
    },
  }),
  evaluationModelForm: async () => ({ ok: true, value: structuredClone(filled) }),
  updateEvaluationModel: (form: EvaluationModelForm) => update(form),
}));

import ModelEditor from "./ModelEditor.svelte";

const view = { key: "RND-TEST", model: { award_rule: "Top 1 ranked bid(s) per lot" } } as unknown as RoundView;

const refusal = (field: string, message: string): Outcome<RoundView> => ({
  ok: false,
  failure: { source: "command", error: { code: "invalid", message: "refused", field: `rounds/RND-TEST/${field}`, problems: [{ kind: "rounds", key: "RND-TEST", field, message }] } },
});

const input = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;

async function opened() {
  const user = userEvent.setup();
  const reload = vi.fn();
  render(ModelEditor, { props: { view, reload } });
  await user.click(screen.getByRole("button", { name: "Edit evaluation model" }));
  await screen.findByRole("button", { name: "Save the evaluation model" });
  return { user, reload };
}

const sent = (): EvaluationModelForm => update.mock.calls.at(-1)![0];

describe("the evaluation model editor", () => {
  beforeEach(() => update.mockReset());

  it("sends the model as edited and shows the core's message beside the question field it names", async () => {
    update.mockResolvedValue(refusal("questions[1].weight", "Q2: a percentage cannot be more than 100 (150 %)"));
    const { user, reload } = await opened();
    const weight = input("field-questions[1].weight");
    expect(weight.value).toBe("20");
    await user.clear(weight);
    await user.type(weight, "150");
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));

    expect(update).toHaveBeenCalledTimes(1);
    expect(sent().round).toBe("RND-TEST");
    expect(sent().social_value_weight).toBeNull();
    expect(sent().award_places).toBeNull();
    expect(sent().questions.map((q) => [q.code, q.weight, q.max_mark, q.minimum_mark])).toEqual([
      ["Q1", "20", 5, null],
      ["Q2", "150", 5, null],
      ["INT1", "20", 5, null],
    ]);
    expect(document.getElementById("field-questions[1].weight-error")?.textContent).toContain("Q2: a percentage cannot be more than 100");
    expect(document.getElementById("field-questions[0].weight-error")).toBeNull();
    // The summary's link focuses that row's weight input, not another row's.
    await user.click(screen.getByRole("button", { name: "Q2: a percentage cannot be more than 100 (150 %)" }));
    expect(document.activeElement).toBe(weight);
    expect(reload).not.toHaveBeenCalled();
  });

  it("adds a question row with its code and section, and removes one", async () => {
    update.mockResolvedValue({ ok: true, value: view });
    const { user, reload } = await opened();
    await user.click(screen.getByRole("button", { name: "Remove Q2" }));
    expect(document.querySelector('[data-question="Q2"]')).toBeNull();
    await user.click(screen.getByRole("button", { name: "Add a question" }));
    // The new row is the third: Q1, INT1, then the new one.
    await user.type(input("field-questions[2].code"), "SV1");
    await user.selectOptions(input("field-questions[2].section"), "social_value");
    await user.type(input("field-questions[2].title"), "Local employment");
    await user.type(input("field-questions[2].weight"), "10");
    await user.clear(input("field-questions[2].max_mark"));
    await user.type(input("field-questions[2].max_mark"), "10");
    await user.type(input("field-questions[2].minimum_mark"), "2");
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));

    expect(sent().questions).toEqual([
      { code: "Q1", section: "quality", title: "Question Q1", weight: "20", max_mark: 5, minimum_mark: null },
      { code: "INT1", section: "interview", title: "Question INT1", weight: "20", max_mark: 5, minimum_mark: null },
      { code: "SV1", section: "social_value", title: "Local employment", weight: "10", max_mark: 10, minimum_mark: 2 },
    ]);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("a message about a row is shown beside that row after another row is removed", async () => {
    const { user } = await opened();
    await user.click(screen.getByRole("button", { name: "Remove Q1" }));
    await user.clear(input("field-questions[0].title"));
    update.mockResolvedValue(refusal("questions[0].title", "give the title of Q2"));
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));
    expect(sent().questions.map((q) => q.code)).toEqual(["Q2", "INT1"]);
    const row = document.querySelector('[data-question="Q2"]');
    expect(row?.querySelector(".error-message")?.textContent).toContain("give the title of Q2");
  });

  it("changes the gates, the tie-break order and the price basis", async () => {
    update.mockResolvedValue({ ok: true, value: view });
    const { user } = await opened();
    await user.click(screen.getByRole("button", { name: "Add a gate" }));
    await user.type(input("field-gates[1].code"), "INS");
    await user.type(input("field-gates[1].title"), "Insured");
    await user.click(screen.getByRole("button", { name: "Move up lower price" }));
    await user.selectOptions(input("tie-break-add"), "higher_interview");
    await user.click(screen.getByRole("button", { name: "Add to the order" }));
    await user.selectOptions(input("field-price_basis"), "zone_basket");
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));

    expect(sent().gates).toEqual([
      { code: "CQC", title: "Registered with the CQC" },
      { code: "INS", title: "Insured" },
    ]);
    // Added before the drawing of lots, which stays the last resort.
    expect(sent().tie_break).toEqual(["lower_price", "higher_quality", "higher_interview", "drawing_of_lots"]);
    expect(sent().price_basis).toBe("zone_basket");
  });

  it("closes and reloads the round once the change is stored", async () => {
    update.mockResolvedValue({ ok: true, value: view });
    const { user, reload } = await opened();
    await user.type(input("field-award_places"), "2");
    await user.click(screen.getByRole("button", { name: "Save the evaluation model" }));
    expect(sent().award_places).toBe(2);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Edit evaluation model" })).toBeTruthy();
  });
});
