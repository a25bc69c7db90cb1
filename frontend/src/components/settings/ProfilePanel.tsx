import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Discipline, User } from "../../api/types";
import { timeZoneNames } from "../../lib/time";
import { NO_ERRORS, PROFILE_FIELDS, firstErrorField, formErrors, type FormErrors, type ProfileField } from "../../settings/formErrors";
import { draftFromWorkingHours, workingHoursValue } from "../../settings/workingHours";
import { FormField, invalidProps } from "../FormField";
import { WorkingHoursField } from "./WorkingHoursField";

/** CONTROL_IDS are the DOM ids of the profile's controls, by API field. */
const CONTROL_IDS: Record<ProfileField, string> = {
  name: "profile-name",
  discipline: "profile-discipline",
  time_zone: "profile-time-zone",
  working_hours: "profile-working-hours",
};

/**
 * ProfilePanel edits your name, discipline, time zone, working hours and
 * handoff notices and saves them with PATCH /me; a 400 marks the control it
 * names.
 */
export function ProfilePanel({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const api = useApi();
  const [name, setName] = useState(user.name);
  const [discipline, setDiscipline] = useState<Discipline>(user.discipline);
  const [timeZone, setTimeZone] = useState(user.time_zone);
  const [hours, setHours] = useState(() => draftFromWorkingHours(user.working_hours));
  const [handoff, setHandoff] = useState(user.handoff_notices ?? true);
  const [errors, setErrors] = useState<FormErrors<ProfileField>>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const focus = useRef<ProfileField | null>(null);
  const zones = useMemo(() => {
    const names = timeZoneNames();
    return names.includes(user.time_zone) ? names : [user.time_zone, ...names];
  }, [user.time_zone]);

  useEffect(() => {
    const f = focus.current;
    focus.current = null;
    if (f) document.getElementById(CONTROL_IDS[f])?.focus();
  }, [errors]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setSaved(null);
    setBusy(true);
    try {
      const updated = await api.updateMe({ name: name.trim(), discipline, time_zone: timeZone, working_hours: workingHoursValue(hours), handoff_notices: handoff });
      setName(updated.name);
      setHours(draftFromWorkingHours(updated.working_hours));
      setHandoff(updated.handoff_notices ?? true);
      setSaved("Profile saved.");
      onSaved(updated);
    } catch (err) {
      const placed = formErrors(err, PROFILE_FIELDS);
      focus.current = firstErrorField(placed, PROFILE_FIELDS);
      setErrors(placed);
    } finally {
      setBusy(false);
    }
  }

  const f = errors.fields;
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 className="panel__title" id="profile-title">
        Profile
      </h2>
      <form className="form" aria-label="Profile" onSubmit={(e) => void save(e)} noValidate>
        <p className="muted">
          Signed in as <strong>{user.email}</strong>
          {user.is_admin ? " (organisation admin)" : ""}.
        </p>
        {errors.form ? (
          <p className="form__error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <div className="form__grid">
          <FormField id={CONTROL_IDS.name} label="Name" error={f.name}>
            <input id={CONTROL_IDS.name} type="text" value={name} maxLength={200} autoComplete="name" onChange={(e) => setName(e.target.value)} {...invalidProps(CONTROL_IDS.name, f.name)} />
          </FormField>
          <FormField id={CONTROL_IDS.discipline} label="Discipline" error={f.discipline} hint="Schedules with mixed pairing put a dev and an ops engineer together.">
            <select id={CONTROL_IDS.discipline} value={discipline} onChange={(e) => setDiscipline(e.target.value as Discipline)} {...invalidProps(CONTROL_IDS.discipline, f.discipline)}>
              <option value="dev">Dev</option>
              <option value="ops">Ops</option>
            </select>
          </FormField>
          <FormField id={CONTROL_IDS.time_zone} label="Time zone" error={f.time_zone} hint="Your shifts and working hours are shown in it.">
            <select id={CONTROL_IDS.time_zone} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} {...invalidProps(CONTROL_IDS.time_zone, f.time_zone)}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <WorkingHoursField id={CONTROL_IDS.working_hours} draft={hours} timeZone={timeZone} error={f.working_hours} onChange={setHours} />
        <div className="form__field">
          <label>
            <input id="profile-handoff-notices" type="checkbox" checked={handoff} onChange={(e) => setHandoff(e.target.checked)} aria-describedby="profile-handoff-notices-hint" /> Handoff notices
          </label>
          <p className="muted" id="profile-handoff-notices-hint">
            At the start of your primary and secondary shifts: the tier, when the shift ends and the open alerts handed over, by SMS when Rota sends SMS.
          </p>
        </div>
        <div className="form__actions form__actions--start">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Saving…" : "Save profile"}
          </button>
          <span className="muted" role="status">
            {saved ?? ""}
          </span>
        </div>
      </form>
    </section>
  );
}
