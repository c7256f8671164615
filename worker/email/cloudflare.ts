import { EmailMessage } from 'cloudflare:email';
import type { Env } from '../env';
import { messageId, toMime, type Transport } from './message';

/** Cloudflare Email Routing's `send_email` binding; the MIME message is built by `toMime`. */
export function cloudflareTransport(env: Env): Transport {
  const binding = env.EMAIL;
  if (!binding) throw new Error('The EMAIL (send_email) binding is missing: add it in wrangler.toml or choose STEWARD_EMAIL_TRANSPORT=smtp.');
  return {
    name: 'cloudflare',
    async send(m) {
      const id = messageId(m.from.email.split('@')[1] ?? 'steward');
      await binding.send(new EmailMessage(m.from.email, m.to.email, toMime(m, id)));
      return { messageId: id };
    },
  };
}
