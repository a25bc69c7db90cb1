import type { Service, Team } from "../../api/types";
import { STATUS_FILTERS, type AlertFilter, type StatusFilter } from "../../alerts/filters";

/** AlertFilters narrows the alert list by team, service, status, urgency and whether alerts are held. */
export function AlertFilters({
  filter,
  teams,
  services,
  onChange,
}: {
  filter: AlertFilter;
  teams: readonly Team[];
  services: readonly Service[];
  onChange: (f: AlertFilter) => void;
}) {
  const shownServices = filter.teamId ? services.filter((s) => s.team_id === filter.teamId) : services;
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return (
    <form className="filter-bar" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
      <label className="filter-bar__field">
        <span>Team</span>
        <select
          value={filter.teamId}
          onChange={(e) => {
            const teamId = e.target.value;
            // A service of another team would filter everything out.
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
          {shownServices.map((s) => (
            <option key={s.id} value={s.id}>
              {filter.teamId ? s.name : `${s.name} (${teamName.get(s.team_id) ?? "team " + s.team_id})`}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-bar__field">
        <span>Status</span>
        <select value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as StatusFilter })}>
          {STATUS_FILTERS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-bar__field">
        <span>Urgency</span>
        <select value={filter.urgency} onChange={(e) => onChange({ ...filter, urgency: e.target.value as AlertFilter["urgency"] })}>
          <option value="">Any urgency</option>
          <option value="high">High</option>
          <option value="low">Low</option>
        </select>
      </label>
      <label className="filter-bar__check">
        <input type="checkbox" checked={filter.held} onChange={(e) => onChange({ ...filter, held: e.target.checked })} />
        Held only
      </label>
    </form>
  );
}
