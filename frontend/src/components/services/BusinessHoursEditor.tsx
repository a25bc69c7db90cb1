import { useMemo, type Dispatch } from "react";
import { timeZoneNames } from "../../lib/time";
import type { ServiceAction, ServiceFormState } from "../../services/serviceState";
import { windowBase } from "../../services/serviceState";
import { controlProps } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";
import { WeeklyWindowRow } from "../WeeklyWindowRow";

/**
 * BusinessHoursEditor sets a service's business hours: a zone and weekly
 * windows, with the schedule editor's window controls. No windows means no
 * business hours (and nothing to hold low-urgency alerts for).
 */
export function BusinessHoursEditor({ state, errors, dispatch }: { state: ServiceFormState; errors: Readonly<Record<string, string>>; dispatch: Dispatch<ServiceAction> }) {
  const zone = controlProps("business_hours.time_zone", errors);
  const add = controlProps("business_hours.windows", errors);
  const zones = useMemo(() => timeZoneNames(), []);
  return (
    <fieldset className="form__fieldset business-hours" aria-describedby={errors["business_hours"] ? `${controlProps("business_hours", errors).id}-error` : undefined}>
      <legend>Business hours</legend>
      <div className="form__field business-hours__zone">
        <label htmlFor={zone.id}>Time zone</label>
        <input {...zone} type="text" list="service-zone-names" value={state.timeZone} autoComplete="off" spellCheck={false} onChange={(e) => dispatch({ type: "set", patch: { timeZone: e.target.value } })} />
        <datalist id="service-zone-names">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <PathError path="business_hours.time_zone" errors={errors} />
      </div>
      {state.windows.length === 0 ? <p className="muted">No business hours: every hour counts as outside them.</p> : <p className="form__hint">Times are HH:MM in this zone; a window ending earlier than it starts crosses midnight.</p>}
      <ul className="window-list">
        {state.windows.map((w, at) => (
          <WeeklyWindowRow
            key={w.key}
            base={windowBase(at)}
            at={at}
            window={w}
            errors={errors}
            onToggleDay={(day) => dispatch({ type: "toggleDay", at, day })}
            onChange={(patch) => dispatch({ type: "updateWindow", at, patch })}
            onRemove={() => dispatch({ type: "removeWindow", at })}
          />
        ))}
      </ul>
      <button {...add} type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addWindow" })}>
        Add window
      </button>
      <PathError path="business_hours.windows" errors={errors} />
      <PathError path="business_hours" errors={errors} />
    </fieldset>
  );
}
