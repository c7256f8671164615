import { EmailMessage } from 'cloudflare:email';
import { createMimeMessage } from 'mimetext/browser';
import type { Env } from '../env';
import { messageId, type Transport } from './transport';

/** Cloudflare Email Routing's `send_email` binding; the MIME message is built here. */
export function cloudflareTransport(env: Env): Transport {
  const binding = env.EMAIL;
  if (!binding) throw new Error('The EMAIL (send_email) binding is missing: add it in wrangler.toml or choose STEWARD_EMAIL_TRANSPORT=smtp.');
  return {
    name: 'cloudflare',
    async send(m) {
      const id = messageId(m.from.email.split('@')[1] ?? 'steward');
      const msg = createMimeMessage();
      msg.setSender({ name: m.from.name, addr: m.from.email });
      msg.setRecipient(m.to.name ? { name: m.to.name, addr: m.to.email } : m.to.email);
      msg.setSubject(m.subject);
      msg.setHeader('Message-ID', id);
      for (const [k, value] of Object.entries(m.headers)) msg.setHeader(k, value);
      msg.addMessage({ contentType: 'text/plain', data: m.text });
      msg.addMessage({ contentType: 'text/html', data: m.html });
      await binding.send(new EmailMessage(m.from.email, m.to.email, msg.asRaw()));
      return { messageId: id };
    },
  };
}
