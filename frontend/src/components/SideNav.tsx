import { NavLink } from "react-router";
import { NAV_ITEMS } from "../routes";

/** SideNav lists the app's sections and marks the current one. */
export function SideNav() {
  return (
    <nav className="side-nav" aria-label="Main">
      <ul className="side-nav__list">
        {NAV_ITEMS.map((item) => (
          <li key={item.path}>
            <NavLink
              to={item.path}
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
