import { NavLink } from "react-router";

const TABS = [
  { to: "/incidents", label: "Incidents", end: true },
  { to: "/incidents/action-items", label: "Action items", end: false },
  { to: "/incidents/delivery", label: "Delivery", end: false },
] as const;

/** IncidentsNav moves between the incident list, the action items across incidents and the Delivery dashboard. */
export function IncidentsNav() {
  return (
    <nav className="sub-nav" aria-label="Incidents">
      {TABS.map((t) => (
        <NavLink key={t.to} to={t.to} end={t.end} className={({ isActive }) => (isActive ? "sub-nav__link sub-nav__link--active" : "sub-nav__link")}>
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
