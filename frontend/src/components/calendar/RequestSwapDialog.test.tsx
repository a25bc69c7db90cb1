import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiProvider } from "../../api/ApiContext";
import { ApiClient } from "../../api/client";
import type { Engineer, Shift, SwapInput } from "../../api/types";
import { fakeApi } from "../../test/fakeApi";
import { RequestSwapDialog } from "./RequestSwapDialog";
import { ShiftDialog } from "./ShiftDialog";

const members: Engineer[] = [
  { id: "1", name: "Olga Petrova", discipline: "ops" },
  { id: "4", name: "Nia Okafor", discipline: "dev" },
];

// Olga's Tuesday night, a stretch of her week from Monday 17:00 to the next Monday 09:00 (Berlin).
const night: Shift = {
  tier: "primary",
  user_id: "1",
  user_name: "Olga Petrova",
  discipline: "ops",
  start: "2027-01-19T16:00:00Z",
  end: "2027-01-20T08:00:00Z",
  source: { kind: "layer", id: "10", name: "ops-24x7" },
  whole_shift: { start: "2027-01-18T16:00:00Z", end: "2027-01-25T08:00:00Z" },
};

function mount(props: { meId: string; kind?: "give" | "take"; now: Date }) {
  const api = fakeApi({
    "POST /api/v1/schedules/5/swaps": (req) => ({
      swap: { id: "9", schedule_id: "5", requester_id: props.meId, state: "requested", ...(req.body as SwapInput) },
    }),
  });
  const onRequested = vi.fn();
  render(
    <ApiProvider client={new ApiClient({ fetch: api.fetch })}>
      <RequestSwapDialog scheduleId="5" timeZone="Europe/Berlin" members={members} shift={night} onClose={() => {}} onRequested={onRequested} {...props} />
    </ApiProvider>,
  );
  return { api, onRequested };
}

describe("RequestSwapDialog", () => {
  it("starts as the whole shift, not the stretch clicked, and gives it away in one request", async () => {
    const { api, onRequested } = mount({ meId: "1", now: new Date("2027-01-13T09:30:00Z") });
    expect(screen.getByLabelText<HTMLInputElement>("From (Europe/Berlin)").value).toBe("2027-01-18T17:00");
    expect(screen.getByLabelText<HTMLInputElement>("Until (Europe/Berlin)").value).toBe("2027-01-25T09:00");
    await userEvent.setup().click(screen.getByRole("button", { name: "Request swap" }));
    expect(onRequested).toHaveBeenCalled();
    const posts = api.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ kind: "give", tier: "primary", target_id: "4", start: "2027-01-18T16:00:00Z", end: "2027-01-25T08:00:00Z" });
  });

  it("leaves out what is already past", () => {
    mount({ meId: "1", now: new Date("2027-01-20T10:15:30Z") });
    expect(screen.getByLabelText<HTMLInputElement>("From (Europe/Berlin)").value).toBe("2027-01-20T11:16");
  });

  it("asks the shift's engineer for it when taking", async () => {
    const { api } = mount({ meId: "4", kind: "take", now: new Date("2027-01-13T09:30:00Z") });
    expect(screen.queryByLabelText("Ask")).toBeNull();
    expect(screen.getByTestId("swap-whole-shift").textContent).toMatch(/^Olga Petrova’s primary shift/);
    await userEvent.setup().click(screen.getByRole("button", { name: "Ask Olga Petrova" }));
    expect(api.requests.find((r) => r.method === "POST")?.body).toMatchObject({ kind: "take", target_id: "1" });
  });
});

describe("ShiftDialog", () => {
  it("offers to give away one's own shift, and to take someone else's", () => {
    const { unmount } = render(<ShiftDialog shift={night} timeZone="Europe/Berlin" mine onGive={() => {}} onTake={() => {}} onOverride={() => {}} onClose={() => {}} />);
    expect(screen.getByRole("button", { name: "Give this shift away" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Take this shift" })).toBeNull();
    expect(screen.getByRole("button", { name: "Override this shift" })).toBeTruthy();
    expect(screen.getByTestId("shift-whole").textContent).toMatch(/17:00.*09:00/);
    unmount();
    render(<ShiftDialog shift={night} timeZone="Europe/Berlin" mine={false} onTake={() => {}} onClose={() => {}} />);
    expect(screen.getByRole("button", { name: "Take this shift" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Give this shift away" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Override this shift" })).toBeNull();
  });

  it("takes the stretch for the whole shift when it is not told one", () => {
    const { whole_shift: _, ...bare } = night;
    render(<ShiftDialog shift={bare} timeZone="Europe/Berlin" mine onClose={() => {}} />);
    expect(screen.getByTestId("shift-whole").textContent).toBe(screen.getByTestId("shift-stretch").textContent);
  });
});
