import type { CreatedIntegration } from "../../api/types";
import { CopyField } from "../CopyField";
import { Dialog } from "../Dialog";

const HOW: Record<string, string> = {
  generic: "POST JSON such as {\"summary\": \"…\", \"severity\": \"critical\"} to the intake URL.",
  alertmanager: "Point an Alertmanager webhook receiver (version 4) at the intake URL.",
  pagerduty: "Anything that sends PagerDuty Events API v2 can send here: use the intake URL as the events URL and the key as routing_key.",
};

/** IntegrationKeyDialog shows a new integration key and its intake URL, once, with copy buttons. */
export function IntegrationKeyDialog({ created, onClose }: { created: CreatedIntegration; onClose: () => void }) {
  const { integration, key, url } = created;
  return (
    <Dialog title={`Integration key for ${integration.name}`} onClose={onClose}>
      <div className="form" data-testid="integration-key-dialog">
        <p className="notice notice--warning" role="note">
          Copy the key now: it will not be shown again. Rota keeps only its first characters ({integration.prefix}…).
        </p>
        <CopyField id="new-integration-key" label="Integration key" value={key} />
        <CopyField id="new-integration-url" label="Intake URL" value={url} />
        <p className="form__hint">{HOW[integration.type] ?? ""}</p>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={onClose}>
            I have copied it
          </button>
        </div>
      </div>
    </Dialog>
  );
}
