import { useApi } from "../../api/ApiContext";
import { useLoad } from "../../hooks/useLoad";
import { ErrorNotice } from "../ErrorNotice";
import { ChangeList } from "../incidents/SuspectChanges";

/** SERVICE_CHANGES_SHOWN is how many of a service's latest deploys its page lists. */
export const SERVICE_CHANGES_SHOWN = 20;

/**
 * ServiceChangesPanel lists a service's latest change events (deploys),
 * newest first, as monitors and CI send them to the change intake.
 */
export function ServiceChangesPanel({ serviceId }: { serviceId: string }) {
  const api = useApi();
  const changes = useLoad((signal) => api.serviceChanges(serviceId, { limit: SERVICE_CHANGES_SHOWN, signal }), [api, serviceId]);
  return (
    <section className="panel" aria-labelledby="service-changes-title">
      <h2 className="panel__title" id="service-changes-title">
        Changes
      </h2>
      <p className="muted">
        Deploys sent to <code className="code-inline">/v2/change/enqueue</code> (PagerDuty’s Change Events) or <code className="code-inline">/api/v1/integrations/&lt;key&gt;/change</code> with
        one of the service’s keys; a <code className="code-inline">committed_at</code> in custom details gives the lead time.
      </p>
      <ErrorNotice error={changes.error} onRetry={changes.reload} />
      {changes.data ? <ChangeList changes={changes.data} label="Changes" empty="No changes recorded yet." /> : null}
    </section>
  );
}
