// The browser-test harness: starts the real rota binary on a fresh SQLite
// database and a free loopback port, drives Debian's Chromium through
// playwright-core, and keeps screenshots and console errors. Every e2e file
// reuses it; startFakeTwilio runs cmd/fake-twilio for the paging tests.

import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** FRONTEND_DIR is frontend/; REPO_DIR is the repository root. */
export const FRONTEND_DIR = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
export const REPO_DIR = resolve(FRONTEND_DIR, "..");
export const ARTIFACTS_DIR = join(FRONTEND_DIR, "test-artifacts");

const HEALTH_TIMEOUT_MS = 20_000;

/**
 * DEFAULT_TODAY is the instant the browser tests work from: a Wednesday
 * morning in Berlin, in the middle of a month and of a week, so that
 * nothing in a test depends on the day the machine runs it. Tests written
 * for this day (who the seeded rota has on call on a Wednesday, the
 * timeline's dates) always run on it; the calendar tests, written for any
 * day, run on it, on ROTA_E2E_NOW when set, and on eight chosen days.
 */
export const DEFAULT_TODAY = "2027-01-13T09:30:00Z";

/**
 * TestClock is the one clock of a browser test: the test's own code, the
 * server (ROTA_CLOCK_START) and the browser (Playwright's clock) all read
 * it. It starts at a given instant and runs forward at the real rate, so
 * that timeouts and polling still work while the date is the test's.
 */
export interface TestClock {
  /** start is where the clock started. */
  start: Date;
  /** now is the clock's reading: start plus the real time since it started. */
  now(): Date;
}

/** testClock starts a clock at `at` (RFC 3339), by default DEFAULT_TODAY. */
export function testClock(at: string = DEFAULT_TODAY): TestClock {
  const start = new Date(at);
  if (Number.isNaN(start.getTime())) throw new Error(`test clock: ${at} is not an RFC 3339 instant`);
  const origin = performance.now();
  return { start, now: () => new Date(start.getTime() + (performance.now() - origin)) };
}

let sharedClock: TestClock | undefined;

/** defaultClock is the clock of tests that do not start their own. */
export function defaultClock(): TestClock {
  sharedClock ??= testClock();
  return sharedClock;
}


const STOP_TIMEOUT_MS = 10_000;

export interface RotaServer {
  /** url is the server's base URL, without a trailing slash. */
  url: string;
  /** clock is the clock the server runs on (and the browser should too). */
  clock: TestClock;
  email: string;
  /**
   * password signs in as email. Without demo it is the admin's own: the
   * harness replaced the one-time password `rota user create` printed, as
   * the first sign-in must.
   */
  password: string;
  /** output returns what the server has printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** demo starts `rota serve --demo` and signs in with the demo login it prints. */
  demo?: boolean;
  /** env is added to the server's environment. */
  env?: Record<string, string>;
  /**
   * twilio points the server's Twilio client at a fake (startFakeTwilio),
   * with ROTA_PUBLIC_URL set to the server's own URL so that the fake's
   * signed webhooks verify. Without it, the server has no Twilio at all.
   */
  twilio?: FakeTwilio;
  /** args are added to `rota serve`. */
  args?: string[];
  /** clock is the test's clock (default: defaultClock()); the server's clock starts at its reading. */
  clock?: TestClock;
}

/** rotaBinary finds the Go binary the tests drive. */
export function rotaBinary(): string {
  const bin = process.env.ROTA_BIN ?? join(REPO_DIR, "bin", "rota");
  if (!existsSync(bin)) {
    throw new Error(
      `rota binary not found at ${bin}: run make build first ` +
        "(or `npm run build` in frontend/ and `go build -o bin/rota ./cmd/rota`), or set ROTA_BIN",
    );
  }
  return bin;
}

/** freePort asks the kernel for a loopback port that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      if (addr === null || typeof addr === "string") {
        srv.close();
        fail(new Error("could not get a free port"));
        return;
      }
      srv.close(() => ok(addr.port));
    });
  });
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(bin, args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const out = stdout + stderr;
      if (err) fail(new Error(`${bin} ${args.join(" ")} failed: ${err.message}\n${out}`));
      else ok(out);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((r) => proc.once("exit", () => r()));
}

/**
 * startRota starts `rota serve` on a fresh database in a temp dir and waits
 * until /healthz answers 200. Without demo it first creates an admin with
 * `rota user create` and signs in as that; with demo it reads the demo login
 * from the server's output.
 */
