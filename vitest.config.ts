import { defineConfig } from 'vitest/config';

// Unit tests in Node (fakes allowed), the sync engine against real WebDAV
// servers, and browser tests that drive the built extension in real browsers:
// project `e2e` in Chromium (every browser test), project `e2e-firefox` in
// stock Firefox (tests/e2e/both/, which run in both, and tests/e2e/firefox/).
// BROWSER=chromium or BROWSER=firefox keeps one.
const only = process.env.BROWSER;
if (only && only !== 'chromium' && only !== 'firefox') throw new Error(`BROWSER=${only}: say chromium or firefox`);

const browserTests = {
  environment: 'node',
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // One browser at a time: the machine has two cores.
  fileParallelism: false,
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          // The sync engine against real WebDAV servers (rclone, Apache) on 127.0.0.1.
          name: 'sync',
          include: ['tests/sync/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 30_000,
          fileParallelism: false,
        },
      },
      ...(only === 'firefox'
        ? []
        : [
            {
              test: {
                ...browserTests,
                name: 'e2e',
                include: ['tests/e2e/**/*.test.ts'],
                exclude: ['tests/e2e/firefox/**'],
                env: { FINEWS_BROWSER: 'chromium' },
              },
            },
          ]),
      ...(only === 'chromium'
        ? []
        : [
            {
              test: {
                ...browserTests,
                name: 'e2e-firefox',
                include: ['tests/e2e/both/**/*.test.ts', 'tests/e2e/firefox/**/*.test.ts'],
                env: { FINEWS_BROWSER: 'firefox' },
                // A group of its own, after the unit tests: never beside the Chromium
                // files (which Vitest runs one at a time in a last group), as two
                // browsers at once would share two cores.
                sequence: { groupOrder: 1 },
              },
            },
          ]),
    ],
  },
});
