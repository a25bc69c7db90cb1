import { useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { PolicyEditor } from "../components/policies/PolicyEditor";
import { PolicyPreviewPanel } from "../components/policies/PolicyPreviewPanel";
import { DeleteButton } from "../components/DeleteButton";
import { useLoad } from "../hooks/useLoad";
import { ownTeamFirst } from "../lib/sortByTeam";

/** PolicyPage creates an escalation policy for a team, or edits one (read-only for non-admins). */
export function PolicyPage() {
  const { policyId } = useParams();
  const [search] = useSearchParams();
  const api = useApi();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const policy = useLoad((signal) => (policyId ? api.policy(policyId, signal) : Promise.resolve(undefined)), [api, policyId]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const [chosenTeam, setChosenTeam] = useState(search.get("team") ?? "");
  // The version last saved here, so that the preview follows edits.
  const [savedVersion, setSavedVersion] = useState<number | undefined>(undefined);
  const teamId = policy.data?.team_id ?? (chosenTeam || teams.data?.[0]?.id || "");
  const schedules = useLoad((signal) => api.schedules({ signal }), [api]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const admin = permissions.may("team.manage", teamId);
  const ready = teams.data && schedules.data && users.data && permissions.ready && (!policyId || policy.data);
  const error = policy.error ?? teams.error ?? schedules.error ?? users.error;
  const title = policyId ? (policy.data ? `Policy ${policy.data.name}` : "Policy") : "New policy";

  return (
    <>
      <PageHeader title={title}>
        <Link to="/policies">All policies</Link>
      </PageHeader>
      <ErrorNotice error={error} onRetry={() => [policy, teams, schedules, users].forEach((l) => l.error && l.reload())} />
      {!policyId && teams.data ? (
        <div className="form__field team-picker">
          <label htmlFor="policy-team">Team</label>
          <select id="policy-team" value={teamId} onChange={(e) => setChosenTeam(e.target.value)}>
            {teams.data.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <p className="form__hint">The team that owns the policy; its services can use it.</p>
        </div>
      ) : null}
      {teams.data && teams.data.length === 0 ? <p className="empty">Create a team first: policies belong to a team.</p> : null}
      {policyId && policy.data ? <PolicyPreviewPanel policyId={policyId} version={savedVersion ?? policy.data.version} /> : null}
      {ready && teamId ? (
        <>
          <PolicyEditor
            key={`${policy.data?.id ?? "new"}-${teamId}`}
            teamId={teamId}
            policy={policy.data}
            schedules={ownTeamFirst(schedules.data ?? [], teamId)}
            teams={teams.data ?? []}
            users={[...(users.data ?? [])].sort((a, b) => a.name.localeCompare(b.name))}
            readOnly={!admin}
            notice={flash}
            onReload={() => api.policy(policyId ?? "")}
            onSaved={(p, created) => {
              setSavedVersion(p.version);
              if (created) void navigate(`/policies/${encodeURIComponent(p.id)}`, { replace: true, state: { flash: "Policy created." } });
            }}
          />
          {policy.data && admin ? (
            <DeleteButton
              what={`policy ${policy.data.name}`}
              consequence="Services that use it will page nobody until they get another policy."
              onDelete={async () => {
                await api.deletePolicy(policy.data!.id);
                void navigate("/policies", { replace: true });
              }}
            />
          ) : null}
        </>
      ) : !error ? (
        <p className="muted">Loading…</p>
      ) : null}
    </>
  );
}