export async function startRota(opts: StartOptions = {}): Promise<RotaServer> {
  const bin = rotaBinary();
  const dir = await mkdtemp(join(tmpdir(), "rota-e2e-"));
  const databaseUrl = `sqlite://${join(dir, "rota.db")}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Twilio only when a test asks for it, whatever the shell has set.
  for (const name of Object.keys(env)) if (name.startsWith("ROTA_TWILIO_") || name.startsWith("ROTA_PAGERDUTY_")) delete env[name];
  if (opts.twilio) Object.assign(env, opts.twilio.rotaEnv(url));
  const clock = opts.clock ?? defaultClock();
  // Whatever the shell has set, the server's day is the test's.
  env.ROTA_CLOCK_START = clock.now().toISOString();
  Object.assign(env, opts.env);

  let email = "";
  let password = "";
  if (!opts.demo) {
    email = "admin@example.com";
    const out = await run(
      bin,
      ["user", "create", "--email", email, "--name", "Admin", "--admin", "--database-url", databaseUrl],
      env,
    ).catch(async (err: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw err;
    });
    const m = /One-time password: (\S+)/.exec(out);
    if (!m?.[1]) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`rota user create printed no "One-time password:" line:\n${out}`);
    }
    password = m[1];
  }

  // Loopback is a trusted proxy, so that the harness's own sign-ins can come
  // as from other addresses (harnessAddress) and leave the browser's
  // sign-in allowance (10 a minute per address) to the tests.
  const args = ["serve", "--listen", `127.0.0.1:${port}`, "--database-url", databaseUrl, "--public-url", url, "--trusted-proxies", "127.0.0.1,::1"];
  if (opts.demo) args.push("--demo");
  if (opts.args) args.push(...opts.args);

  let output = "";
  const proc = spawn(bin, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  let spawnError: Error | undefined;
  proc.on("error", (err) => (spawnError = err));

  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGTERM");
      const done = await Promise.race([exited(proc).then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
      if (!done) {
        proc.kill("SIGKILL");
        await exited(proc);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  const fail = async (why: string): Promise<never> => {
    await stop();
    throw new Error(`rota serve ${why}\n--- server output ---\n${output}`);
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (spawnError) await fail(`could not start: ${spawnError.message}`);
    if (proc.exitCode !== null || proc.signalCode !== null) {
      await fail(`exited early (code ${proc.exitCode}, signal ${proc.signalCode})`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) await fail(`did not answer 200 on ${url}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }

  if (!opts.demo) {
    try {
      password = await replaceOneTimePassword(url, email, password);
    } catch (err) {
      await fail(`refused to replace the admin's one-time password: ${String(err)}`);
    }
  }

  if (opts.demo) {
    // The demo login may be printed just after the listener opens.
    const demoDeadline = Date.now() + 5_000;
    let m = /Demo login: (\S+) \/ (\S+)/.exec(output);
    while (!m && Date.now() < demoDeadline) {
      await sleep(100);
      m = /Demo login: (\S+) \/ (\S+)/.exec(output);
    }
    if (!m?.[1] || !m[2]) await fail('printed no "Demo login: <email> / <password>" line');
    email = m![1]!;
    password = m![2]!;
  }

  return { url, clock, email, password, output: () => output, stop };
}

let harnessSignIns = 0;

/**
 * harnessAddress is a fresh client address (TEST-NET-2) for a sign-in the
 * harness or the seed makes through the API, sent as X-Forwarded-For: the
 * server limits sign-ins per address, and these are not the test's.
 */
export function harnessAddress(): string {
  harnessSignIns += 1;
  return `198.51.100.${(harnessSignIns % 250) + 1}`;
}

/**
 * replaceOneTimePassword does what the first sign-in with a one-time
 * password makes a user do: it signs in with it, sets `chosen` instead
 * (PUT /api/v1/me/password) and signs out; it returns chosen. Until then
 * the server answers every other call 403 password_change_required.
 */
