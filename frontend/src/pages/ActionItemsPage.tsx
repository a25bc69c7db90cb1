import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import type { ActionItemQuery } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { IncidentsNav } from "../components/incidents/IncidentsNav";
import { PageHeader } from "../components/PageHeader";
import { ToneBadge } from "../components/ToneBadge";
import { useLoad } from "../hooks/useLoad";
import { actionStatusLabel } from "../incidents/display";

const STATUS_FILTERS = [
  { value: "pending", label: "To do (open or in progress)" },
  { value: "open", label: "Open" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "wont_do", label: "Won’t do" },
  { value: "all", label: "All" },
] as const;

type StatusFilter = (typeof STATUS_FILTERS)[number]["value"];

/**
 * ActionItemsPage lists the action items of every review, soonest due
 * first: what is still to do after the incidents, by team, status and
 * owner. Each links to its review, where its status is changed.
 */
export function ActionItemsPage() {
  const api = useApi();
  const auth = useAuth();
  const [search, setSearch] = useSearchParams();
  const statusParam = search.get("status");
  const status: StatusFilter = STATUS_FILTERS.some((s) => s.value === statusParam) ? (statusParam as StatusFilter) : "pending";
  const teamId = search.get("team") ?? "";
  const mine = search.get("mine") === "true";
  const myEmail = auth.state.status === "signed-in" ? auth.state.user.email : "";
  const query = useMemo<ActionItemQuery>(() => {
    const q: ActionItemQuery = {};
    if (status !== "all") q.status = status;
    if (teamId) q.team = teamId;
    if (mine && myEmail) q.owner = myEmail;
    return q;
  }, [status, teamId, mine, myEmail]);
  const items = useLoad((signal) => api.actionItems(query, signal), [api, JSON.stringify(query)]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const names = new Map((users.data ?? []).map((u) => [u.email.toLowerCase(), u.name]));

  function set(name: string, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  }

  const list = items.data ?? [];
  return (
    <>
      <PageHeader title="Action items" />
      <IncidentsNav />
      <form className="filter-bar" aria-label="Filter action items" onSubmit={(e) => e.preventDefault()}>
        <label className="filter-bar__field">
          <span>Status</span>
          <select value={status} onChange={(e) => set("status", e.target.value === "pending" ? "" : e.target.value)}>
            {STATUS_FILTERS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-bar__field">
          <span>Team</span>
          <select value={teamId} onChange={(e) => set("team", e.target.value)}>
            <option value="">All teams</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-bar__check">
          <input type="checkbox" checked={mine} onChange={(e) => set("mine", e.target.checked ? "true" : "")} />
          Mine only
        </label>
      </form>
      <ErrorNotice error={items.error} onRetry={items.reload} />
      {items.data ? (
        list.length === 0 ? (
          <p className="empty">No action items match.</p>
        ) : (
          <section className="panel" aria-label="Action item list">
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Incident</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((it) => (
                    <tr key={it.id} data-testid="action-item-row">
                      <td>
                        {it.link ? (
                          <a href={it.link} target="_blank" rel="noreferrer noopener">
                            {it.title}
                          </a>
                        ) : (
                          it.title
                        )}
                      </td>
                      <td>
                        {it.incident_id ? <Link to={`/incidents/${encodeURIComponent(it.incident_id)}/review`}>{it.incident_title || `incident ${it.incident_id}`}</Link> : "—"}
                      </td>
                      <td>
                        {names.get(it.owner.toLowerCase()) ?? it.owner}
                        <span className="muted table__sub">{it.owner}</span>
                      </td>
                      <td className="nowrap">
                        <time dateTime={it.due}>{it.due}</time> {it.overdue ? <ToneBadge tone="danger" testId="item-overdue">Overdue</ToneBadge> : null}
                      </td>
                      <td>{actionStatusLabel(it.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )
      ) : items.loading ? (
        <p className="muted">Loading action items…</p>
      ) : null}
    </>
  );
}
