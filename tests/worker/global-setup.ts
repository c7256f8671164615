import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain ESM script shared with `npm start`, without type declarations
import { startMailSink } from '../../scripts/mail-sink.mjs';

import type {} from '../provided-context';

/** A real SMTP server for the Worker tests to send reports to and read them back from. */
export default async function setup(project: TestProject) {
  const sink = await startMailSink();
  project.provide('smtpPort', sink.smtpPort);
  project.provide('mailSinkUrl', `http://127.0.0.1:${sink.httpPort}`);
  return () => sink.close();
}
