import { describe, expect, it } from "vitest";
import { review } from "../test/incidentFixtures";
import { editorPath, fromReview, reviewFieldPaths, reviewReducer, toReviewInput } from "./reviewState";

describe("review editor state", () => {
  const stored = review({
    summary: " checkout failed ",
    contributing_factors: ["no canary"],
    went_well: ["fast rollback"],
    action_items: [{ id: "11", title: "add a canary", owner: "dan@example.com", due: "2027-01-20", status: "open", link: "" }],
  });

  it("sends trimmed text, leaves empty rows out, keeps item ids and maps list indices back", () => {
    let d = fromReview(stored);
    d = reviewReducer(d, { type: "addEntry", list: "went_well" });
    d = reviewReducer(d, { type: "addEntry", list: "went_well" });
    d = reviewReducer(d, { type: "setEntry", list: "went_well", at: 2, text: " paging worked " });
    d = reviewReducer(d, { type: "addItem", due: "2027-01-21" });
    d = reviewReducer(d, { type: "setItem", at: 1, patch: { title: "alert on queue depth", owner: "olga@example.com", link: " https://x.example/1 " } });
    expect(d.dirty).toBe(true);
    const { input, shown } = toReviewInput(d);
    expect(input).toEqual({
      summary: "checkout failed",
      impact: "",
      contributing_factors: ["no canary"],
      went_well: ["fast rollback", "paging worked"],
      was_hard: [],
      action_items: [
        { id: "11", title: "add a canary", owner: "dan@example.com", due: "2027-01-20", status: "open" },
        { title: "alert on queue depth", owner: "olga@example.com", due: "2027-01-21", status: "open", link: "https://x.example/1" },
      ],
    });
    // went_well[1] in the body is the editor's third row (the second was empty).
    expect(editorPath("went_well[1]", shown)).toBe("went_well[2]");
    expect(editorPath("action_items[1].id", shown)).toBe("action_items[1].title");
    expect(editorPath("summary", shown)).toBe("summary");
    expect(reviewFieldPaths(d).has("went_well[2]")).toBe(true);
    expect(reviewFieldPaths(d).has("action_items[1].owner")).toBe(true);
  });

  it("removes entries and items", () => {
    let d = fromReview(stored);
    d = reviewReducer(d, { type: "removeEntry", list: "contributing_factors", at: 0 });
    d = reviewReducer(d, { type: "removeItem", at: 0 });
    expect(toReviewInput(d).input).toMatchObject({ contributing_factors: [], action_items: [] });
  });
});
