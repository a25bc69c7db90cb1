import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The Go server (`rota serve`, default 127.0.0.1:8080) answers the API; the
// dev server forwards to it so that cookies stay same-origin.
const backend = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    // dist/.placeholder is committed so that go:embed compiles before a build.
    emptyOutDir: false,
  },
  server: {
    proxy: {
      "/api": backend,
      "/healthz": backend,
      "/v2": backend,
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
