import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { Review, ReviewInput } from "../api/types";
import { App } from "../App";
import { fakeApi, type Handler } from "../test/fakeApi";
import { apiError } from "../test/fakeRota";
import { dan, detail, olga, review } from "../test/incidentFixtures";
import { permissionsFor } from "../test/permissions";

function mount(routes: Record<string, Handler>, teams: Record<string, "admin" | "member" | ""> = { "1": "member" }) {
  const api = fakeApi({
    "GET /api/v1/me": { user: olga },
    "GET /api/v1/me/permissions": permissionsFor({ teams }),
    "GET /api/v1/users": { users: [olga, dan] },
    "GET /api/v1/incidents/4": detail({ title: "checkout down", status: "resolved" }),
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={["/incidents/4/review"]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return api;
}

/** stored keeps a review the way the server would, for PUT, submit and publish. */
function storedReview(initial: Review) {
  let current = initial;
  const routes: Record<string, Handler> = {
    "GET /api/v1/incidents/4/review": () => ({ review: current }),
    "PUT /api/v1/incidents/4/review": (req) => {
      const body = req.body as ReviewInput;
      const bad = body.action_items.findIndex((a) => a.owner === "nobody@example.com");
      if (bad >= 0) return apiError(400, "invalid", "no engineer has the email nobody@example.com", `action_items[${bad}].owner`);
      if (current.status === "published" && body.summary !== current.summary) return apiError(409, "conflict", "the review is published: only the status of its action items can change", "summary");
      current = { ...current, ...body, action_items: body.action_items.map((a, i) => ({ id: a.id ?? String(20 + i), link: "", status: "open", ...a })) };
      return { review: current };
    },
    "POST /api/v1/incidents/4/review/submit": () => {
      if (!current.impact) return apiError(400, "invalid", "a review needs the customer impact before it is submitted", "impact");
      current = { ...current, status: "in_review", submitted_by: { id: "1", name: "Olga Petrova" } };
      return { review: current };
    },
    "POST /api/v1/incidents/4/review/publish": () => {
      current = { ...current, status: "published", published_by: { id: "1", name: "Olga Petrova" } };
      return { review: current };
    },
  };
  return { routes, current: () => current };
}

describe("IncidentReviewPage", () => {
  it("writes a review with an action item, shows refusals at their fields, submits and publishes it", async () => {
    const store = storedReview(review());
    const api = mount(store.routes);
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Post-incident review" });
    expect(screen.getByRole("heading", { level: 1, name: "Review: checkout down" })).toBeDefined();
    // Rota's responder load is there, read-only.
    const load = screen.getByTestId("responder-load");
    expect(within(load).getByRole("rowheader", { name: "Olga Petrova" })).toBeDefined();
    expect(load.textContent).toContain("1 h 30 min");
    expect(screen.getByTestId("review-markdown").getAttribute("href")).toBe("/api/v1/incidents/4/review.md");
    expect(within(screen.getByTestId("review-workflow")).getByText("Draft").getAttribute("aria-current")).toBe("step");

    await user.type(within(form).getByLabelText("Summary"), "Checkout returned 5xx for 20 minutes.");
    await user.click(within(form).getByRole("button", { name: "Add a factor" }));
    await user.type(within(form).getByLabelText("Contributing factors 1"), "No canary for config changes");
    await user.click(within(form).getByRole("button", { name: "Add an action item" }));
    const item = within(form).getByTestId("action-item");
    await user.type(within(item).getByLabelText("Action 1"), "Canary config changes");
    await user.type(within(item).getByLabelText("Owner (email)"), "nobody@example.com");
    await user.click(within(form).getByRole("button", { name: "Save draft" }));
    const ownerError = await within(form).findByText("no engineer has the email nobody@example.com");
    expect(ownerError.id).toBe("field-action-items-0-owner-error");
    expect(document.activeElement).toBe(within(item).getByLabelText("Owner (email)"));

    await user.clear(within(item).getByLabelText("Owner (email)"));
    await user.type(within(item).getByLabelText("Owner (email)"), "dan@example.com");
    // Submitting saves first; the server wants the impact.
    await user.click(within(form).getByRole("button", { name: "Submit for review" }));
    expect((await within(form).findByText("a review needs the customer impact before it is submitted")).id).toBe("field-impact-error");
    await user.type(within(form).getByLabelText("Customer impact"), "About 300 orders failed.");
    await user.click(within(form).getByRole("button", { name: "Submit for review" }));
    await screen.findByText("Submitted: the review is in review.");
    expect(within(screen.getByTestId("review-workflow")).getByText("In review").getAttribute("aria-current")).toBe("step");

    await user.click(within(form).getByRole("button", { name: "Publish" }));
    await screen.findByText("Published. Only the action items’ status can change now.");
    const puts = api.requests.filter((r) => r.method === "PUT").map((r) => r.body as ReviewInput);
    expect(puts.at(-1)).toMatchObject({
      summary: "Checkout returned 5xx for 20 minutes.",
      impact: "About 300 orders failed.",
      contributing_factors: ["No canary for config changes"],
      action_items: [{ id: "20", title: "Canary config changes", owner: "dan@example.com", status: "open" }],
    });

    // Published: text is read-only, the action item's status still changes.
    expect(within(form).getByLabelText<HTMLTextAreaElement>("Summary").readOnly).toBe(true);
    expect(within(form).queryByRole("button", { name: "Add an action item" })).toBeNull();
    await user.selectOptions(within(form).getByLabelText("Status"), "done");
    await user.click(within(form).getByRole("button", { name: "Save action-item status" }));
    await screen.findByText("Saved.");
    expect(store.current().action_items[0]?.status).toBe("done");
  });

  it("shows a published review read-only to someone outside the team", async () => {
    const store = storedReview(review({ status: "published", summary: "done", action_items: [{ id: "3", title: "t", owner: "dan@example.com", due: "2027-01-20", status: "open" }] }));
    mount(store.routes, { "1": "" });
    const form = await screen.findByRole("form", { name: "Post-incident review" });
    await waitFor(() => expect(within(form).getByLabelText<HTMLTextAreaElement>("Summary").value).toBe("done"));
    expect(within(form).getByLabelText<HTMLSelectElement>("Status").disabled).toBe(true);
    expect(within(form).queryByRole("button", { name: /Save/ })).toBeNull();
    expect(screen.getByTestId("review-state").textContent).toContain("Only the owning team and the incident’s responders can change it.");
  });
});
