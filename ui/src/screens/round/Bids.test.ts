import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { BidUpdateForm, Outcome, RoundView } from "../../api";

const update = vi.fn<(form: BidUpdateForm) => Promise<Outcome<RoundView>>>();
vi.mock("../../api", () => ({
  formChoices: async () => ({
    ok: true,
    value: {
      bid_statuses: [
        { code: "received", label: "Received" },
        { code: "compliant", label: "Compliant" },
        { code: "excluded", label: "Excluded" },
        { code: "withdrawn", label: "Withdrawn" },
      ],
    },
  }),
  listLots: async () => ({ ok: true, value: [] }),
  openBids: vi.fn(),
  recordBid: vi.fn(),
  updateBid: (form: BidUpdateForm) => update(form),
}));

import Bids from "./Bids.svelte";

const bid = (key: string, bidder: string) => ({
  key,
  lot: "LOT-1",
  bidder,
  bidder_name: `${bidder} Ltd`,
  received_at: "2026-10-19T09:00:00Z",
  received_uk: "19 Oct 2026 10:00 BST",
  late: false,
  late_accepted: null,
  status: "compliant",
  status_reason: null,
  sealed: false,
  prices: [{ zone: null, hourly_pence: 2400 }],
  live_in_weekly_pence: null,
  gates: [["CQC", true, null], ["INS", true, "Checked"]],
});
const view = {
  key: "RND-T",
  arrangement: "ARR-1",
  lots: [["LOT-1", "Home care"]],
  invited: [],
  sealed: false,
  bids_opened: "Officer at 20 Oct 2026 10:00 BST",
  locked: false,
  model: { price_basis: "hourly_rate", gates: [["CQC", "Registered"], ["INS", "Insured"]] },
  bids: [bid("SUB-A", "PRV-A"), bid("SUB-B", "PRV-B")],
} as unknown as RoundView;

describe("changing a recorded bid", () => {
  beforeEach(() => update.mockReset());

  it("sends the status, the reason and each gate's result, then reloads", async () => {
    const user = userEvent.setup();
    update.mockResolvedValue({ ok: true, value: view });
    const reload = vi.fn();
    render(Bids, { props: { view, reload } });
    await user.click(screen.getByRole("button", { name: "Change the bid of PRV-A Ltd" }));
    const status = document.querySelector("#bid-change-form #field-status") as HTMLSelectElement;
    await screen.findByRole("option", { name: "Withdrawn" });
    expect(status.value).toBe("compliant");
    const gate = document.getElementById("field-gates[1].passed") as HTMLSelectElement;
    expect(gate.value).toBe("passed");
    await user.selectOptions(status, "withdrawn");
    await user.type(document.querySelector("#bid-change-form #field-status_reason") as HTMLInputElement, "Withdrew by letter");
    await user.selectOptions(document.getElementById("field-gates[0].passed") as HTMLSelectElement, "");
    await user.click(screen.getByRole("button", { name: "Save the change" }));
    expect(update).toHaveBeenCalledWith({
      submission: "SUB-A",
      status: "withdrawn",
      status_reason: "Withdrew by letter",
      gates: [{ gate: "INS", passed: true, note: "Checked" }],
    });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(document.getElementById("bid-changed")?.textContent).toContain("SUB-A");
  });
});
