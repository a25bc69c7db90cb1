// Mapping the server's error field paths (`name`, `holidays[0]`,
// `tiers.primary[1].shift`, `tiers.primary[0].coverage[2].days[1]`) to the
// form control that shows them. Every control in the schedule editor has an
// id made from its path by fieldId; a path deeper than any control (one
// day inside a window, one participant) lands on the nearest control above it.

import type { TierName } from "../api/types";
import { TIERS } from "../api/types";
import type { EditorState } from "./editorState";

/** fieldId is the DOM id of the control for a field path. */
export function fieldId(path: string): string {
  return "field-" + path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "");
}

/** errorId is the DOM id of the message shown beside a field. */
export function errorId(path: string): string {
  return fieldId(path) + "-error";
}

/**
 * controlProps gives a control its id from its field path and, when the
 * server named that path, aria-invalid and the id of the message beside it.
 * Every editor (schedules, policies, services, routing rules) marks its
 * controls this way.
 */
export function controlProps(path: string, errors: Readonly<Record<string, string>>) {
  return errors[path]
    ? { id: fieldId(path), "aria-invalid": true as const, "aria-describedby": errorId(path) }
    : { id: fieldId(path) };
}

/** layerPath is the path of one layer: tiers.primary[1]. */
export function layerPath(tier: TierName, index: number): string {
  return `tiers.${tier}[${index}]`;
}

/** windowPath is the path of one coverage window of a layer. */
export function windowPath(tier: TierName, index: number, at: number): string {
  return `${layerPath(tier, index)}.coverage[${at}]`;
}

/** editorFieldPaths lists the path of every control the editor shows for a state. */
export function editorFieldPaths(state: EditorState): Set<string> {
  const paths = new Set<string>(["name", "time_zone", "pairing", "holidays", "tiers"]);
  state.holidays.forEach((_, i) => paths.add(`holidays[${i}]`));
  for (const tier of TIERS) {
    paths.add(`tiers.${tier}`);
    state.tiers[tier].forEach((layer, i) => {
      const l = layerPath(tier, i);
      for (const f of ["name", "participants", "start", "shift", "coverage"]) paths.add(`${l}.${f}`);
      if (layer.coverage === "windows") {
        layer.windows.forEach((_, j) => {
          const w = windowPath(tier, i, j);
          for (const f of ["days", "from", "to"]) paths.add(`${w}.${f}`);
        });
      }
    });
  }
  return paths;
}

/**
 * parentPath drops the last segment of a path: `a.b[2]` → `a.b`,
 * `a.b` → `a`, `a` → null.
 */
export function parentPath(path: string): string | null {
  const m = /^(.*?)(\[\d+\]|\.[^.[\]]+)$/.exec(path);
  if (!m || m[1] === undefined || m[1] === "") return null;
  return m[1];
}

/**
 * resolveFieldPath finds the control that shows an error for a path: the
 * path itself when a control has it, else the nearest ancestor that does,
 * else null (the error is then shown at the top of the form).
 */
export function resolveFieldPath(path: string | undefined, known: ReadonlySet<string>): string | null {
  let p: string | null = path?.trim() || null;
  while (p !== null) {
    if (known.has(p)) return p;
    p = parentPath(p);
  }
  return null;
}
