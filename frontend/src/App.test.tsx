import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "./api/client";
import { App } from "./App";
import { alice, fakeRota, type FakeRota } from "./test/fakeRota";
import { NAV_ITEMS } from "./routes";

/** LocationProbe shows the router's current path so tests can check redirects. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderApp(rota: FakeRota, at: string) {
  const client = new ApiClient({ fetch: rota.fetch });
  render(
    <MemoryRouter initialEntries={[at]}>
      <App client={client} />
      <LocationProbe />
    </MemoryRouter>,
  );
  return { client, user: userEvent.setup() };
}

const location = () => screen.getByTestId("location").textContent;

async function signInWith(user: ReturnType<typeof userEvent.setup>, email: string, password: string) {
  await user.type(await screen.findByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("App auth flow", () => {
  it("shows sign-in for a signed-out visit and lands on Now after signing in", async () => {
    const rota = fakeRota();
    const { user } = renderApp(rota, "/");

    expect(await screen.findByRole("heading", { name: "Sign in to Rota" })).toBeDefined();
    expect(location()).toBe("/sign-in");

    await signInWith(user, alice.email, "correct horse");

    expect(await screen.findByRole("heading", { name: "Now" })).toBeDefined();
    expect(location()).toBe("/now");
    expect(screen.getByTestId("signed-in-user").textContent).toContain("Alice Admin");
    expect(rota.requests.find((r) => r.url === "/api/v1/auth/login")?.body).toEqual({
      email: alice.email,
      password: "correct horse",
    });
  });

  it("returns to the page asked for after signing in", async () => {
    const rota = fakeRota();
    const { user } = renderApp(rota, "/teams?team=sre");

    await signInWith(user, alice.email, "correct horse");

    expect(await screen.findByRole("heading", { name: "Teams" })).toBeDefined();
    expect(location()).toBe("/teams?team=sre");
  });

  it("shows an error for a wrong password and stays on sign-in", async () => {
    const rota = fakeRota();
    const { user } = renderApp(rota, "/now");

    await signInWith(user, alice.email, "wrong");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/do not match/);
    expect(location()).toBe("/sign-in");
    expect(screen.getByRole("button", { name: "Sign in" })).toHaveProperty("disabled", false);
    // The refused password is cleared and the cursor put back in its field.
    const password = screen.getByLabelText("Password");
    expect(password).toHaveProperty("value", "");
    expect(document.activeElement).toBe(password);
    expect(screen.getByLabelText("Email")).toHaveProperty("value", alice.email);
  });

  it("marks the field the server names in a 400", async () => {
    const rota = fakeRota();
    const { user } = renderApp(rota, "/now");

    await signInWith(user, alice.email, "x".repeat(80));

    expect((await screen.findByRole("alert")).textContent).toBe("Password is too long.");
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByLabelText("Email").getAttribute("aria-invalid")).toBeNull();
  });

  it("skips sign-in when a session already exists", async () => {
    const rota = fakeRota({ signedIn: true });
    renderApp(rota, "/sign-in");
    expect(await screen.findByRole("heading", { name: "Now" })).toBeDefined();
    expect(location()).toBe("/now");
  });

  it("links every section in the sidebar and shows each page", async () => {
    const rota = fakeRota({ signedIn: true });
    const { user } = renderApp(rota, "/now");
    const nav = await screen.findByRole("navigation", { name: "Main" });

    for (const item of NAV_ITEMS) {
      await user.click(within(nav).getByRole("link", { name: item.label }));
      expect(await screen.findByRole("heading", { level: 1, name: item.label })).toBeDefined();
      expect(location()).toBe(item.path);
      expect(within(nav).getByRole("link", { name: item.label }).getAttribute("aria-current")).toBe("page");
    }
  });

  it("shows a not-found page inside the shell for unknown addresses", async () => {
    renderApp(fakeRota({ signedIn: true }), "/nope");
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeDefined();
  });

  it("signs out back to the sign-in page", async () => {
    const rota = fakeRota({ signedIn: true });
    const { user } = renderApp(rota, "/alerts");

    await user.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(await screen.findByRole("heading", { name: "Sign in to Rota" })).toBeDefined();
    expect(location()).toBe("/sign-in");
    expect(rota.signedIn()).toBe(false);
  });

  it("goes back to sign-in when a later call finds the session expired", async () => {
    const rota = fakeRota({ signedIn: true });
    const { client } = renderApp(rota, "/incidents");
    await screen.findByRole("heading", { name: "Incidents" });

    rota.expire();
    await act(async () => {
      await client.get("/api/v1/me").catch(() => undefined);
    });

    await waitFor(() => expect(location()).toBe("/sign-in"));
  });

  it("says so when the server cannot be reached", async () => {
    const client = new ApiClient({
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    render(
      <MemoryRouter initialEntries={["/now"]}>
        <App client={client} />
      </MemoryRouter>,
    );
    expect((await screen.findByRole("alert")).textContent).toMatch(/Could not reach the Rota server/);
  });
});
