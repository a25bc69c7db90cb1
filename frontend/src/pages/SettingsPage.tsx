import { Link } from "react-router";
import { useApi } from "../api/ApiContext";
import { useAuth, useCurrentUser } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { ApiTokensPanel } from "../components/settings/ApiTokensPanel";
import { ContactMethodsPanel } from "../components/settings/ContactMethodsPanel";
import { NotificationRulesPanel } from "../components/settings/NotificationRulesPanel";
import { PasswordPanel } from "../components/settings/PasswordPanel";
import { ProfilePanel } from "../components/settings/ProfilePanel";
import { useLoad } from "../hooks/useLoad";

/**
 * SettingsPage holds your profile, how Rota reaches you when you are paged
 * (numbers and notification rules), your password and your API tokens.
 */
export function SettingsPage() {
  const api = useApi();
  const me = useCurrentUser();
  const { updateUser } = useAuth();
  const contacts = useLoad((signal) => api.contactSettings(signal), [api]);
  const orgAdmin = usePermissions().mayOrg("org.manage");

  return (
    <>
      <PageHeader title="Settings">
        {orgAdmin ? (
          <Link to="/settings/pagerduty" className="button button--quiet">
            PagerDuty
          </Link>
        ) : null}
      </PageHeader>
      <div className="panel-stack settings">
        <ProfilePanel key={me.id} user={me} onSaved={updateUser} />
        <ErrorNotice error={contacts.error} onRetry={contacts.reload} />
        {contacts.data ? (
          <>
            <ContactMethodsPanel settings={contacts.data} onChanged={contacts.reload} />
            <NotificationRulesPanel settings={contacts.data} onSaved={contacts.reload} />
          </>
        ) : contacts.loading ? (
          <p className="muted">Loading your contact methods…</p>
        ) : null}
        <PasswordPanel email={me.email} />
        <ApiTokensPanel />
      </div>
    </>
  );
}
