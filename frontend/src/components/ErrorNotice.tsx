import { errorMessage } from "../lib/errors";

/** ErrorNotice shows a failed call's message, with a retry when one is given. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="notice notice--error" role="alert">
      <span>{errorMessage(error)}</span>
      {onRetry ? (
        <button type="button" className="button button--quiet button--small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
