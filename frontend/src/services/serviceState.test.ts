import { describe, expect, it } from "vitest";
import type { Service } from "../api/types";
import { describeDays, describeHours } from "./hours";
import { emptyService, fromService, serviceErrorPath, serviceReducer, toServiceInput, type ServiceAction, type ServiceFormState } from "./serviceState";

const service: Service = {
  id: "1",
  team_id: "1",
  name: "checkout",
  description: "Checkout API",
  escalation_policy_id: "2",
  urgency: "from-severity",
  business_hours: { time_zone: "Europe/Berlin", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }] },
  hold_low_outside_hours: true,
  version: 3,
};

function apply(state: ServiceFormState, ...actions: ServiceAction[]): ServiceFormState {
  return actions.reduce(serviceReducer, state);
}

describe("the service form", () => {
  it("round-trips a service with the version edited", () => {
    expect(toServiceInput(fromService(service))).toEqual({
      name: "checkout",
      description: "Checkout API",
      escalation_policy_id: "2",
      urgency: "from-severity",
      business_hours: service.business_hours,
      hold_low_outside_hours: true,
      version: 3,
    });
  });

  it("sends the incidents mode only when the service has one or it is chosen", () => {
    expect(toServiceInput(fromService({ ...service, incidents: "auto" })).incidents).toBe("auto");
    expect(toServiceInput(apply(emptyService("UTC"), { type: "set", patch: { incidents: "auto" } })).incidents).toBe("auto");
    expect("incidents" in toServiceInput(emptyService("UTC"))).toBe(false);
  });

  it("starts a new service with a working week in the viewer's zone and no policy", () => {
    const input = toServiceInput({ ...emptyService("America/New_York"), name: "api" });
    expect(input).toEqual({
      name: "api",
      description: "",
      urgency: "from-severity",
      business_hours: { time_zone: "America/New_York", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }] },
      hold_low_outside_hours: false,
    });
  });

  it("edits windows with the schedule editor's actions, sending days in week order", () => {
    const state = apply(
      fromService(service),
      { type: "addWindow" },
      { type: "toggleDay", at: 1, day: "sat" },
      { type: "toggleDay", at: 1, day: "mon" },
      { type: "toggleDay", at: 1, day: "sun" },
      { type: "toggleDay", at: 1, day: "tue" },
      { type: "toggleDay", at: 1, day: "wed" },
      { type: "toggleDay", at: 1, day: "thu" },
      { type: "toggleDay", at: 1, day: "fri" },
      { type: "updateWindow", at: 1, patch: { from: "10:00", to: "14:00" } },
    );
    expect(toServiceInput(state).business_hours?.windows?.[1]).toEqual({ days: ["sat", "sun"], from: "10:00", to: "14:00" });
  });

  it("removing the last window turns holding off and sends no zone", () => {
    const state = apply(fromService(service), { type: "removeWindow", at: 0 });
    const input = toServiceInput(state);
    expect(input.hold_low_outside_hours).toBe(false);
    expect(input.business_hours).toEqual({ windows: [] });
  });

  it("maps the server's paths to the controls", () => {
    const state = fromService(service);
    expect(serviceErrorPath("business_hours.windows[0].to", state)).toBe("business_hours.windows[0].to");
    expect(serviceErrorPath("business_hours.windows[0].days[2]", state)).toBe("business_hours.windows[0].days");
    expect(serviceErrorPath("business_hours.windows[3].from", state)).toBe("business_hours.windows");
    expect(serviceErrorPath("business_hours.time_zone", state)).toBe("business_hours.time_zone");
    expect(serviceErrorPath("escalation_policy_id", state)).toBe("escalation_policy_id");
    expect(serviceErrorPath("version", state)).toBeNull();
  });
});

describe("business hours in words", () => {
  it("writes runs of days as ranges", () => {
    expect(describeDays(["fri", "mon", "tue", "wed", "thu"])).toBe("Mon–Fri");
    expect(describeDays(["mon", "wed"])).toBe("Mon, Wed");
    expect(describeDays(["mon", "tue", "thu", "fri", "sat"])).toBe("Mon, Tue, Thu–Sat");
    expect(describeDays(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])).toBe("Every day");
  });

  it("writes the windows and zone", () => {
    expect(describeHours(service.business_hours)).toBe("Mon–Fri 09:00–17:00 (Europe/Berlin)");
    expect(describeHours({ time_zone: "UTC", windows: [] })).toBe("No business hours");
  });
});
