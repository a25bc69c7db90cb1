import { NavLink } from "react-router";
import { NAV_ITEMS } from "../routes";

/**
 * SideNav lists the app's sections and marks the current one. On a phone
 * it is folded away behind the header's Menu button (open) and folds
 * again once a section is chosen (onNavigate).
 */
export function SideNav({ open = false, onNavigate }: { open?: boolean; onNavigate?: () => void }) {
  return (
    <nav id="main-nav" className={`side-nav${open ? " side-nav--open" : ""}`} aria-label="Main">
      <ul className="side-nav__list">
        {NAV_ITEMS.map((item) => (
          <li key={item.path}>
            <NavLink
              to={item.path}
              onClick={onNavigate}
              className={({ isActive }) => (isActive ? "side-nav__link side-nav__link--active" : "side-nav__link")}
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
