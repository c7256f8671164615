import type { Env } from '../env';
import type { Transport } from './message';

export type {  Transport } from './message';

/**
 * The sender of every email. There is no fallback address: mail from a made-up domain is
 * refused or filed as spam, so a deployment without a sender is told so plainly.
 */
export function fromAddress(env: Env): { name: string; email: string } {
  const email = env.STEWARD_EMAIL_FROM?.trim();
  if (!email) {
    throw new Error('No sender address is configured: set STEWARD_EMAIL_FROM (e.g. reports@your-company.com, a domain your mail service may send from).');
  }
  return { name: env.STEWARD_EMAIL_FROM_NAME || 'Steward', email };
}

/**
 * The configured transport: Cloudflare's `send_email` binding (`cloudflare`) or any SMTP
 * server (`smtp`). Unset means SMTP when a host is configured, else none.
 */
export async function transportFor(env: Env): Promise<Transport | null> {
  const kind = env.STEWARD_EMAIL_TRANSPORT || (env.STEWARD_SMTP_HOST ? 'smtp' : env.EMAIL ? 'cloudflare' : 'none');
  if (kind === 'smtp') return (await import('./smtp')).smtpTransport(env);
  if (kind === 'cloudflare') return (await import('./cloudflare')).cloudflareTransport(env);
  return null;
}
