import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';

// One config, four projects. `npm test` runs unit + extension + worker together, then the
// browser suite (e2e) on its own after building the extension (see scripts/test.mjs).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [WxtVitest(), preact()],
        resolve: { dedupe: ['preact'] },
        test: {
          name: 'extension',
          include: ['tests/extension/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            main: './worker/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('worker/migrations'),
                STEWARD_OPERATOR_TOKEN: 'test-operator-token',
                STEWARD_LINK_SECRET: 'test-link-secret-0123456789',
                STEWARD_PUBLIC_URL: 'http://steward.test',
                STEWARD_EMAIL_TRANSPORT: 'smtp',
                STEWARD_EMAIL_FROM: 'reports@steward.test',
                STEWARD_SMTP_HOST: '127.0.0.1',
                STEWARD_SMTP_PORT: String(inject('smtpPort')),
                MAIL_SINK_URL: inject('mailSinkUrl'),
                OIDC_ISSUER: inject('oidcIssuer'),
                OIDC_SIGNING_KEY: inject('oidcSigningKey'),
                // The connector (issue 13): a test key for sealing credentials, local tools allowed,
                // and the lab with real RT/Redmine and the cloud tools' fixture APIs.
                STEWARD_CONNECTOR_KEY: 'k1:test-connector-key-0123456789abcdef0123',
                STEWARD_CONNECTOR_ALLOW_PRIVATE: '*',
                CONNECTOR_LAB: inject('connectorLab'),
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          globalSetup: ['tests/worker/global-setup.ts', 'tests/connector/lab.ts'],
          setupFiles: ['tests/worker/setup.ts'],
        },
      },
      {
        // Benchmarks: run by `npm run bench`, never by `npm test`.
        test: { name: 'bench', include: ['tests/bench/**/*.bench.ts'], environment: 'node', testTimeout: 600_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
