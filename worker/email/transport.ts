import type { Env } from '../env';

export interface OutgoingEmail {
  from: { name: string; email: string };
  to: { name: string | null; email: string };
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Sends one message; resolves with its Message-ID, rejects with a reason a person can read. */
export interface Transport {
  name: string;
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
}

export function messageId(domain: string): string {
  return `<${crypto.randomUUID()}@${domain}>`;
}

export function fromAddress(env: Env): { name: string; email: string } {
  return { name: env.STEWARD_EMAIL_FROM_NAME || 'Steward', email: env.STEWARD_EMAIL_FROM || 'reports@steward.localhost' };
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
