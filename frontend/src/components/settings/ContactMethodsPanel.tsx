import { useEffect, useRef, useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { ContactMethod, ContactSettings } from "../../api/types";
import { formatInstant } from "../../lib/time";
import { methodTypeLabel } from "../../settings/notificationRules";
import { ConfirmDialog } from "../ConfirmDialog";
import { ToneBadge } from "../ToneBadge";
import { AddNumberForm } from "./AddNumberForm";
import { AddRoutingKeyForm } from "./AddRoutingKeyForm";
import { SmsDisabledNotice } from "./SmsDisabledNotice";
import { VerifyCodeForm } from "./VerifyCodeForm";

function typeLabel(m: ContactMethod): string {
  return methodTypeLabel(m.type);
}

/** PrimaryPhone shows the number an admin set (or rota apply), which needs no code. */
function PrimaryPhone({ phone, canAdd }: { phone: string; canAdd: boolean }) {
  return (
    <div className="primary-phone" data-testid="primary-phone">
      <span className="primary-phone__label">Primary phone</span>{" "}
      {phone ? (
        <>
          <span className="primary-phone__number">{phone}</span> <ToneBadge tone="success">Verified</ToneBadge>
          <p className="form__hint">Set by an admin; counts as verified. Ask an organisation admin to change it.</p>
        </>
      ) : (
        <>
          <span className="muted">none</span>
          <p className="form__hint">An organisation admin can set one for you; it counts as verified.{canAdd ? " Or add your own numbers below." : ""}</p>
        </>
      )}
    </div>
  );
}

/**
 * ContactMethodsPanel lists your numbers with their state, adds a number
 * and asks for its code inline, and deletes numbers. onChanged reloads
 * the settings (the rules editor's choice of numbers follows).
 */
export function ContactMethodsPanel({ settings, onChanged }: { settings: ContactSettings; onChanged: () => void }) {
  const api = useApi();
  const [verifying, setVerifying] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ContactMethod | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const methods = settings.contact_methods;
  // After "Later", focus goes back to that number's "Enter code" button.
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    const id = refocus.current;
    refocus.current = null;
    if (id) document.getElementById(`enter-code-${id}`)?.focus();
  }, [verifying]);

  async function remove(m: ContactMethod) {
    await api.deleteContactMethod(m.id);
    setDeleting(null);
    if (verifying === m.id) setVerifying(null);
    setMessage(`Deleted ${m.address}.`);
    onChanged();
  }

  return (
    <section className="panel" aria-labelledby="contact-methods-title">
      <h2 className="panel__title" id="contact-methods-title">
        Contact methods
      </h2>
      {settings.sms_enabled ? null : <SmsDisabledNotice />}
      <PrimaryPhone phone={settings.primary_phone} canAdd={settings.sms_enabled} />
      {methods.length === 0 ? (
        <p className="muted">You have not added any numbers.</p>
      ) : (
        <ul className="item-list contact-list" aria-label="Your numbers">
          {methods.map((m) => (
            <li key={m.id} className="contact-list__item" data-testid="contact-method">
              <div className="item-list__item">
                <span className="contact-list__what">
                  <span className="contact-list__type">{typeLabel(m)}</span> <span className="contact-list__number">{m.address}</span>{" "}
                  {m.verified ? (
                    <ToneBadge tone="success" testId="contact-state">
                      Verified
                    </ToneBadge>
                  ) : (
                    <ToneBadge tone="warning" testId="contact-state">
                      Unverified
                    </ToneBadge>
                  )}
                  {m.created_at ? <span className="muted contact-list__added"> added {formatInstant(m.created_at)}</span> : null}
                </span>
                <span className="item-list__actions">
                  {!m.verified && verifying !== m.id && settings.sms_enabled ? (
                    <button id={`enter-code-${m.id}`} type="button" className="button button--quiet button--small" aria-label={`Enter the code for ${m.address}`} onClick={() => setVerifying(m.id)}>
                      Enter code
                    </button>
                  ) : null}
                  <button type="button" className="button button--danger-quiet button--small" aria-label={`Delete ${typeLabel(m)} ${m.address}`} onClick={() => setDeleting(m)}>
                    Delete
                  </button>
                </span>
              </div>
              {verifying === m.id && !m.verified ? (
                <VerifyCodeForm
                  method={m}
                  onClose={() => {
                    refocus.current = m.id;
                    setVerifying(null);
                  }}
                  onVerified={(v) => {
                    setVerifying(null);
                    setMessage(`${v.address} is verified. You can use it in your notification rules.`);
                    onChanged();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {message ? (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      ) : null}
      {settings.sms_enabled ? (
        <AddNumberForm
          onAdded={(m) => {
            setMessage(null);
            setVerifying(m.id);
            onChanged();
          }}
        />
      ) : null}
      <AddRoutingKeyForm
        onAdded={(m) => {
          setMessage(`Pages to you are forwarded to PagerDuty (key ending ${m.address.slice(-4)}).`);
          onChanged();
        }}
      />
      {deleting ? (
        <ConfirmDialog title={`Delete ${deleting.address}?`} confirm="Delete" onConfirm={() => remove(deleting)} onClose={() => setDeleting(null)}>
          {`Rota will stop using ${typeLabel(deleting)} ${deleting.address}, and the notification rules using it are removed too.`}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
