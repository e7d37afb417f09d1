import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

// A large county: 120 alerts in the next 90 days, soonest first.
const alerts = Array.from({ length: 120 }, (_, i) => ({
  kind: "insurance_expiring",
  severity: "upcoming",
  due: "2026-12-01",
  days_until: i,
  message: `Alert number ${i + 1}`,
  record_kind: "provider",
  record_key: `PRV-${String(i + 1).padStart(4, "0")}`,
}));

vi.mock("../api", () => ({
  dashboard: async () => ({
    ok: true,
    value: {
      as_of: "2026-11-23",
      council_name: "Eastshire County Council",
      alerts,
      alert_days: 90,
      rounds_in_progress: [],
      headline: {
        arrangements_running: 4,
        providers_active: 60,
        contracts_running: 62,
        running_annual_value_pence: 100,
        rounds_in_progress: 0,
        alerts_overdue: 0,
        alerts_urgent: 0,
      },
    },
  }),
  windowReady: async () => undefined,
}));

import Dashboard from "./Dashboard.svelte";

const shownMessages = () =>
  within(screen.getByRole("table", { name: /120 alerts/ }))
    .getAllByText(/Alert number \d+$/)
    .map((e) => e.textContent?.match(/Alert number \d+$/)?.[0]);

describe("the dashboard's alerts", () => {
  it("lays out one page of 50 at a time and pages through all of them", async () => {
    render(Dashboard);
    expect(await screen.findByText("Alert number 1")).toBeTruthy();
    expect(shownMessages()).toHaveLength(50);
    expect(shownMessages()[49]).toBe("Alert number 50");
    expect(screen.getByText(/Showing/).textContent).toMatch(/Showing 1 to 50 of 120 alerts/);

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(shownMessages()[0]).toBe("Alert number 51");
    await userEvent.click(screen.getByRole("button", { name: "3" }));
    expect(shownMessages()).toEqual(Array.from({ length: 20 }, (_, i) => `Alert number ${101 + i}`));
  });
});
