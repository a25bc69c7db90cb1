import type { Service, Team } from "../../api/types";
import { INCIDENT_SEVERITIES } from "../../api/types";
import { INCIDENT_STATUS_FILTERS, type IncidentFilter, type IncidentStatusFilter } from "../../incidents/filters";

/** IncidentFilters narrows the incident list by status, severity, team, service, the days it started in and an overdue review. */
export function IncidentFilters({
  filter,
  teams,
  services,
  onChange,
}: {
  filter: IncidentFilter;
  teams: readonly Team[];
  services: readonly Service[];
  onChange: (f: IncidentFilter) => void;
}) {
  const shown = filter.teamId ? services.filter((s) => s.team_id === filter.teamId) : services;
  return (
    <form className="filter-bar" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
      <label className="filter-bar__field">
        <span>Status</span>
        <select value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as IncidentStatusFilter })}>
          {INCIDENT_STATUS_FILTERS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-bar__field">
        <span>Severity</span>
        <select value={filter.severity} onChange={(e) => onChange({ ...filter, severity: e.target.value as IncidentFilter["severity"] })}>
          <option value="">Any severity</option>
          {INCIDENT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-bar__field">
        <span>Team</span>
        <select
          value={filter.teamId}
          onChange={(e) => {
            const teamId = e.target.value;
            const keep = services.some((s) => s.id === filter.serviceId && (!teamId || s.team_id === teamId));
            onChange({ ...filter, teamId, serviceId: keep ? filter.serviceId : "" });
          }}
        >
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-bar__field">
        <span>Service</span>
        <select value={filter.serviceId} onChange={(e) => onChange({ ...filter, serviceId: e.target.value })}>
          <option value="">All services</option>
          {shown.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-bar__field">
        <span>Started from</span>
        <input type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => onChange({ ...filter, from: e.target.value })} />
      </label>
      <label className="filter-bar__field">
        <span>Started to</span>
        <input type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => onChange({ ...filter, to: e.target.value })} />
      </label>
      <label className="filter-bar__check">
        <input type="checkbox" checked={filter.overdue} onChange={(e) => onChange({ ...filter, overdue: e.target.checked })} />
        Review overdue only
      </label>
    </form>
  );
}