export async function replaceOneTimePassword(url: string, email: string, oneTime: string, chosen = `${oneTime}-own`): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": harnessAddress() },
    body: JSON.stringify({ email, password: oneTime }),
  });
  if (login.status !== 200) throw new Error(`sign in as ${email}: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const res = await fetch(`${url}/api/v1/me/password`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: JSON.stringify({ current_password: oneTime, password: chosen }),
  });
  if (res.status !== 204) throw new Error(`replace the one-time password of ${email}: ${res.status} ${await res.text()}`);
  await fetch(`${url}/api/v1/auth/logout`, { method: "POST", headers: { Cookie: cookie } });
  return chosen;
}

/** FakeMessage is an SMS the fake Twilio accepted (GET /fake/messages). */
export interface FakeMessage {
  sid: string;
  to: string;
  from?: string;
  body: string;
  status: string;
  at: string;
}

/** FakeCall is a call the fake Twilio accepted (GET /fake/calls). */
export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  twiml?: string;
  status: string;
  at: string;
}

/** WebhookAnswer is Rota's answer to a webhook the fake posted for a test. */
export interface WebhookAnswer {
  status: number;
  content_type: string;
  body: string;
}

export interface FakeTwilio {
  /** url is the fake's base URL (ROTA_TWILIO_API_URL). */
  url: string;
  accountSid: string;
  authToken: string;
  /** from is Rota's sending number (ROTA_TWILIO_FROM). */
  from: string;
  /** rotaEnv is the environment that makes a Rota at rotaUrl send through the fake. */
  rotaEnv(rotaUrl: string): Record<string, string>;
  messages(): Promise<FakeMessage[]>;
  calls(): Promise<FakeCall[]>;
  /** inboundSms has the fake post a correctly signed inbound SMS to webhookUrl, and returns Rota's answer. */
  inboundSms(sms: { webhookUrl: string; from: string; to?: string; body: string }): Promise<WebhookAnswer>;
  output(): string;
  stop(): Promise<void>;
}

/** fakeTwilioBinary finds cmd/fake-twilio's binary. */
export function fakeTwilioBinary(): string {
  const bin = process.env.FAKE_TWILIO_BIN ?? join(REPO_DIR, "bin", "fake-twilio");
  if (!existsSync(bin)) {
    throw new Error(`fake-twilio binary not found at ${bin}: run \`go build -o bin/fake-twilio ./cmd/fake-twilio\` (make e2e does), or set FAKE_TWILIO_BIN`);
  }
  return bin;
}

const FAKE_ACCOUNT_SID = "AC00000000000000000000000000000001";
const FAKE_AUTH_TOKEN = "e2eFakeTwilioAuthToken0123456789";
const FAKE_FROM = "+15559990000";

async function fakeJson<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`fake Twilio ${what}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * startFakeTwilio runs cmd/fake-twilio on a free loopback port with a test
 * account and reads the URL it prints on its first line. stop() ends that
 * one process, by its PID.
 */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const bin = fakeTwilioBinary();
  const args = ["-listen", "127.0.0.1:0", "-account-sid", FAKE_ACCOUNT_SID, "-auth-token", FAKE_AUTH_TOKEN];
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let output = "";
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`fake-twilio printed no URL within 10 s:\n${output}`)), 10_000);
    proc.on("error", (err) => {
      clearTimeout(timer);
      fail(new Error(`fake-twilio could not start: ${err.message}`));
    });
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`fake-twilio exited early (code ${code}, signal ${signal}):\n${output}`));
    });
    proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      stdout += chunk;
      const line = stdout.split("\n", 2);
      if (line.length === 2 && /^https?:\/\//.test(line[0]!.trim())) {
        clearTimeout(timer);
        ok(line[0]!.trim().replace(/\/+$/, ""));
      }
    });
  });
  proc.removeAllListeners("exit");

  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
    process.kill(proc.pid, "SIGTERM");
    const done = await Promise.race([exited(proc).then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!done) {
      process.kill(proc.pid, "SIGKILL");
      await exited(proc);
    }
  };

  return {
    url,
    accountSid: FAKE_ACCOUNT_SID,
    authToken: FAKE_AUTH_TOKEN,
    from: FAKE_FROM,
    rotaEnv: (rotaUrl) => ({
      ROTA_TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      ROTA_TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
      ROTA_TWILIO_FROM: FAKE_FROM,
      ROTA_TWILIO_API_URL: url,
      ROTA_PUBLIC_URL: rotaUrl,
    }),
    messages: async () => fakeJson<FakeMessage[]>(await fetch(`${url}/fake/messages`), "messages"),
    calls: async () => fakeJson<FakeCall[]>(await fetch(`${url}/fake/calls`), "calls"),
    inboundSms: async (sms) =>
      fakeJson<WebhookAnswer>(
        await fetch(`${url}/fake/inbound-sms`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ webhook_url: sms.webhookUrl, from: sms.from, to: sms.to ?? FAKE_FROM, body: sms.body }),
        }),
        "inbound SMS",
      ),
    output: () => output,
    stop,
  };
}

export interface FakePagerDuty {
  /** url is the fake's base URL, for both ROTA_PAGERDUTY_API_URL and ROTA_PAGERDUTY_EVENTS_URL. */
  url: string;
  /** token is the REST API token the fake's fixture organisation accepts. */
  token: string;
  /** rotaEnv is the environment that makes Rota reach the fake (without a token: connect one in the app). */
  rotaEnv(): Record<string, string>;
  /** events lists the Events API v2 events the fake received. */
  events(): Promise<unknown[]>;
  output(): string;
  stop(): Promise<void>;
}

/** fakePagerDutyBinary finds cmd/fake-pagerduty's binary. */
export function fakePagerDutyBinary(): string {
  const bin = process.env.FAKE_PAGERDUTY_BIN ?? join(REPO_DIR, "bin", "fake-pagerduty");
  if (!existsSync(bin)) {
    throw new Error(`fake-pagerduty binary not found at ${bin}: run \`go build -o bin/fake-pagerduty ./cmd/fake-pagerduty\` (make e2e does), or set FAKE_PAGERDUTY_BIN`);
  }
  return bin;
}

