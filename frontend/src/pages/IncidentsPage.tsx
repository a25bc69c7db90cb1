import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** IncidentsPage lists incidents and their timelines. */
export function IncidentsPage() {
  return (
    <>
      <PageHeader title="Incidents" />
      <ComingSoon what="Incidents, who acknowledged them and how they were resolved." />
    </>
  );
}
