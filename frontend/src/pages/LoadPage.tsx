import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** LoadPage shows how much on-call work each engineer carries. */
export function LoadPage() {
  return (
    <>
      <PageHeader title="Load" />
      <ComingSoon what="On-call load: interruptions, sleep-time pages and engaged time per engineer." />
    </>
  );
}
