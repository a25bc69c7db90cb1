import { useApi } from "../../api/ApiContext";
import { useLoad } from "../../hooks/useLoad";

/** PagingStatusBanner warns when pages only go to the log: nobody's phone rings, but the pages are kept and shown. */
export function PagingStatusBanner() {
  const api = useApi();
  const status = useLoad((signal) => api.pagingStatus(signal), [api]);
  if (!status.data || status.data.sending) return null;
  return (
    <p className="notice notice--warning" role="status" data-testid="paging-banner">
      Pages are not being sent — no Twilio configured; they are recorded and shown here.
    </p>
  );
}
