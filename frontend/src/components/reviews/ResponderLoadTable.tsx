import type { ResponderLoad } from "../../api/types";
import { formatSeconds } from "../../incidents/display";
import { formatInstant } from "../../lib/time";

/**
 * ResponderLoadTable is the review's section Rota fills in from the page
 * records: who was paged, how often they were interrupted by band, at
 * night, and how long they were engaged (acknowledge to resolve). Nobody
 * edits it.
 */
export function ResponderLoadTable({ load }: { load: readonly ResponderLoad[] }) {
  if (load.length === 0) return <p className="muted">Nobody was paged for this incident.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--row-heads" data-testid="responder-load">
        <thead>
          <tr>
            <th scope="col">Engineer</th>
            <th scope="col">Pages</th>
            <th scope="col">Interruptions</th>
            <th scope="col">Business hours</th>
            <th scope="col">Off hours</th>
            <th scope="col">Sleep hours</th>
            <th scope="col">First paged</th>
            <th scope="col">Engaged</th>
          </tr>
        </thead>
        <tbody>
          {load.map((r) => (
            <tr key={r.user.id}>
              <th scope="row">{r.user.name}</th>
              <td>
                {r.pages}
                {r.shadow_pages > 0 ? <span className="muted"> (+{r.shadow_pages} shadow)</span> : null}
              </td>
              <td>{r.interruptions.total}</td>
              <td>{r.interruptions.business}</td>
              <td>{r.interruptions.off_hours}</td>
              <td>{r.interruptions.sleep}</td>
              <td className="nowrap">{r.first_paged_at ? <time dateTime={r.first_paged_at}>{formatInstant(r.first_paged_at)}</time> : "—"}</td>
              <td>{r.engaged_seconds > 0 ? formatSeconds(r.engaged_seconds) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
