import { useEffect, useRef } from "react";
import { Link } from "react-router";
import type { Alert } from "../../api/types";
import { alertActions, alertAge, countLabel } from "../../alerts/display";
import { formatInstant } from "../../lib/time";
import { pagedSummary } from "../../oncall/mine";
import { AlertFlags, AlertStatusBadge, UrgencyBadge } from "./AlertBadges";

export interface AlertTableProps {
  alerts: readonly Alert[];
  now: Date;
  selected: ReadonlySet<string>;
  onSelect: (ids: readonly string[], on: boolean) => void;
  /** busy is the id of the alert an action is under way for. */
  busy: string | null;
  onAck: (a: Alert) => void;
  onResolve: (a: Alert) => void;
  /** back is the list's own address, so the detail page can return to it with its filters. */
  back: string;
  /** userName names a user by id (who acknowledged or resolved). */
  userName: (id: string) => string;
}

/** Assignee says who has the alert: who acknowledged or resolved it, and who was paged. */
function Assignee({ alert: a, userName }: { alert: Alert; userName: (id: string) => string }) {
  const paged = pagedSummary(a);
  const owner =
    a.status === "acknowledged" && a.acked_by ? `Acknowledged by ${userName(a.acked_by)}` : a.status === "resolved" && a.resolved_by ? `Resolved by ${userName(a.resolved_by)}` : "";
  if (!owner && !paged) return <span className="muted">nobody paged</span>;
  return (
    <>
      {owner ? <span className="alert-table__owner">{owner}</span> : null}
      {paged ? <span className="alert-table__paged muted">paged {paged}</span> : null}
    </>
  );
}

function SelectAll({ alerts, selected, onSelect }: Pick<AlertTableProps, "alerts" | "selected" | "onSelect">) {
  const ref = useRef<HTMLInputElement>(null);
  const ackable = alerts.filter((a) => alertActions(a).ack).map((a) => a.id);
  const chosen = ackable.filter((id) => selected.has(id)).length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = chosen > 0 && chosen < ackable.length;
  }, [chosen, ackable.length]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select every triggered alert shown"
      checked={ackable.length > 0 && chosen === ackable.length}
      disabled={ackable.length === 0}
      onChange={(e) => onSelect(ackable, e.target.checked)}
    />
  );
}

/**
 * AlertTable lists alerts with their status, urgency, service, summary,
 * who has them (acknowledged by, paged), count and age, a checkbox to
 * select, and the actions that apply: Acknowledge on a triggered alert,
 * Resolve on an open one; a resolved alert has none, so its row shows no
 * greyed-out controls. On a phone the rows become cards (styles.css).
 */
export function AlertTable({ alerts, now, selected, onSelect, busy, onAck, onResolve, back, userName }: AlertTableProps) {
  return (
    <table className="table alert-table">
      <thead>
        <tr>
          <th scope="col" className="alert-table__select">
            <SelectAll alerts={alerts} selected={selected} onSelect={onSelect} />
          </th>
          <th scope="col">Status</th>
          <th scope="col">Urgency</th>
          <th scope="col">Service</th>
          <th scope="col">Summary</th>
          <th scope="col">Assigned to / paged</th>
          <th scope="col">Count</th>
          <th scope="col">Age</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => {
          const can = alertActions(a);
          return (
            <tr key={a.id} data-testid="alert-row" data-alert-id={a.id} className={`alert-row alert-row--${a.status}`}>
              <td className="alert-table__select">
                {can.ack ? (
                  <input type="checkbox" aria-label={`Select ${a.summary}`} checked={selected.has(a.id)} onChange={(e) => onSelect([a.id], e.target.checked)} />
                ) : null}
              </td>
              <td className="alert-table__status">
                <AlertStatusBadge status={a.status} />
              </td>
              <td className="alert-table__urgency">
                <UrgencyBadge urgency={a.urgency} />
              </td>
              <td className="alert-table__service">{a.service_name || `service ${a.service_id}`}</td>
              <td className="alert-table__summary">
                <Link to={`/alerts/${encodeURIComponent(a.id)}`} state={{ back }}>
                  {a.summary || "(no summary)"}
                </Link>
                <AlertFlags alert={a} />
                {a.source ? <span className="alert-table__source muted">{a.source}</span> : null}
              </td>
              <td className="alert-table__assignee" data-testid="alert-assignee">
                <Assignee alert={a} userName={userName} />
              </td>
              <td className="alert-table__count">{countLabel(a.count) ? <span title={`${a.count} events folded into this alert`}>{countLabel(a.count)}</span> : null}</td>
              <td className="alert-table__age">
                <time dateTime={a.created_at} title={formatInstant(a.created_at)}>
                  {alertAge(a.created_at, now)}
                </time>
              </td>
              <td className="table__actions alert-table__actions">
                {can.ack ? (
                  <button type="button" className="button button--primary button--small" disabled={busy !== null} aria-label={`Acknowledge ${a.summary}`} onClick={() => onAck(a)}>
                    Acknowledge
                  </button>
                ) : null}
                {can.resolve ? (
                  <button type="button" className="button button--quiet button--small" disabled={busy !== null} aria-label={`Resolve ${a.summary}`} onClick={() => onResolve(a)}>
                    Resolve
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
