import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** CalendarPage shows who is on call when. */
export function CalendarPage() {
  return (
    <>
      <PageHeader title="Calendar" />
      <ComingSoon what="Schedules, shifts, overrides and swaps on a calendar." />
    </>
  );
}
