import { Link } from "react-router";
import type { MyOnCall } from "../../api/types";
import { nextShiftSentence, onCallSentence } from "../../oncall/mine";
import { formatRelative } from "../../lib/time";

/** MyOnCallPanel says whether the viewer is on call now and until when, and when their next shift starts. */
export function MyOnCallPanel({ mine, now }: { mine: MyOnCall; now: Date }) {
  return (
    <section className="panel my-oncall" aria-labelledby="my-oncall-title" data-testid="my-oncall">
      <h2 className="panel__title" id="my-oncall-title">
        You
      </h2>
      {mine.current.length === 0 ? (
        <p className="my-oncall__now">You are not on call right now.</p>
      ) : (
        <ul className="my-oncall__list">
          {mine.current.map((s) => (
            <li key={`${s.schedule_id}-${s.tier}`} className="my-oncall__now my-oncall__now--on" data-testid="my-oncall-now">
              <strong>{onCallSentence(s, now)}</strong>{" "}
              <span className="muted">
                {s.open_ended ? null : `(${formatRelative(s.end, now)}) · `}
                <Link to={`/calendar/${encodeURIComponent(s.schedule_id)}`}>{s.schedule_name}</Link>
              </span>
            </li>
          ))}
        </ul>
      )}
      {mine.next ? (
        <p className="my-oncall__next" data-testid="my-oncall-next">
          {nextShiftSentence(mine.next, now)} <span className="muted">({formatRelative(mine.next.start, now)})</span>
        </p>
      ) : (
        <p className="my-oncall__next muted">No shifts for you in the next 60 days.</p>
      )}
    </section>
  );
}
