import { Link } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { PagerDutyConnectionPanel } from "../components/pagerduty/PagerDutyConnectionPanel";
import { PagerDutyImportPanel } from "../components/pagerduty/PagerDutyImportPanel";
import { PagerDutyLastSyncPanel } from "../components/pagerduty/PagerDutyLastSyncPanel";
import { useLoad } from "../hooks/useLoad";

/**
 * PagerDutySettingsPage is Settings → PagerDuty, for organisation admins:
 * connect with a token, preview and run an import, and see the last sync.
 */
export function PagerDutySettingsPage() {
  const perms = usePermissions();
  const admin = perms.mayOrg("org.manage");
  return (
    <>
      <PageHeader title="PagerDuty">
        <Link to="/settings" className="button button--quiet">
          Back to Settings
        </Link>
      </PageHeader>
      {!perms.ready ? (
        <p className="muted">Loading…</p>
      ) : admin ? (
        <PagerDutySettings />
      ) : (
        <p className="notice notice--info">Only organisation admins connect and import from PagerDuty.</p>
      )}
    </>
  );
}

function PagerDutySettings() {
  const api = useApi();
  const sync = useLoad((signal) => api.pagerDutySync(signal), [api]);
  return (
    <div className="panel-stack settings">
      <ErrorNotice error={sync.error} onRetry={sync.reload} />
      {sync.data ? (
        <>
          <PagerDutyConnectionPanel connection={sync.data.connection} onChanged={sync.reload} />
          <PagerDutyImportPanel connected={sync.data.connection.connected} onRan={sync.reload} />
          <PagerDutyLastSyncPanel sync={sync.data} />
        </>
      ) : sync.loading ? (
        <p className="muted">Loading the PagerDuty connection…</p>
      ) : null}
    </div>
  );
}
