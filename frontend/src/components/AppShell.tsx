import { useState } from "react";
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
  // On a phone the navigation folds behind a Menu button (styles.css).
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <span className="app-header__start">
          <button
            type="button"
            className="button button--quiet button--small app-header__menu"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            Menu
          </button>
          <Link to={HOME_PATH} className="app-header__brand">
            Rota
          </Link>
        </span>
        <div className="app-header__user">
          <SignedInUser user={user} />
          <SignOutButton />
        </div>
      </header>
      <SideNav open={menuOpen} onNavigate={() => setMenuOpen(false)} />
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
