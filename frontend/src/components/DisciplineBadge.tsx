import type { Discipline } from "../api/types";

const LABELS: Record<Discipline, string> = { dev: "Developer", ops: "Operations" };

/** DisciplineBadge marks an engineer as dev or ops. */
export function DisciplineBadge({ discipline }: { discipline: Discipline | string }) {
  const label = LABELS[discipline as Discipline] ?? discipline;
  return (
    <span className={`badge badge--${discipline}`} title={label} aria-label={`discipline: ${discipline}`}>
      {discipline}
    </span>
  );
}
