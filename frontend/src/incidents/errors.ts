// Where a failed call's message goes on the incident forms: beside the
// control the server's field names (the API's error shape names it, e.g.
// "title" or "action_items[2].owner"), or at the top of the form when no
// control shows that field.

import { isApiError } from "../api/client";
import { errorMessage } from "../lib/errors";

export interface PlacedError {
  /** fields maps a control's field path to its message. */
  fields: Record<string, string>;
  /** form is the message for the whole form, when no control matches. */
  form: string | null;
}

export const NO_ERRORS: PlacedError = { fields: {}, form: null };

/**
 * placeError puts an error beside the control whose path the server named.
 * A path is first rewritten by the aliases (a prefix match, so that the
 * domain's "services[0]" lands on the form's "service_ids"), then looked
 * up among the form's paths; a path deeper than any control goes to the
 * nearest one above it ("action_items[0].due.x" → "action_items[0].due").
 */
export function placeError(err: unknown, paths: ReadonlySet<string>, aliases: Readonly<Record<string, string>> = {}): PlacedError {
  return placeField(errorMessage(err), isApiError(err) ? err.field : undefined, paths, aliases);
}

/** placeField is placeError for a message and a field already taken from the error. */
export function placeField(message: string, field: string | undefined, paths: ReadonlySet<string>, aliases: Readonly<Record<string, string>> = {}): PlacedError {
  if (!field) return { fields: {}, form: message };
  for (const [from, to] of Object.entries(aliases)) {
    if (field === from || field.startsWith(from + "[") || field.startsWith(from + ".")) {
      field = to;
      break;
    }
  }
  for (let path = field; path !== ""; path = parentPath(path)) {
    if (paths.has(path)) return { fields: { [path]: message }, form: null };
  }
  return { fields: {}, form: message };
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut > 0 ? path.slice(0, cut) : "";
}
