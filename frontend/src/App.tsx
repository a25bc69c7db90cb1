import { Suspense, lazy } from "react";
import { Navigate, Route, Routes } from "react-router";
import { ApiProvider } from "./api/ApiContext";
import type { ApiClient } from "./api/client";
import { AuthProvider } from "./auth/AuthContext";
import { PermissionsProvider } from "./auth/PermissionsContext";
import { RequireAuth } from "./auth/RequireAuth";
import { AppShell } from "./components/AppShell";
import { ActionItemsPage } from "./pages/ActionItemsPage";
import { AlertPage } from "./pages/AlertPage";
import { AlertsPage } from "./pages/AlertsPage";
import { CalendarPage } from "./pages/CalendarPage";
import { ChoosePasswordPage } from "./pages/ChoosePasswordPage";
import { IncidentPage } from "./pages/IncidentPage";
import { IncidentReviewPage } from "./pages/IncidentReviewPage";
import { IncidentsPage } from "./pages/IncidentsPage";
import { LoadPage } from "./pages/LoadPage";
import { NewIncidentPage } from "./pages/NewIncidentPage";
import { NewServicePage } from "./pages/NewServicePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { NowPage } from "./pages/NowPage";
import { PoliciesPage } from "./pages/PoliciesPage";
import { PolicyPage } from "./pages/PolicyPage";
import { RoutingPage } from "./pages/RoutingPage";
import { ScheduleTimelinePage } from "./pages/ScheduleTimelinePage";
import { ScheduleEditorPage } from "./pages/ScheduleEditorPage";
import { ServicePage } from "./pages/ServicePage";
import { ServicesPage } from "./pages/ServicesPage";
import { SignInPage } from "./pages/SignInPage";
import { TeamPage } from "./pages/TeamPage";
import { TeamsPage } from "./pages/TeamsPage";
import { UsersPage } from "./pages/UsersPage";
import { CHOOSE_PASSWORD_PATH, HOME_PATH, SIGN_IN_PATH } from "./routes";

// Settings is visited seldom: its code loads when it is opened.
const SettingsPage = lazy(() => import("./pages/SettingsPage").then((m) => ({ default: m.SettingsPage })));
// The Delivery dashboard brings Chart.js: it loads when it is opened.
const DeliveryPage = lazy(() => import("./pages/DeliveryPage").then((m) => ({ default: m.DeliveryPage })));
const PagerDutySettingsPage = lazy(() => import("./pages/PagerDutySettingsPage").then((m) => ({ default: m.PagerDutySettingsPage })));

/** AppRoutes maps addresses to pages; everything but sign-in needs a session. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      <Route path={CHOOSE_PASSWORD_PATH} element={<ChoosePasswordPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={HOME_PATH} replace />} />
        <Route path="now" element={<NowPage />} />
        <Route path="calendar" element={<CalendarPage />} />
        <Route path="calendar/:scheduleId" element={<CalendarPage />} />
        <Route path="schedules/:scheduleId/timeline" element={<ScheduleTimelinePage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="alerts/:alertId" element={<AlertPage />} />
        <Route path="services" element={<ServicesPage />} />
        <Route path="services/new" element={<NewServicePage />} />
        <Route path="services/:serviceId" element={<ServicePage />} />
        <Route path="policies" element={<PoliciesPage />} />
        <Route path="policies/new" element={<PolicyPage />} />
        <Route path="policies/:policyId" element={<PolicyPage />} />
        <Route path="routing" element={<RoutingPage />} />
        <Route path="incidents/new" element={<NewIncidentPage />} />
        <Route path="incidents/action-items" element={<ActionItemsPage />} />
        <Route
          path="incidents/delivery"
          element={
            <Suspense fallback={<p className="muted">Loading the dashboard…</p>}>
              <DeliveryPage />
            </Suspense>
          }
        />
        <Route path="incidents/:incidentId" element={<IncidentPage />} />
        <Route path="incidents/:incidentId/review" element={<IncidentReviewPage />} />
        <Route path="incidents" element={<IncidentsPage />} />
        <Route path="load" element={<LoadPage />} />
        <Route path="teams" element={<TeamsPage />} />
        <Route path="teams/:teamId" element={<TeamPage />} />
        <Route path="teams/:teamId/schedules/new" element={<ScheduleEditorPage />} />
        <Route path="teams/:teamId/schedules/:scheduleId" element={<ScheduleEditorPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route
          path="settings"
          element={
            <Suspense fallback={<p className="muted">Loading settings…</p>}>
              <SettingsPage />
            </Suspense>
          }
        />
        <Route
          path="settings/pagerduty"
          element={
            <Suspense fallback={<p className="muted">Loading settings…</p>}>
              <PagerDutySettingsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * App is the whole web app minus the router, so that tests can mount it in a
 * MemoryRouter with a client on a fake fetch.
 */
export function App({ client }: { client: ApiClient }) {
  return (
    <ApiProvider client={client}>
      <AuthProvider>
        <PermissionsProvider>
          <AppRoutes />
        </PermissionsProvider>
      </AuthProvider>
    </ApiProvider>
  );
}
