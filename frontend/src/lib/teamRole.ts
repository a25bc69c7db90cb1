import type { TeamMember, User } from "../api/types";

/** isTeamAdmin tells whether a user may manage a team: organisation admins always may. */
export function isTeamAdmin(me: User, members: readonly TeamMember[] | undefined): boolean {
  if (me.is_admin) return true;
  return (members ?? []).some((m) => m.user.id === me.id && m.role === "admin");
}
