import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { ADD_NUMBER_FIELDS, PROFILE_FIELDS, VERIFY_FIELDS, firstErrorField, formErrors } from "./formErrors";

describe("formErrors", () => {
  it("puts a field's message at its control", () => {
    const err = new ApiError(400, "invalid", 'working hours must look like "mon-fri 09:00-17:00"', "working_hours");
    expect(formErrors(err, PROFILE_FIELDS)).toEqual({ fields: { working_hours: 'working hours must look like "mon-fri 09:00-17:00"' } });
  });

  it("puts a wrong code and an expired one at the code", () => {
    expect(formErrors(new ApiError(400, "invalid", "that is not the code we sent", "code"), VERIFY_FIELDS).fields.code).toBe("that is not the code we sent");
    expect(formErrors(new ApiError(409, "conflict", "the code has expired; ask for a new one", "code"), VERIFY_FIELDS).fields.code).toBe("the code has expired; ask for a new one");
  });

  it("puts a field the form has no control for, or none, at the form", () => {
    // A non-admin changing phone: the profile has no phone control.
    expect(formErrors(new ApiError(400, "invalid", "add phone numbers under Settings → Contact methods", "phone"), PROFILE_FIELDS)).toEqual({
      fields: {},
      form: "add phone numbers under Settings → Contact methods",
    });
    // Twilio not configured: 409 with no field.
    expect(formErrors(new ApiError(409, "conflict", "Twilio is not configured"), ADD_NUMBER_FIELDS)).toEqual({ fields: {}, form: "Twilio is not configured" });
    expect(formErrors(new Error("boom"), ADD_NUMBER_FIELDS)).toEqual({ fields: {}, form: "boom" });
  });

  it("picks the first control in form order to focus", () => {
    expect(firstErrorField({ fields: { address: "bad" } }, ADD_NUMBER_FIELDS)).toBe("address");
    expect(firstErrorField({ fields: {}, form: "x" }, ADD_NUMBER_FIELDS)).toBeNull();
  });
});
