import type { Swap } from "../../api/types";
import { ErrorNotice } from "../ErrorNotice";
import { SwapList } from "../swaps/SwapList";

/** ScheduleSwapsPanel lists this schedule's pending swap requests. */
export function ScheduleSwapsPanel({
  swaps,
  error,
  meId,
  timeZone,
  nameOf,
  onChanged,
  onRetry,
}: {
  swaps: Swap[] | undefined;
  error: unknown;
  meId: string;
  timeZone: string;
  nameOf: (id: string) => string;
  onChanged: (swap: Swap) => void;
  onRetry: () => void;
}) {
  return (
    <section className="panel" aria-labelledby="schedule-swaps-title">
      <h2 className="panel__title" id="schedule-swaps-title">
        Swap requests
      </h2>
      <ErrorNotice error={error} onRetry={onRetry} />
      {swaps ? (
        <SwapList
          swaps={swaps}
          meId={meId}
          nameOf={nameOf}
          timeZone={timeZone}
          onChanged={onChanged}
          empty="No pending swap requests for this schedule. Click one of your shifts to ask for one."
        />
      ) : null}
    </section>
  );
}
