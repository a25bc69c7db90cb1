import { useMemo, useState } from "react";
import { useLocation, useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import type { Alert } from "../api/types";
import { alertActions, bulkAckSummary, updatedAgo } from "../alerts/display";
import { alertQuery, filterFromSearch, filterToSearch, isFiltered, MAX_LIMIT, PAGE_SIZE, type AlertFilter } from "../alerts/filters";
import { AlertFilters } from "../components/alerts/AlertFilters";
import { AlertTable } from "../components/alerts/AlertTable";
import { BulkAckBar } from "../components/alerts/BulkAckBar";
import { PagingStatusBanner } from "../components/alerts/PagingStatusBanner";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { useLastChange, useNow, usePoll } from "../hooks/usePoll";
import { errorMessage } from "../lib/errors";

/** POLL_MS is how often the alert list asks again. */
export const POLL_MS = 5_000;

/**
 * AlertsPage lists alerts live: it asks again every few seconds, keeping
 * the selection and the scroll position, and says how fresh the list is.
 * Filters live in the address bar.
 */
export function AlertsPage() {
  const api = useApi();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const query = alertQuery(filter, limit);
  const queryKey = JSON.stringify(query);
  const alerts = useLoad((signal) => api.alerts(query, signal), [api, queryKey]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const services = useLoad((signal) => api.services({ signal }), [api]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const now = useNow(1000);
  const updatedAt = useLastChange(alerts.data);
  usePoll(alerts.reload, POLL_MS);

  const list = alerts.data ?? [];
  const chosen = list.filter((a) => selected.has(a.id) && alertActions(a).ack).map((a) => a.id);

  function setFilter(f: AlertFilter) {
    setLimit(PAGE_SIZE);
    setSearch(filterToSearch(f), { replace: true });
  }

  function select(ids: readonly string[], on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  async function act(a: Alert, what: "ack" | "resolve") {
    setBusy(a.id);
    setMessage(null);
    try {
      const res = what === "ack" ? await api.ackAlert(a.id) : await api.resolveAlert(a.id);
      const text = res.shadow_ack
        ? `Acknowledged as shadow — escalation continues: “${a.summary}”.`
        : `${what === "ack" ? "Acknowledged" : "Resolved"} “${a.summary}”.`;
      setMessage({ ok: true, text });
      select([a.id], false);
      alerts.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  async function ackSelected() {
    setBusy("bulk");
    setMessage(null);
    try {
      const results = await api.ackAlerts(chosen);
      setMessage(bulkAckSummary(results));
      setSelected(new Set());
      alerts.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHeader title="Alerts">
        <span className="muted" aria-live="off" data-testid="alerts-updated">
          {updatedAgo(updatedAt, now)}
          {alerts.data ? ` · refreshes every ${POLL_MS / 1000} s` : ""}
        </span>
      </PageHeader>
      <PagingStatusBanner />
      <AlertFilters filter={filter} teams={teams.data ?? []} services={services.data ?? []} onChange={setFilter} />
      <ErrorNotice error={alerts.error} onRetry={alerts.reload} />
      {message ? (
        <p className={`notice ${message.ok ? "notice--success" : "notice--error"}`} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
      {alerts.data ? (
        list.length === 0 ? (
          <p className="empty">{isFiltered(filter) ? "No alerts match these filters." : "No open alerts. All quiet."}</p>
        ) : (
          <section className="panel alert-list" aria-label="Alert list">
            <BulkAckBar count={chosen.length} busy={busy === "bulk"} onAck={() => void ackSelected()} onClear={() => setSelected(new Set())} />
            <div className="table-scroll">
              <AlertTable
                alerts={list}
                now={now}
                selected={selected}
                onSelect={select}
                busy={busy}
                onAck={(a) => void act(a, "ack")}
                onResolve={(a) => void act(a, "resolve")}
                back={location.pathname + location.search}
                userName={(id) => names.get(id) ?? `user ${id}`}
              />
            </div>
            {list.length >= limit && limit < MAX_LIMIT ? (
              <button type="button" className="button button--quiet button--small" onClick={() => setLimit((n) => Math.min(n + PAGE_SIZE, MAX_LIMIT))}>
                Show more
              </button>
            ) : (
              <p className="muted alert-list__count">
                {list.length} {list.length === 1 ? "alert" : "alerts"}
              </p>
            )}
          </section>
        )
      ) : alerts.loading ? (
        <p className="muted">Loading alerts…</p>
      ) : null}
    </>
  );
}
