import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiProvider } from "../../api/ApiContext";
import { ApiClient } from "../../api/client";
import type { User, UserPatch } from "../../api/types";
import { fakeApi } from "../../test/fakeApi";
import { ProfilePanel } from "./ProfilePanel";

const dan: User = { id: "2", email: "dan@example.com", name: "Dan", discipline: "ops", time_zone: "UTC", is_admin: false, handoff_notices: true };

describe("the profile panel's handoff notices", () => {
  it("shows them on and turns them off with Save profile", async () => {
    const api = fakeApi({ "PATCH /api/v1/me": (req) => ({ user: { ...dan, ...(req.body as UserPatch) } }) });
    const onSaved = vi.fn();
    render(
      <ApiProvider client={new ApiClient({ fetch: api.fetch })}>
        <ProfilePanel user={dan} onSaved={onSaved} />
      </ApiProvider>,
    );
    const user = userEvent.setup();
    const box = screen.getByLabelText<HTMLInputElement>("Handoff notices");
    expect(box.checked).toBe(true);
    await user.click(box);
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    await screen.findByText("Profile saved.");
    expect((api.requests.find((r) => r.method === "PATCH")?.body as UserPatch).handoff_notices).toBe(false);
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ handoff_notices: false }));
    expect(box.checked).toBe(false);
  });

  it("counts a user without the field as having them on", () => {
    const api = fakeApi({});
    const { handoff_notices: _, ...old } = dan;
    render(
      <ApiProvider client={new ApiClient({ fetch: api.fetch })}>
        <ProfilePanel user={old} onSaved={() => {}} />
      </ApiProvider>,
    );
    expect(screen.getByLabelText<HTMLInputElement>("Handoff notices").checked).toBe(true);
  });
});
