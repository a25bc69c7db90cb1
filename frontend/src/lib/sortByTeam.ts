/** ownTeamFirst orders items of one team before the rest, each part by name. */
export function ownTeamFirst<T extends { team_id: string; name: string }>(items: readonly T[], teamId: string): T[] {
  return [...items].sort((a, b) => {
    const ao = a.team_id === teamId ? 0 : 1;
    const bo = b.team_id === teamId ? 0 : 1;
    return ao - bo || a.name.localeCompare(b.name);
  });
}
