import { useEffect, useRef } from "react";
import { Link } from "react-router";
import type { Alert } from "../../api/types";
import { alertActions, alertAge, countLabel } from "../../alerts/display";
import { formatInstant } from "../../lib/time";
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

/** AlertTable lists alerts with their status, urgency, service, summary, count and age, a checkbox to select, and Ack and Resolve. */
export function AlertTable({ alerts, now, selected, onSelect, busy, onAck, onResolve, back }: AlertTableProps) {
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
                <input
                  type="checkbox"
                  aria-label={`Select ${a.summary}`}
                  checked={can.ack && selected.has(a.id)}
                  disabled={!can.ack}
                  onChange={(e) => onSelect([a.id], e.target.checked)}
                />
              </td>
              <td>
                <AlertStatusBadge status={a.status} />
              </td>
              <td>
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
              <td className="alert-table__count">{countLabel(a.count) ? <span title={`${a.count} events folded into this alert`}>{countLabel(a.count)}</span> : null}</td>
              <td className="alert-table__age">
                <time dateTime={a.created_at} title={formatInstant(a.created_at)}>
                  {alertAge(a.created_at, now)}
                </time>
              </td>
              <td className="table__actions alert-table__actions">
                <button type="button" className="button button--quiet button--small" disabled={!can.ack || busy !== null} aria-label={`Acknowledge ${a.summary}`} onClick={() => onAck(a)}>
                  Ack
                </button>
                <button type="button" className="button button--quiet button--small" disabled={!can.resolve || busy !== null} aria-label={`Resolve ${a.summary}`} onClick={() => onResolve(a)}>
                  Resolve
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
