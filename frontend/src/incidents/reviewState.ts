// The post-incident review editor's state: the review's text, its three
// lists (contributing factors, what went well, what was hard) and its
// action items, each with a stable key for React; the PUT body built from
// it; and the way back from a field path the server names to the control
// that shows it.

import type { ActionItemInput, ActionItemStatus, Review, ReviewInput } from "../api/types";

export interface ItemDraft {
  key: string;
  /** id is the stored item's; empty for a new one. */
  id: string;
  title: string;
  owner: string;
  due: string;
  status: ActionItemStatus;
  link: string;
}

export type ListName = "contributing_factors" | "went_well" | "was_hard";

export const LISTS: readonly { name: ListName; label: string; hint: string; add: string }[] = [
  { name: "contributing_factors", label: "Contributing factors", hint: "What made this possible or worse — not one root cause, and never a person.", add: "Add a factor" },
  { name: "went_well", label: "What went well", hint: "What helped: keep doing it.", add: "Add what went well" },
  { name: "was_hard", label: "What was hard", hint: "What slowed the response or made it stressful.", add: "Add what was hard" },
];

export interface ReviewDraft {
  summary: string;
  impact: string;
  lists: Record<ListName, { key: string; text: string }[]>;
  meetingDate: string;
  items: ItemDraft[];
  dirty: boolean;
}

let seq = 0;
const key = (p: string) => `${p}${++seq}`;

/** fromReview loads a review into the editor. */
export function fromReview(r: Review): ReviewDraft {
  const list = (l: readonly string[]) => l.map((text) => ({ key: key("l"), text }));
  return {
    summary: r.summary,
    impact: r.impact,
    lists: { contributing_factors: list(r.contributing_factors), went_well: list(r.went_well), was_hard: list(r.was_hard) },
    meetingDate: r.meeting_date ?? "",
    items: r.action_items.map((a) => ({ key: key("i"), id: a.id, title: a.title, owner: a.owner, due: a.due, status: a.status, link: a.link ?? "" })),
    dirty: false,
  };
}

/** newItem is a blank action item, open and due on the given day. */
export function newItem(due: string): ItemDraft {
  return { key: key("i"), id: "", title: "", owner: "", due, status: "open", link: "" };
}

export type ReviewAction =
  | { type: "load"; draft: ReviewDraft }
  | { type: "set"; patch: Partial<Pick<ReviewDraft, "summary" | "impact" | "meetingDate">> }
  | { type: "addEntry"; list: ListName }
  | { type: "setEntry"; list: ListName; at: number; text: string }
  | { type: "removeEntry"; list: ListName; at: number }
  | { type: "addItem"; due: string }
  | { type: "setItem"; at: number; patch: Partial<Omit<ItemDraft, "key" | "id">> }
  | { type: "removeItem"; at: number };

/** reviewReducer applies one edit. */
export function reviewReducer(d: ReviewDraft, a: ReviewAction): ReviewDraft {
  switch (a.type) {
    case "load":
      return a.draft;
    case "set":
      return { ...d, ...a.patch, dirty: true };
    case "addEntry":
      return { ...d, lists: { ...d.lists, [a.list]: [...d.lists[a.list], { key: key("l"), text: "" }] }, dirty: true };
    case "setEntry":
      return { ...d, lists: { ...d.lists, [a.list]: d.lists[a.list].map((e, i) => (i === a.at ? { ...e, text: a.text } : e)) }, dirty: true };
    case "removeEntry":
      return { ...d, lists: { ...d.lists, [a.list]: d.lists[a.list].filter((_, i) => i !== a.at) }, dirty: true };
    case "addItem":
      return { ...d, items: [...d.items, newItem(a.due)], dirty: true };
    case "setItem":
      return { ...d, items: d.items.map((it, i) => (i === a.at ? { ...it, ...a.patch } : it)), dirty: true };
    case "removeItem":
      return { ...d, items: d.items.filter((_, i) => i !== a.at), dirty: true };
  }
}

export interface BuiltReview {
  input: ReviewInput;
  /** shown maps a list's index in the body back to its row in the editor (empty rows are not sent). */
  shown: Record<ListName, number[]>;
}

/** toReviewInput builds the PUT body: text trimmed, empty list rows left out, every action item sent. */
export function toReviewInput(d: ReviewDraft): BuiltReview {
  const shown = { contributing_factors: [] as number[], went_well: [] as number[], was_hard: [] as number[] };
  const list = (name: ListName) => {
    const out: string[] = [];
    d.lists[name].forEach((e, i) => {
      if (e.text.trim() !== "") {
        out.push(e.text.trim());
        shown[name].push(i);
      }
    });
    return out;
  };
  const items: ActionItemInput[] = d.items.map((it) => {
    const a: ActionItemInput = { title: it.title.trim(), owner: it.owner.trim(), due: it.due, status: it.status };
    if (it.id) a.id = it.id;
    if (it.link.trim()) a.link = it.link.trim();
    return a;
  });
  const input: ReviewInput = {
    summary: d.summary.trim(),
    impact: d.impact.trim(),
    contributing_factors: list("contributing_factors"),
    went_well: list("went_well"),
    was_hard: list("was_hard"),
    action_items: items,
  };
  if (d.meetingDate) input.meeting_date = d.meetingDate;
  return { input, shown };
}

/** reviewFieldPaths lists the path of every control the editor shows. */
export function reviewFieldPaths(d: ReviewDraft): Set<string> {
  const paths = new Set<string>(["summary", "impact", "meeting_date", "action_items", ...LISTS.map((l) => l.name)]);
  for (const l of LISTS) d.lists[l.name].forEach((_, i) => paths.add(`${l.name}[${i}]`));
  d.items.forEach((_, i) => {
    for (const f of ["title", "owner", "due", "status", "link"]) paths.add(`action_items[${i}].${f}`);
  });
  return paths;
}

/**
 * editorPath turns a path in the body into the editor's: a list entry's
 * index counts the rows left out as empty ("went_well[1]" may be row 2).
 * An action item's own id lands on its title.
 */
export function editorPath(field: string, shown: BuiltReview["shown"]): string {
  const m = /^(contributing_factors|went_well|was_hard)\[(\d+)\]/.exec(field);
  if (m) {
    const row = shown[m[1] as ListName][Number(m[2])];
    return row === undefined ? m[1]! : `${m[1]}[${row}]`;
  }
  return field.replace(/^(action_items\[\d+\])\.id$/, "$1.title");
}
