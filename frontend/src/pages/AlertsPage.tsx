import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** AlertsPage lists alerts and where they were routed. */
export function AlertsPage() {
  return (
    <>
      <PageHeader title="Alerts" />
      <ComingSoon what="Incoming alerts, their routing and escalation." />
    </>
  );
}
