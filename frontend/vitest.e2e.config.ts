import { defineConfig } from "vitest/config";

// Browser tests: the real rota binary and Debian's Chromium, one file at a
// time, since each file starts its own server and browser.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
