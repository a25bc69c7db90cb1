import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { IncidentFilters } from "../components/incidents/IncidentFilters";
import { ReviewReminder } from "../components/incidents/ReviewReminder";
import { IncidentsNav } from "../components/incidents/IncidentsNav";
import { IncidentTable } from "../components/incidents/IncidentTable";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { usePoll } from "../hooks/usePoll";
import {
  DEFAULT_INCIDENT_FILTER,
  incidentFilterFromSearch,
  incidentFilterToSearch,
  incidentQuery,
  isIncidentFiltered,
  type IncidentFilter,
} from "../incidents/filters";

/** INCIDENTS_POLL_MS is how often the list asks again (an alert may open an incident meanwhile). */
export const INCIDENTS_POLL_MS = 10_000;

/**
 * IncidentsPage lists incidents, newest first, filtered by status, severity,
 * team and service (kept in the address), with the reminder for SEV1 and
 * SEV2 incidents whose review is overdue.
 */
export function IncidentsPage() {
  const api = useApi();
  const permissions = usePermissions();
  const [search, setSearch] = useSearchParams();
  const filter = useMemo(() => incidentFilterFromSearch(search), [search]);
  const query = incidentQuery(filter);
  const incidents = useLoad((signal) => api.incidents(query, signal), [api, JSON.stringify(query)]);
  const overdue = useLoad((signal) => api.incidents({ review: "overdue" }, signal), [api]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const services = useLoad((signal) => api.services({ signal }), [api]);
  usePoll(incidents.reload, INCIDENTS_POLL_MS);

  const mayOpen = (teams.data ?? []).some((t) => permissions.may("incident.manage", t.id));
  const late = overdue.data ?? [];
  const list = incidents.data ?? [];

  function setFilter(f: IncidentFilter) {
    setSearch(incidentFilterToSearch(f), { replace: true });
  }

  return (
    <>
      <PageHeader title="Incidents">
        {mayOpen ? (
          <Link className="button button--primary" to="/incidents/new">
            Open an incident
          </Link>
        ) : null}
      </PageHeader>
      <IncidentsNav />
      <ReviewReminder late={late}>
        {!filter.overdue ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setFilter({ ...DEFAULT_INCIDENT_FILTER, overdue: true })}>
            Show only these
          </button>
        ) : null}
      </ReviewReminder>
      <IncidentFilters filter={filter} teams={teams.data ?? []} services={services.data ?? []} onChange={setFilter} />
      <ErrorNotice error={incidents.error} onRetry={incidents.reload} />
      {incidents.data ? (
        list.length === 0 ? (
          <p className="empty">{isIncidentFiltered(filter) ? "No incidents match these filters." : "No incidents yet."}</p>
        ) : (
          <section className="panel" aria-label="Incident list">
            <div className="table-scroll">
              <IncidentTable incidents={list} />
            </div>
            <p className="muted alert-list__count">
              {list.length} {list.length === 1 ? "incident" : "incidents"}
            </p>
          </section>
        )
      ) : incidents.loading ? (
        <p className="muted">Loading incidents…</p>
      ) : null}
    </>
  );
}
