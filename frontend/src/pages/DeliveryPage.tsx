import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { FigureGrid } from "../components/delivery/FigureGrid";
import { ServiceFiguresTable } from "../components/delivery/ServiceFiguresTable";
import { WeeklyTrend } from "../components/delivery/WeeklyTrend";
import { IncidentsNav } from "../components/incidents/IncidentsNav";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { usePoll } from "../hooks/usePoll";
import { choiceFromSearch, choiceToSearch, deliveryQuery, PERIODS, type DeliveryChoice, type PeriodChoice } from "../delivery/period";
import { formatInstant } from "../lib/time";

/** DELIVERY_POLL_MS is how often the dashboard asks again, so a wall screen stays current. */
export const DELIVERY_POLL_MS = 60_000;

/**
 * DeliveryPage is the dashboard dev and ops both read, per team and
 * service over a period: deployments, change fail rate, median lead time,
 * MTTA and MTTR, incidents by severity, open and overdue action items and
 * the team's page load, with the weekly trend drawn by Chart.js.
 */
export function DeliveryPage() {
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const choice = useMemo(() => choiceFromSearch(search), [search]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const services = useLoad((signal) => api.services({ signal }), [api]);
  // The period's start is fixed when the choice changes; a reload asks again over the same span up to now.
  const query = useMemo(() => deliveryQuery(choice, new Date()), [choice]);
  const metrics = useLoad((signal) => api.deliveryMetrics(query, signal), [api, JSON.stringify(query)]);
  usePoll(metrics.reload, DELIVERY_POLL_MS);

  function set(c: DeliveryChoice) {
    setSearch(choiceToSearch(c), { replace: true });
  }

  const shownServices = (services.data ?? []).filter((s) => !choice.teamId || s.team_id === choice.teamId);
  const m = metrics.data;
  const load = m?.page_load ?? null;

  return (
    <>
      <PageHeader title="Delivery">
        <button type="button" className="button button--quiet button--small" onClick={metrics.reload}>
          Refresh
        </button>
      </PageHeader>
      <IncidentsNav />
      <form className="filter-bar" aria-label="Delivery period and scope" onSubmit={(e) => e.preventDefault()}>
        <label className="filter-bar__field">
          <span>Team</span>
          <select value={choice.teamId} onChange={(e) => set({ ...choice, teamId: e.target.value, serviceId: "" })}>
            <option value="">All teams</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-bar__field">
          <span>Service</span>
          <select value={choice.serviceId} onChange={(e) => set({ ...choice, serviceId: e.target.value })}>
            <option value="">All services</option>
            {shownServices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-bar__field">
          <span>Period</span>
          <select
            value={choice.period}
            onChange={(e) => {
              const period = e.target.value as PeriodChoice;
              if (period !== "custom") {
                set({ ...choice, period, from: "", to: "" });
                return;
              }
              const to = new Date().toISOString().slice(0, 10);
              const from = new Date(Date.now() - 27 * 24 * 3600 * 1000).toISOString().slice(0, 10);
              set({ ...choice, period, from, to });
            }}
          >
            {PERIODS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {choice.period === "custom" ? (
          <>
            <label className="filter-bar__field">
              <span>From</span>
              <input type="date" value={choice.from} max={choice.to} onChange={(e) => e.target.value && set({ ...choice, from: e.target.value })} />
            </label>
            <label className="filter-bar__field">
              <span>To (included)</span>
              <input type="date" value={choice.to} min={choice.from} onChange={(e) => e.target.value && set({ ...choice, to: e.target.value })} />
            </label>
          </>
        ) : null}
      </form>
      <ErrorNotice error={metrics.error} onRetry={metrics.reload} />
      {m ? (
        <div className="panel-stack" data-testid="delivery">
          <p className="muted page-lead">
            From {formatInstant(m.from)} to {formatInstant(m.to)}
            {m.time_zone ? `; weeks start on Monday in ${m.time_zone}` : ""}. Change fail rate: deploys followed within 24 hours by an incident on the same service,
            over deploys. MTTA and MTTR run from detection.
          </p>
          <FigureGrid totals={m.totals} load={load} />
          <section className="panel" aria-labelledby="delivery-trend-title">
            <h2 className="panel__title" id="delivery-trend-title">
              Weekly trend
            </h2>
            <WeeklyTrend weeks={m.weeks} zone={m.time_zone} />
          </section>
          <section className="panel" aria-labelledby="delivery-services-title">
            <h2 className="panel__title" id="delivery-services-title">
              By service
            </h2>
            <ServiceFiguresTable services={m.services} />
          </section>
          {load ? (
            <section className="panel" aria-labelledby="delivery-load-title">
              <h2 className="panel__title" id="delivery-load-title">
                Page load
              </h2>
              <p className="muted">Who carried the pager: pages and interruptions per engineer, by band in each engineer’s zone.</p>
              {load.engineers.length === 0 ? (
                <p className="muted">Nobody was paged in this period.</p>
              ) : (
                <div className="table-scroll">
                  <table className="table table--row-heads" data-testid="page-load">
                    <thead>
                      <tr>
                        <th scope="col">Engineer</th>
                        <th scope="col">Pages</th>
                        <th scope="col">Interruptions</th>
                        <th scope="col">Business hours</th>
                        <th scope="col">Off hours</th>
                        <th scope="col">Sleep hours</th>
                      </tr>
                    </thead>
                    <tbody>
                      {load.engineers.map((e) => (
                        <tr key={e.user.id}>
                          <th scope="row">{e.user.name}</th>
                          <td>
                            {e.pages}
                            {e.shadow_pages > 0 ? <span className="muted"> (+{e.shadow_pages} shadow)</span> : null}
                          </td>
                          <td>{e.interruptions.total}</td>
                          <td>{e.interruptions.business}</td>
                          <td>{e.interruptions.off_hours}</td>
                          <td>{e.interruptions.sleep}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          ) : (
            <p className="muted">Choose a team or a service to see its page load.</p>
          )}
        </div>
      ) : metrics.loading ? (
        <p className="muted">Loading the figures…</p>
      ) : null}
    </>
  );
}
