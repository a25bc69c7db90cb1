import { useApi } from "../../api/ApiContext";
import { useCurrentUser } from "../../auth/AuthContext";
import { useLoad } from "../../hooks/useLoad";
import { ErrorNotice } from "../ErrorNotice";
import { SwapList } from "../swaps/SwapList";

/** MySwapsPanel lists pending swaps the viewer asked for or was asked, with their actions. */
export function MySwapsPanel({ onChanged }: { onChanged: () => void }) {
  const api = useApi();
  const me = useCurrentUser();
  const swaps = useLoad((signal) => api.swaps({ mine: true, state: "requested" }, signal), [api]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const schedules = useLoad((signal) => api.schedules({ signal }), [api]);

  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const scheduleNames = new Map((schedules.data ?? []).map((s) => [s.id, s.name]));

  return (
    <section className="panel" aria-labelledby="my-swaps-title">
      <h2 className="panel__title" id="my-swaps-title">
        My swaps
      </h2>
      <ErrorNotice error={swaps.error} onRetry={swaps.reload} />
      {swaps.data ? (
        <SwapList
          swaps={swaps.data}
          meId={me.id}
          nameOf={(id) => names.get(id) ?? `user ${id}`}
          scheduleName={(id) => scheduleNames.get(id) ?? `schedule ${id}`}
          onChanged={() => {
            swaps.reload();
            onChanged();
          }}
          empty="No swap requests waiting on you or from you."
        />
      ) : swaps.loading ? (
        <p className="muted">Loading swaps…</p>
      ) : null}
    </section>
  );
}
