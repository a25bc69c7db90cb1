import type { Page } from "../../api/types";
import { pageStatusDisplay, stepLabel } from "../../alerts/display";
import { formatInstant } from "../../lib/time";
import { ToneBadge } from "../ToneBadge";

/** AlertPagesTable lists the pages an alert sent: to whom, how, at which step, and what became of them. */
export function AlertPagesTable({ pages, userName }: { pages: readonly Page[]; userName: (id: string) => string }) {
  if (pages.length === 0) return <p className="muted">Nobody has been paged for this alert.</p>;
  return (
    <div className="table-scroll">
      <table className="table pages-table" data-testid="pages-table">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Channel</th>
            <th scope="col">Shadow</th>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Sent at</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {pages.map((p) => {
            const st = pageStatusDisplay(p.status);
            return (
              <tr key={p.id}>
                <td>
                  {userName(p.user_id)}
                  {p.via ? <span className="pages-table__via muted">{p.via}</span> : null}
                </td>
                <td>{p.channel}</td>
                <td>{p.shadow ? <span className="flag-badge flag-badge--shadow">shadow</span> : <span className="muted">no</span>}</td>
                <td className="nowrap">{stepLabel(p.step, p.loop)}</td>
                <td>
                  <ToneBadge tone={st.tone}>{st.label}</ToneBadge>
                </td>
                <td>{p.attempts ?? 0}</td>
                <td>{p.sent_at ? <time dateTime={p.sent_at}>{formatInstant(p.sent_at)}</time> : <span className="muted">—</span>}</td>
                <td className="pages-table__error">{p.error || <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
