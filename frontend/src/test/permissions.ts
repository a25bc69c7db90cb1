// Answers for GET /api/v1/me/permissions in unit tests. permissionsFor
// follows the server's policy (authz.Check) for the usual actors, so a test
// can say "Olga, admin of team 1" and get what the server would send; a test
// of the app following the answer builds the body by hand instead.

import type { PermissionsResponse, TeamAction, TeamRole } from "../api/types";

export function permissionsFor(opts: { orgAdmin?: boolean; teams?: Record<string, TeamRole | ""> } = {}): PermissionsResponse {
  const orgAdmin = opts.orgAdmin ?? false;
  const teams = Object.entries(opts.teams ?? {}).map(([team_id, role]) => {
    const may: TeamAction[] = [];
    const member = role !== "";
    if (orgAdmin || role === "admin") may.push("team.manage", "team.invite");
    if (orgAdmin || member) may.push("override.create");
    if (member) may.push("swap.request");
    if (orgAdmin || member) may.push("alert.act");
    if (orgAdmin || role === "admin") may.push("load.manage");
    if (orgAdmin || member) may.push("incident.manage");
    return { team_id, role, may };
  });
  return { permissions: { org_admin: orgAdmin, org: orgAdmin ? ["org.manage"] : [], teams } };
}
