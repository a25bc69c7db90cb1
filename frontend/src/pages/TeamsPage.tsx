import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** TeamsPage lists teams, members and schedules. */
export function TeamsPage() {
  return (
    <>
      <PageHeader title="Teams" />
      <ComingSoon what="Teams, their members and their schedules." />
    </>
  );
}
