import { useState } from "react";
import { useApi } from "../api/ApiContext";
import type { LoadResponse } from "../api/types";
import { useCurrentUser } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { BandBars, HeatMap, WeeklyTrend } from "../components/load/LoadCharts";
import { FlagsPanel, LearnersPanel, ProposalsPanel, RecoveryPanel } from "../components/load/LoadPanels";
import { ThresholdsPanel } from "../components/load/ThresholdsPanel";
import { PageHeader } from "../components/PageHeader";
import { useLoad, useLoadFor } from "../hooks/useLoad";

/** PERIODS are the spans the page offers, in weeks back from now. */
export const PERIODS = [
  { weeks: 4, label: "Last 4 weeks" },
  { weeks: 13, label: "Last 13 weeks" },
] as const;

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * LoadPage shows how much on-call work each engineer of a team carries:
 * burnout flags first, then interruptions per engineer by band, when they
 * come (hour of the week), the weekly trend, learners on their way to full
 * on-call and Rota's proposals to even the load out.
 */
export function LoadPage() {
  const api = useApi();
  const permissions = usePermissions();
  const me = useCurrentUser();
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const [chosen, setChosen] = useState("");
  const [weeks, setWeeks] = useState<number>(PERIODS[0].weeks);
  // The viewer's own team first: members may request swaps, org admins are no team's members.
  const own = teams.data?.find((t) => permissions.may("swap.request", t.id));
  const teamId = chosen || own?.id || teams.data?.[0]?.id || "";
  const load = useLoadFor(
    teamId ? `${teamId}/${weeks}` : "",
    (_key, signal) => {
      // Until the teams are known there is nothing to ask.
      if (!teamId) return Promise.resolve<LoadResponse>({ from: "", to: "", teams: [] });
      const to = new Date();
      return api.load({ teamId, from: new Date(to.getTime() - weeks * WEEK_MS).toISOString(), to: to.toISOString(), signal });
    },
    [api, teamId, weeks],
  );
  const team = load.data?.teams[0];
  const mayManage = permissions.may("load.manage", teamId);

  return (
    <>
      <PageHeader title="Load">
        {teams.data && teams.data.length > 0 ? (
          <div className="load-controls">
            <label htmlFor="load-team">Team</label>
            <select id="load-team" value={teamId} onChange={(e) => setChosen(e.target.value)}>
              {teams.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <label htmlFor="load-period">Period</label>
            <select id="load-period" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
              {PERIODS.map((p) => (
                <option key={p.weeks} value={p.weeks}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </PageHeader>
      <ErrorNotice error={teams.error ?? load.error} onRetry={teams.error ? teams.reload : load.reload} />
      {teams.data && teams.data.length === 0 ? <p className="muted">No teams yet: load is measured per team.</p> : null}
      {team ? (
        <div className="load-layout">
          <FlagsPanel team={team} />
          <BandBars engineers={team.engineers} />
          <div className="panel-grid">
            <HeatMap team={team} />
            <WeeklyTrend team={team} />
          </div>
          <RecoveryPanel team={team} meId={me.id} />
          <LearnersPanel team={team} mayManage={mayManage} onChanged={load.reload} />
          <ProposalsPanel team={team} mayManage={mayManage} onChanged={load.reload} />
          {mayManage ? <ThresholdsPanel key={team.id} team={team} onChanged={load.reload} /> : null}
        </div>
      ) : load.loading && teamId ? (
        <p className="muted">Loading the team&apos;s load…</p>
      ) : null}
    </>
  );
}
