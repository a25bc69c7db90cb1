import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** NowPage shows what needs attention right now. */
export function NowPage() {
  return (
    <>
      <PageHeader title="Now" />
      <ComingSoon what="Who is on call right now, open alerts and your next shift." />
    </>
  );
}
