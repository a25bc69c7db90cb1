import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { isApiError } from "../../api/client";
import type { Engineer, Schedule, ScheduleWarning, Timeline } from "../../api/types";
import { TIERS } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { isValidTimeZone, startOfDay } from "../../lib/time";
import { editorReducer, emptyState, fromSchedule, toInput } from "../../schedules/editorState";
import { editorFieldPaths, fieldId, resolveFieldPath } from "../../schedules/fieldPaths";
import { EditorContext, type EditorContextValue } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";
import { HolidaysEditor } from "./HolidaysEditor";
import { ScheduleBasicsFields } from "./ScheduleBasicsFields";
import { TierEditor } from "./TierEditor";
import { ScheduleTimeline, TimelineWarnings } from "../timeline/ScheduleTimeline";

/** PREVIEW_DELAY is how long the editor waits after the last change before drawing the preview. */
const PREVIEW_DELAY_MS = 400;

export interface ScheduleEditorProps {
  teamId: string;
  /** schedule is the one edited; absent to create one. */
  schedule?: Schedule;
  members: readonly Engineer[];
  readOnly: boolean;
  defaultTimeZone: string;
  /** notice is a message to show at first, such as "Schedule created.". */
  notice?: string | undefined;
  onSaved: (s: Schedule, created: boolean) => void;
  /** onReload fetches the schedule again after a version conflict. */
  onReload: () => Promise<Schedule>;
}

/**
 * ScheduleEditor edits a schedule on the client until Save, then sends the
 * whole definition with the version it started from. The server's field
 * errors are shown at the control they name; a version conflict offers a
 * reload.
 */
export function ScheduleEditor(props: ScheduleEditorProps) {
  const { teamId, schedule, members, readOnly, defaultTimeZone, notice, onSaved, onReload } = props;
  const api = useApi();
  const [state, dispatch] = useReducer(editorReducer, schedule, (s) => (s ? fromSchedule(s) : emptyState(defaultTimeZone)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string | null>(notice ?? null);
  const [busy, setBusy] = useState(false);
  const focusPath = useRef<string | null>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);

  // After an error is shown, move focus to the control it names.
  useEffect(() => {
    const path = focusPath.current;
    if (!path) return;
    focusPath.current = null;
    document.getElementById(fieldId(path))?.focus();
  }, [errors]);

  useEffect(() => {
    if (formError) formErrorRef.current?.focus();
  }, [formError]);

  // The live preview: the definition as edited, drawn by the server (the
  // same compile as saving), two weeks from today, nothing saved.
  const [preview, setPreview] = useState<{ timeline?: Timeline; error?: string }>({});
  const input = useMemo(() => toInput(state), [state]);
  const scheduleId = schedule?.id;
  useEffect(() => {
    if (readOnly) return;
    const zone = isValidTimeZone(input.time_zone) ? input.time_zone : "UTC";
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .previewSchedule({ scheduleId, teamId }, input, { from: startOfDay(new Date(), zone), days: 14, signal: controller.signal })
        .then((timeline) => setPreview({ timeline }))
        .catch((err: unknown) => {
          if (!controller.signal.aborted) setPreview({ error: errorMessage(err) });
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, input, readOnly, scheduleId, teamId]);
  // A warning about a layer goes to the control to change: its start for a
  // gap before it, its participants for someone in two tiers.
  const showField = (w: ScheduleWarning) => {
    const control = w.code === "past_start_gap" ? ".start" : w.code === "same_engineer_two_tiers" ? ".participants" : "";
    const path = resolveFieldPath(w.field + control, editorFieldPaths(state));
    if (path) document.getElementById(fieldId(path))?.focus();
  };

  const ctx = useMemo<EditorContextValue>(() => ({ dispatch, errors, members, readOnly }), [errors, members, readOnly]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (readOnly) return;
    setErrors({});
    setFormError(null);
    setSaved(null);
    setConflict(false);
    setBusy(true);
    try {
      const body = toInput(state);
      const result = schedule ? await api.updateSchedule(schedule.id, body) : await api.createSchedule(teamId, body);
      dispatch({ type: "load", state: fromSchedule(result) });
      setSaved(schedule ? `Saved. This is version ${result.version}.` : "Schedule created.");
      onSaved(result, !schedule);
    } catch (err) {
      if (isApiError(err) && err.status === 409 && schedule) {
        setConflict(true);
      } else {
        const path = isApiError(err) ? resolveFieldPath(err.field, editorFieldPaths(state)) : null;
        if (path) {
          focusPath.current = path;
          setErrors({ [path]: errorMessage(err) });
        } else {
          setFormError(errorMessage(err));
        }
      }
    } finally {
      setBusy(false);
    }
  }

  async function reload() {
    setBusy(true);
    try {
      const fresh = await onReload();
      dispatch({ type: "load", state: fromSchedule(fresh) });
      setConflict(false);
      setErrors({});
      setFormError(null);
      setSaved("Reloaded the latest version; your unsaved edits were discarded.");
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <EditorContext.Provider value={ctx}>
      <form className="form schedule-editor" onSubmit={(e) => void save(e)} noValidate aria-label="Schedule">
        {readOnly ? (
          <p className="notice notice--info">Only team admins can change this schedule; you are seeing it read-only.</p>
        ) : null}
        {conflict ? (
          <div className="notice notice--error" role="alert">
            <span>Someone else changed this schedule since you opened it — reload to get their version (your edits here will be lost).</span>
            <button type="button" className="button button--primary button--small" onClick={() => void reload()} disabled={busy}>
              Reload
            </button>
          </div>
        ) : null}
        {formError ? (
          <p className="form__error" role="alert" tabIndex={-1} ref={formErrorRef}>
            {formError}
          </p>
        ) : null}
        <fieldset className="form__plain" disabled={readOnly}>
          <ScheduleBasicsFields state={state} />
          <HolidaysEditor holidays={state.holidays} />
          <div className="tiers" id={fieldId("tiers")} tabIndex={-1}>
            <FieldMessage path="tiers" />
            {TIERS.map((t) => (
              <TierEditor key={t} tier={t} layers={state.tiers[t]} />
            ))}
          </div>
        </fieldset>
        {readOnly ? null : (
          <section className="panel schedule-preview" aria-labelledby="schedule-preview-title" data-testid="schedule-preview">
            <h2 className="panel__title" id="schedule-preview-title">
              Preview: the next two weeks, as edited
            </h2>
            {preview.error ? (
              <p className="muted" role="status">
                No preview yet: {preview.error}
              </p>
            ) : preview.timeline ? (
              <>
                <TimelineWarnings warnings={preview.timeline.warnings} onField={showField} />
                <ScheduleTimeline timeline={preview.timeline} label="Preview of the edited schedule: each layer, then the final schedule per tier" />
              </>
            ) : (
              <p className="muted">Drawing the preview…</p>
            )}
          </section>
        )}
        {readOnly ? null : (
          <div className="form__actions form__actions--bar">
            <span className="muted" aria-live="polite">
              {saved ?? (state.dirty ? "Unsaved changes" : "")}
            </span>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? "Saving…" : schedule ? "Save schedule" : "Create schedule"}
            </button>
          </div>
        )}
      </form>
    </EditorContext.Provider>
  );
}
