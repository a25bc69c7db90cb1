import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { Rule, Service, User } from "../api/types";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { apiError, json } from "../test/fakeRota";
import { permissionsFor } from "../test/permissions";

const admin: User = { id: "1", email: "ada@example.com", name: "Ada Admin", discipline: "ops", time_zone: "UTC", is_admin: true };
const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "UTC", is_admin: false };
const hours = { time_zone: "UTC", windows: [] };
const services: Service[] = [
  { id: "1", team_id: "1", name: "checkout", urgency: "high", business_hours: hours, hold_low_outside_hours: false, version: 1 },
  { id: "3", team_id: "2", name: "edge", urgency: "high", business_hours: hours, hold_low_outside_hours: false, version: 1 },
];
const rules: Rule[] = [{ id: "1", name: "payments label", match: [{ label: "team", equals: "payments" }], service_id: "1" }];

function mount(me: User) {
  const api = fakeApi({
    "GET /api/v1/me": { user: me },
    "GET /api/v1/me/permissions": permissionsFor({ orgAdmin: me.is_admin, teams: { "1": "", "2": "" } }),
    "GET /api/v1/routing-rules": { rules },
    "GET /api/v1/services": { services },
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }, { id: "2", name: "platform" }] },
  });
  render(
    <MemoryRouter initialEntries={["/routing"]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

describe("RoutingPage", () => {
  it("adds a regex rule, shows a bad regex at its field, then saves the list in order", async () => {
    const { api, user } = mount(admin);
    await screen.findByRole("region", { name: "Rule 1: payments label" });
    await user.click(screen.getByRole("button", { name: "Add rule" }));
    const rule = screen.getByRole("region", { name: "Rule 2: rule 2" });
    await user.type(within(rule).getByLabelText("Rule name"), "edge sources");
    await user.selectOptions(within(rule).getByLabelText("Send to service"), "edge (platform)");
    await user.selectOptions(within(rule).getByLabelText("What match 1 of rule 2 looks at"), "field");
    await user.selectOptions(within(rule).getByLabelText("Field of match 1 of rule 2"), "source");
    await user.selectOptions(within(rule).getByLabelText("Operator of match 1 of rule 2"), "regex");
    await user.type(within(rule).getByLabelText("Value of match 1 of rule 2"), "edge-(");

    api.on("PUT /api/v1/routing-rules", () => apiError(400, "invalid", "not a regular expression: missing closing )", "rules[1].match[0].regex"));
    await user.click(screen.getByRole("button", { name: "Save rules" }));
    const value = within(rule).getByLabelText("Value of match 1 of rule 2");
    await waitFor(() => expect(value.getAttribute("aria-invalid")).toBe("true"));
    expect(document.activeElement).toBe(value);

    await user.clear(value);
    await user.type(value, "edge-.*");
    await user.click(within(rule).getByRole("button", { name: "Move edge sources up" }));
    api.on("PUT /api/v1/routing-rules", (req) => json(200, req.body));
    await user.click(screen.getByRole("button", { name: "Save rules" }));
    await screen.findByText("Saved 2 rules.");
    expect(api.requests.filter((r) => r.method === "PUT").at(-1)?.body).toEqual({
      rules: [
        { name: "edge sources", match: [{ field: "source", regex: "edge-.*" }], service_id: "3" },
        { name: "payments label", match: [{ label: "team", equals: "payments" }], service_id: "1" },
      ],
    });
  });

  it("is read-only for someone who is not an organisation admin", async () => {
    mount(dan);
    await screen.findByText(/Only organisation admins can change routing rules/);
    expect(screen.queryByRole("button", { name: "Save rules" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Add rule" })).toBeNull();
    expect((await screen.findByLabelText("Rule name")).matches(":disabled")).toBe(true);
  });
});
