import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain ESM script shared with `npm start`, without type declarations
import { startMailSink } from '../../scripts/mail-sink.mjs';

import { startOidcProvider } from '../oidc/provider.mjs';
import type {} from '../provided-context';

/**
 * A real SMTP server for the Worker tests to send reports to and read them back from, and a
 * real OpenID Connect provider for the company sign-in (tests/oidc/provider.mjs).
 */
export default async function setup(project: TestProject) {
  const [sink, oidc] = await Promise.all([startMailSink(), startOidcProvider()]);
  project.provide('smtpPort', sink.smtpPort);
  project.provide('mailSinkUrl', `http://127.0.0.1:${sink.httpPort}`);
  project.provide('oidcIssuer', oidc.issuer);
  project.provide('oidcSigningKey', JSON.stringify(oidc.signingKey));
  return () => Promise.all([sink.close(), oidc.close()]);
}
