import { Link, Outlet } from "react-router";
import { useCurrentUser } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { errorMessage } from "../lib/errors";
import { HOME_PATH } from "../routes";
import { SideNav } from "./SideNav";
import { SignedInUser } from "./SignedInUser";
import { SignOutButton } from "./SignOutButton";

/** AppShell frames every signed-in page: header, sidebar and the page itself. */
export function AppShell() {
  const user = useCurrentUser();
  const permissions = usePermissions();
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <Link to={HOME_PATH} className="app-header__brand">
          Rota
        </Link>
        <div className="app-header__user">
          <SignedInUser user={user} />
          <SignOutButton />
        </div>
      </header>
      <SideNav />
      <main id="main" className="app-main" tabIndex={-1}>
        {permissions.error ? (
          <div className="notice notice--error" role="alert" data-testid="permissions-error">
            <span>Could not load what you may do, so controls that change things may be hidden. {errorMessage(permissions.error)}</span>
            <button type="button" className="button button--quiet button--small" onClick={() => void permissions.reload()}>
              Try again
            </button>
          </div>
        ) : null}
        <Outlet />
      </main>
    </div>
  );
}