/**
 * startFakePagerDuty runs cmd/fake-pagerduty (pdfake with its fixture
 * organisation) on a free loopback port and reads the URL and token it
 * prints on its first two lines. stop() ends that one process, by its PID.
 */
export async function startFakePagerDuty(): Promise<FakePagerDuty> {
  const proc = spawn(fakePagerDutyBinary(), ["-listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let output = "";
  const [url, token] = await new Promise<[string, string]>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`fake-pagerduty printed no URL within 10 s:\n${output}`)), 10_000);
    proc.on("error", (err) => {
      clearTimeout(timer);
      fail(new Error(`fake-pagerduty could not start: ${err.message}`));
    });
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`fake-pagerduty exited early (code ${code}, signal ${signal}):\n${output}`));
    });
    proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      stdout += chunk;
      const lines = stdout.split("\n");
      if (lines.length >= 3 && /^https?:\/\//.test(lines[0]!.trim()) && lines[1]!.startsWith("token=")) {
        clearTimeout(timer);
        ok([lines[0]!.trim().replace(/\/+$/, ""), lines[1]!.slice("token=".length).trim()]);
      }
    });
  });
  proc.removeAllListeners("exit");
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
    process.kill(proc.pid, "SIGTERM");
    const done = await Promise.race([exited(proc).then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!done) {
      process.kill(proc.pid, "SIGKILL");
      await exited(proc);
    }
  };
  return {
    url,
    token,
    rotaEnv: () => ({ ROTA_PAGERDUTY_API_URL: url, ROTA_PAGERDUTY_EVENTS_URL: url }),
    events: async () => {
      const res = await fetch(`${url}/fake/events`);
      return ((await res.json()) as unknown[] | null) ?? [];
    },
    output: () => output,
    stop,
  };
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** clock is the test's clock (default: defaultClock()); the pages' Date starts at its reading. */
  clock?: TestClock;
  /** viewport is the window size (default 1280 × 800). */
  viewport?: { width: number; height: number };
}

/**
 * launchBrowser starts headless Chromium (Debian's, or CHROMIUM_PATH) with a
 * fresh profile, its pages' clock set to the test's clock. It never
 * downloads a browser.
 */
export async function launchBrowser(opts: BrowserOptions = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const profile = await mkdtemp(join(tmpdir(), "rota-chromium-"));
  // playwright refuses --user-data-dir in args; a persistent context is how
  // it takes a profile directory.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(15_000);
  // The pages' Date reads the test's clock (and runs on from it); tests may
  // still move it on with page.clock.fastForward.
  const clock = opts.clock ?? defaultClock();
  await context.clock.install({ time: clock.now() });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Expected network answers that Chromium still logs as console errors: a 401
 * from /api/v1/me before sign-in, or from a wrong password.
 */
const EXPECTED_CONSOLE_ERRORS = [/Failed to load resource: the server responded with a status of 401\b/];

/**
 * trackErrors collects the page's console errors, uncaught exceptions,
 * failed requests and 5xx answers, so a test can assert that none occurred.
 * Pass `allow` for further messages a test expects.
 */
export function trackErrors(page: Page, allow: RegExp[] = []): string[] {
  const errors: string[] = [];
  const allowed = [...EXPECTED_CONSOLE_ERRORS, ...allow];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (allowed.some((re) => re.test(text))) return;
    const where = msg.location();
    errors.push(`console: ${text}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    const failure = req.failure()?.errorText ?? "failed";
    // Navigating away cancels requests still in flight; that is not an error.
    if (failure === "net::ERR_ABORTED") return;
    errors.push(`request failed: ${req.method()} ${req.url()}: ${failure}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 500) errors.push(`server error: ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return errors;
}

/** screenshot saves a PNG of the page under frontend/test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** signIn opens the app, fills the sign-in form by its labels and submits it. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** signInAs starts a fresh session as someone (the browser profile may hold another) and waits for the Now page. */
export async function signInAs(page: Page, rota: RotaServer, email: string, password: string): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, rota.url, email, password);
  await page.getByRole("heading", { level: 1, name: "Now", exact: true }).waitFor();
}
