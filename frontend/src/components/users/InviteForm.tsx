import { useState, type FormEvent } from "react";
import type { Discipline, OneTimePasswordResponse, TeamRole } from "../../api/types";
import { browserTimeZone } from "../../lib/time";
import { NO_ERRORS, formErrors, type FormErrors } from "../../settings/formErrors";
import { FormField, invalidProps } from "../FormField";

/** InviteFields are what an invitation asks for; role and admin only where the form offers them. */
export interface InviteFields {
  name: string;
  email: string;
  discipline: Discipline;
  time_zone: string;
  phone: string;
  role: TeamRole;
  is_admin: boolean;
}

type Field = "name" | "email" | "discipline" | "time_zone" | "phone" | "role" | "is_admin";
const FIELDS: readonly Field[] = ["name", "email", "discipline", "time_zone", "phone", "role", "is_admin"];

/**
 * InviteForm asks for a new user's name, email, discipline, time zone and,
 * where the viewer may set it, phone; a team invitation asks for the role,
 * the Users page whether they are an organisation admin. submit creates
 * them; the server's message shows at the field it names.
 */
export function InviteForm({
  idPrefix,
  label,
  withPhone,
  withRole,
  withAdmin,
  submit,
  onInvited,
}: {
  idPrefix: string;
  label: string;
  withPhone: boolean;
  withRole: boolean;
  withAdmin: boolean;
  submit: (f: InviteFields) => Promise<OneTimePasswordResponse>;
  onInvited: (res: OneTimePasswordResponse) => void;
}) {
  const empty: InviteFields = { name: "", email: "", discipline: "dev", time_zone: browserTimeZone(), phone: "", role: "member", is_admin: false };
  const [f, setF] = useState<InviteFields>(empty);
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const id = (k: Field) => `${idPrefix}-${k.replace("_", "-")}`;
  const set = <K extends keyof InviteFields>(k: K, v: InviteFields[K]) => setF((prev) => ({ ...prev, [k]: v }));

  async function send(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const res = await submit({ ...f, name: f.name.trim(), email: f.email.trim(), phone: f.phone.trim() });
      setF(empty);
      onInvited(res);
    } catch (err) {
      const next = formErrors(err, FIELDS);
      setErrors(next);
      const bad = FIELDS.find((k) => next.fields[k]);
      if (bad) document.getElementById(id(bad))?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form invite-form" aria-label={label} onSubmit={(e) => void send(e)} noValidate>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form__grid">
        <FormField id={id("name")} label="Name" error={errors.fields.name}>
          <input id={id("name")} type="text" autoComplete="off" value={f.name} onChange={(e) => set("name", e.target.value)} {...invalidProps(id("name"), errors.fields.name)} />
        </FormField>
        <FormField id={id("email")} label="Email" error={errors.fields.email}>
          <input id={id("email")} type="email" autoComplete="off" value={f.email} onChange={(e) => set("email", e.target.value)} {...invalidProps(id("email"), errors.fields.email)} />
        </FormField>
        <FormField id={id("discipline")} label="Discipline" error={errors.fields.discipline}>
          <select id={id("discipline")} value={f.discipline} onChange={(e) => set("discipline", e.target.value as Discipline)} {...invalidProps(id("discipline"), errors.fields.discipline)}>
            <option value="dev">dev</option>
            <option value="ops">ops</option>
          </select>
        </FormField>
        <FormField id={id("time_zone")} label="Time zone" error={errors.fields.time_zone} hint="IANA name, e.g. Europe/Berlin">
          <input id={id("time_zone")} type="text" autoComplete="off" value={f.time_zone} onChange={(e) => set("time_zone", e.target.value)} {...invalidProps(id("time_zone"), errors.fields.time_zone)} />
        </FormField>
        {withPhone ? (
          <FormField id={id("phone")} label="Phone (optional)" error={errors.fields.phone} hint="E.164, e.g. +15550000001">
            <input id={id("phone")} type="tel" autoComplete="off" value={f.phone} onChange={(e) => set("phone", e.target.value)} {...invalidProps(id("phone"), errors.fields.phone)} />
          </FormField>
        ) : null}
        {withRole ? (
          <FormField id={id("role")} label="Role" error={errors.fields.role}>
            <select id={id("role")} value={f.role} onChange={(e) => set("role", e.target.value as TeamRole)} {...invalidProps(id("role"), errors.fields.role)}>
              <option value="member">member</option>
              <option value="admin">admin</option>
            </select>
          </FormField>
        ) : null}
      </div>
      {withAdmin ? (
        <label className="checkbox-label">
          <input type="checkbox" checked={f.is_admin} onChange={(e) => set("is_admin", e.target.checked)} /> Organisation admin
        </label>
      ) : null}
      <div className="form__actions form__actions--start">
        <button type="submit" className="button button--primary" disabled={busy || f.name.trim() === "" || f.email.trim() === ""}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </div>
    </form>
  );
}
