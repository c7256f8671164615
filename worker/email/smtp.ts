import { WorkerMailer } from 'worker-mailer';
import type { Env } from '../env';
import { addressHeaders, base64Utf8, calendarContentType, messageId, toMime, type Transport } from './message';

/** SMTP through `cloudflare:sockets` (worker-mailer): for any mail provider or a local sink. */
export function smtpTransport(env: Env): Transport {
  const host = env.STEWARD_SMTP_HOST;
  if (!host) throw new Error('STEWARD_SMTP_HOST is not set: name the SMTP server reports go through.');
  const port = Number(env.STEWARD_SMTP_PORT || 587);
  const secure = env.STEWARD_SMTP_SECURE === 'true';
  const credentials = env.STEWARD_SMTP_USER ? { username: env.STEWARD_SMTP_USER, password: env.STEWARD_SMTP_PASS ?? '' } : undefined;
  return {
    name: 'smtp',
    async send(m) {
      const id = messageId(m.from.email.split('@')[1] ?? 'steward');
      // worker-mailer writes names and subjects into headers as they are (it only encodes
      // non-ASCII), so a line break in a name would start a header of its own. The mail
      // library's encoded From, To and Subject are passed instead, and take precedence.
      const encoded = addressHeaders(toMime(m, id));
      await WorkerMailer.send(
        { host, port, secure, startTls: !secure && port !== 25 && port !== 2525 && port < 10_000, credentials, authType: credentials ? ['plain', 'login'] : undefined, socketTimeoutMs: 15_000, responseTimeoutMs: 15_000 },
        {
          from: m.from,
          to: m.to.name ? { name: m.to.name, email: m.to.email } : m.to.email,
          subject: m.subject,
          text: m.text,
          html: m.html,
          ...(m.calendar ? { attachments: [{ filename: 'invite.ics', content: base64Utf8(m.calendar.ics), mimeType: calendarContentType(m.calendar.method) }] } : {}),
          headers: { ...m.headers, ...encoded, 'Message-ID': id },
        },
      );
      return { messageId: id };
    },
  };
}
