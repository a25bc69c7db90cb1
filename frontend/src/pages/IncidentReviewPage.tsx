import { useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { isApiError } from "../api/client";
import type { Review } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { PathError } from "../components/PathError";
import { ActionItemsEditor } from "../components/reviews/ActionItemsEditor";
import { ResponderLoadTable } from "../components/reviews/ResponderLoadTable";
import { ReviewWorkflow } from "../components/reviews/ReviewWorkflow";
import { StringListEditor } from "../components/reviews/StringListEditor";
import { useLoad } from "../hooks/useLoad";
import { placeField } from "../incidents/errors";
import { editorPath, fromReview, LISTS, reviewFieldPaths, reviewReducer, toReviewInput, type ReviewDraft } from "../incidents/reviewState";
import { errorMessage } from "../lib/errors";
import { browserTimeZone, formatInstant, localDate } from "../lib/time";
import { controlProps, fieldId } from "../schedules/fieldPaths";

const EMPTY: ReviewDraft = { summary: "", impact: "", lists: { contributing_factors: [], went_well: [], was_hard: [] }, meetingDate: "", items: [], dirty: false };

/** inAWeek is the default due date of a new action item: a week from today, in the viewer's zone. */
function inAWeek(): string {
  return localDate(new Date(Date.now() + 7 * 24 * 3600 * 1000), browserTimeZone());
}

/**
 * IncidentReviewPage is the post-incident review editor: summary, customer
 * impact, contributing factors, what went well and what was hard, the
 * meeting date and the action items, moving draft → in review →
 * published. A published review is read-only but for the action items'
 * status. Rota's responder-load section is shown beside it, read-only, and
 * the whole review exports as Markdown.
 */
export function IncidentReviewPage() {
  const { incidentId = "" } = useParams();
  const api = useApi();
  const auth = useAuth();
  const permissions = usePermissions();
  const incident = useLoad((signal) => api.incident(incidentId, signal), [api, incidentId]);
  const loaded = useLoad((signal) => api.review(incidentId, signal), [api, incidentId]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const [review, setReview] = useState<Review | null>(null);
  const [draft, dispatch] = useReducer(reviewReducer, EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const focus = useRef<string | null>(null);

  useEffect(() => {
    if (loaded.data) {
      setReview(loaded.data);
      dispatch({ type: "load", draft: fromReview(loaded.data) });
    }
  }, [loaded.data]);

  useEffect(() => {
    const path = focus.current;
    focus.current = null;
    if (path) document.getElementById(fieldId(path))?.focus();
  }, [errors]);

  const inc = incident.data?.incident;
  const me = auth.state.status === "signed-in" ? auth.state.user.id : "";
  const mayEdit = inc ? permissions.may("incident.manage", inc.team_id) || inc.responders.some((r) => r.id === me) : false;
  const status = review?.status ?? "draft";
  const published = status === "published";
  const contentLocked = published || !mayEdit;

  function fail(err: unknown, shown: ReturnType<typeof toReviewInput>["shown"]) {
    // "status" names the review's step (a 409), which no control shows.
    const field = isApiError(err) && err.field && err.field !== "status" ? editorPath(err.field, shown) : undefined;
    const placed = placeField(errorMessage(err), field, reviewFieldPaths(draft));
    focus.current = Object.keys(placed.fields)[0] ?? null;
    setErrors(placed.fields);
    setFormError(placed.form);
  }

  /** save sends the review; it answers the saved review, or null when the server refused it. */
  async function save(): Promise<Review | null> {
    const built = toReviewInput(draft);
    try {
      const saved = await api.saveReview(incidentId, built.input);
      setReview(saved);
      dispatch({ type: "load", draft: fromReview(saved) });
      return saved;
    } catch (err) {
      fail(err, built.shown);
      return null;
    }
  }

  async function run(what: "save" | "submit" | "publish", e?: FormEvent) {
    e?.preventDefault();
    setErrors({});
    setFormError(null);
    setNotice(null);
    setBusy(what);
    try {
      if (what === "save" || draft.dirty) {
        if (!(await save())) return;
      }
      if (what === "save") {
        setNotice("Saved.");
        return;
      }
      const built = toReviewInput(draft);
      try {
        const next = what === "submit" ? await api.submitReview(incidentId) : await api.publishReview(incidentId);
        setReview(next);
        dispatch({ type: "load", draft: fromReview(next) });
        setNotice(what === "submit" ? "Submitted: the review is in review." : "Published. Only the action items’ status can change now.");
        incident.reload();
      } catch (err) {
        fail(err, built.shown);
      }
    } finally {
      setBusy(null);
    }
  }

  const summary = controlProps("summary", errors);
  const impact = controlProps("impact", errors);
  const meeting = controlProps("meeting_date", errors);

  return (
    <>
      <PageHeader title={inc ? `Review: ${inc.title}` : "Post-incident review"}>
        <span className="page-header__links">
          <a href={api.reviewMarkdownUrl(incidentId)} download={`incident-${incidentId}-review.md`} data-testid="review-markdown">
            Export Markdown
          </a>
          <Link to={`/incidents/${encodeURIComponent(incidentId)}`}>The incident</Link>
        </span>
      </PageHeader>
      <ErrorNotice error={loaded.error ?? incident.error} onRetry={loaded.reload} />
      {review ? (
        <div className="panel-stack">
          <ReviewWorkflow status={status} />
          <p className="muted page-lead" data-testid="review-state">
            {status === "draft" ? "A draft: write it up, then submit it for review." : null}
            {status === "in_review" ? `In review${review.submitted_by ? `, submitted by ${review.submitted_by.name}` : ""}${review.submitted_at ? ` on ${formatInstant(review.submitted_at)}` : ""}. Publish it when the team agrees.` : null}
            {published ? `Published${review.published_by ? ` by ${review.published_by.name}` : ""}${review.published_at ? ` on ${formatInstant(review.published_at)}` : ""}. It is read-only but for the action items’ status.` : null}
            {!mayEdit ? " Only the owning team and the incident’s responders can change it." : null}
          </p>
          <form className="form review-form" aria-label="Post-incident review" noValidate onSubmit={(e) => void run("save", e)}>
            {formError ? (
              <p className="form__error" role="alert">
                {formError}
              </p>
            ) : null}
            <section className="panel" aria-labelledby="review-what-title">
              <h2 className="panel__title" id="review-what-title">
                What happened
              </h2>
              <div className="form__field">
                <label htmlFor={summary.id}>Summary</label>
                <textarea {...summary} rows={4} value={draft.summary} readOnly={contentLocked} onChange={(e) => dispatch({ type: "set", patch: { summary: e.target.value } })} />
                <PathError path="summary" errors={errors} />
              </div>
              <div className="form__field">
                <label htmlFor={impact.id}>Customer impact</label>
                <textarea {...impact} rows={3} value={draft.impact} readOnly={contentLocked} onChange={(e) => dispatch({ type: "set", patch: { impact: e.target.value } })} />
                <PathError path="impact" errors={errors} />
              </div>
              <div className="form__field">
                <label htmlFor={meeting.id}>Review meeting</label>
                <input {...meeting} type="date" value={draft.meetingDate} readOnly={contentLocked} onChange={(e) => dispatch({ type: "set", patch: { meetingDate: e.target.value } })} />
                <PathError path="meeting_date" errors={errors} />
              </div>
            </section>
            <section className="panel" aria-labelledby="review-learn-title">
              <h2 className="panel__title" id="review-learn-title">
                What we learned
              </h2>
              {LISTS.map((l) => (
                <StringListEditor key={l.name} list={l.name} draft={draft} errors={errors} readOnly={contentLocked} dispatch={dispatch} />
              ))}
            </section>
            <section className="panel" aria-labelledby="review-items-title">
              <h2 className="panel__title" id="review-items-title">
                Follow-up
              </h2>
              <ActionItemsEditor
                draft={draft}
                errors={errors}
                users={users.data ?? []}
                contentLocked={contentLocked}
                statusLocked={!mayEdit}
                defaultDue={inAWeek()}
                dispatch={dispatch}
              />
            </section>
            {mayEdit ? (
              <div className="form__actions form__actions--bar">
                <span className="muted" aria-live="polite" data-testid="review-notice">
                  {notice ?? (draft.dirty ? "Unsaved changes" : "")}
                </span>
                <button type="submit" className="button button--quiet" disabled={busy !== null || (published && !draft.dirty)}>
                  {busy === "save" ? "Saving…" : published ? "Save action-item status" : "Save draft"}
                </button>
                {status === "draft" ? (
                  <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void run("submit")}>
                    {busy === "submit" ? "Submitting…" : "Submit for review"}
                  </button>
                ) : null}
                {status === "in_review" ? (
                  <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void run("publish")}>
                    {busy === "publish" ? "Publishing…" : "Publish"}
                  </button>
                ) : null}
              </div>
            ) : null}
          </form>
          <section className="panel" aria-labelledby="review-load-title">
            <h2 className="panel__title" id="review-load-title">
              Responder load
            </h2>
            <p className="muted">Filled in by Rota from the page records; interruptions by band in each engineer’s zone, engaged from acknowledge to resolve.</p>
            <ResponderLoadTable load={review.responder_load} />
          </section>
        </div>
      ) : loaded.loading ? (
        <p className="muted">Loading the review…</p>
      ) : null}
    </>
  );
}
