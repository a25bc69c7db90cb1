import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { useLoad } from "../../hooks/useLoad";
import { formatTime } from "../../lib/time";
import { ErrorNotice } from "../ErrorNotice";

/**
 * PolicyPreviewPanel shows, for a saved policy, who each step would page
 * right now — resolved by the server exactly as escalation would — and the
 * services that page through it.
 */
export function PolicyPreviewPanel({ policyId, version }: { policyId: string; version: number | undefined }) {
  const api = useApi();
  // Ask again after a save (a new version): the steps may have changed.
  const preview = useLoad((signal) => api.policyPreview(policyId, signal), [api, policyId, version]);
  const p = preview.data;
  return (
    <section className="panel policy-preview" aria-labelledby="policy-preview-title" data-testid="policy-preview">
      <h2 className="panel__title" id="policy-preview-title">
        Who would be paged now
      </h2>
      <ErrorNotice error={preview.error} onRetry={preview.reload} />
      {p ? (
        <>
          <p className="muted">As of {formatTime(p.at)}, an alert would page:</p>
          <ol className="policy-preview__steps">
            {p.steps.map((s, i) => (
              <li key={i} className="policy-preview__step" data-testid="preview-step">
                <strong>
                  Step {i + 1} {s.after === "0m" ? "(at once)" : `(after ${s.after})`}:
                </strong>{" "}
                {s.targets.length === 0 ? (
                  <span className="policy-preview__nobody">nobody</span>
                ) : (
                  s.targets.map((t, j) => (
                    <span key={t.user_id} className="policy-preview__target">
                      {j > 0 ? ", " : ""}
                      {t.name}
                      {t.shadow ? " (shadow copy)" : ""} <span className="muted">via {t.via}</span>
                    </span>
                  ))
                )}
                {s.notes.map((n) => (
                  <span key={n} className="policy-preview__note">
                    {" "}
                    ⚠ {n}
                  </span>
                ))}
              </li>
            ))}
          </ol>
          <h3 className="panel__subtitle">Used by</h3>
          {p.services.length === 0 ? (
            <p className="muted" data-testid="policy-services">
              No service uses this policy yet.
            </p>
          ) : (
            <ul className="policy-preview__services" data-testid="policy-services">
              {p.services.map((s) => (
                <li key={s.id}>
                  <Link to={`/services/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : preview.loading ? (
        <p className="muted">Working out who would be paged…</p>
      ) : null}
    </section>
  );
}
