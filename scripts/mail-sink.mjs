// A local mail sink: a real SMTP server that keeps what it receives, parsed, and shows it
// on a small web page. `npm start` runs it so the demo report can be read without a mail
// account; the tests use it to read back what the Worker sent over SMTP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** @type {Record<string, string>} */
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** @param {unknown} s */
const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * @typedef {object} SinkMessage
 * @property {number} n
 * @property {string | null} file
 * @property {{ from: string | undefined, to: string[] }} envelope
 * @property {string} subject
 * @property {string} from
 * @property {string} to
 * @property {string | null} messageId
 * @property {string} contentType
 * @property {string[]} mimeTypes
 * @property {Record<string, string>} headers
 * @property {string | null} listUnsubscribe
 * @property {string | null} listUnsubscribePost
 * @property {string} text
 * @property {string} html
 * @property {{ method: string | null, text: string }[]} calendars
 * @property {number} size
 * @property {string} receivedAt
 */

/**
 * Starts the sink. Returns the ports, the messages received so far (parsed with a real MIME
 * parser) and `close()`. With `dir`, each message is also saved there as an .eml file.
 * @param {{ smtpPort?: number, httpPort?: number, host?: string, dir?: string }} [options]
 */
export async function startMailSink({ smtpPort = 0, httpPort = 0, host = '127.0.0.1', dir } = {}) {
  /** @type {SinkMessage[]} */
  const messages = [];
  if (dir) mkdirSync(dir, { recursive: true });
  const smtp = new SMTPServer({
    authOptional: true,
    // No AUTH and no TLS: a local sink; advertising AUTH makes clients insist on credentials.
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Steward local mail sink',
    logger: false,
    onData(stream, session, callback) {
      /** @type {Buffer[]} */
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        try {
          const parsed = await simpleParser(raw);
          const text = raw.toString('utf8');
          const headerBlock = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
          /** @param {string} name */
          const header = (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headerBlock)?.[1] ?? null;
          const n = messages.length + 1;
          const file = dir ? join(dir, `${String(n).padStart(4, '0')}.eml`) : null;
          if (file) writeFileSync(file, raw);
          messages.push({
            n,
            file,
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, to: session.envelope.rcptTo.map((r) => r.address) },
            subject: parsed.subject ?? '',
            from: parsed.from?.text ?? '',
            // A message with the To header more than once parses to one address object per header.
            to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
            messageId: parsed.messageId ?? null,
            // mailparser always parses Content-Type into { value, params }.
            contentType: /** @type {import('mailparser').StructuredHeader | undefined} */ (parsed.headers.get('content-type'))?.value ?? '',
            // Every MIME part's type, outermost first (e.g. multipart/mixed, multipart/alternative, text/plain, text/html).
            mimeTypes: [...text.matchAll(/^Content-Type:\s*([\w/+.-]+)/gim)].map((m) => m[1].toLowerCase()),
            headers: Object.fromEntries([...parsed.headers.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
            listUnsubscribe: header('List-Unsubscribe'),
            listUnsubscribePost: header('List-Unsubscribe-Post'),
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            // Calendar invitations (RFC 6047): each text/calendar part's method and its text.
            calendars: parsed.attachments.filter((a) => a.contentType === 'text/calendar').map((a) => ({
              method: /** @type {import('mailparser').StructuredHeader | undefined} */ (a.headers.get('content-type'))?.params?.method ?? null,
              text: a.content.toString('utf8'),
            })),
            size: raw.length,
            receivedAt: new Date().toISOString(),
          });
          callback();
        } catch (err) {
          callback(/** @type {Error} */ (err));
        }
      });
    },
  });
  await /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, host, resolve);
  }));

  const web = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/messages' && req.method === 'DELETE') {
      messages.length = 0;
      return res.writeHead(204).end();
    }
    if (url.pathname === '/messages') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(messages));
    }
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (one) {
      const m = messages[Number(one[1]) - 1];
      if (!m) return res.writeHead(404).end('No such message');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(m.html || `<pre>${escapeHtml(m.text)}</pre>`);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>Steward mail sink</title>
<body style="font:15px/1.5 system-ui;max-width:760px;margin:32px auto;padding:0 16px">
<h1>Mail sent by Steward on this machine</h1>
${messages.length ? `<ul>${[...messages].reverse().map((m) => `<li><a href="/messages/${m.n}">${escapeHtml(m.subject)}</a> — to ${escapeHtml(m.to)} <small>(${escapeHtml(m.receivedAt)})</small></li>`).join('')}</ul>` : '<p>Nothing yet.</p>'}
</body>`);
  });
  await /** @type {Promise<void>} */ (new Promise((resolve) => web.listen(httpPort, host, resolve)));
  // Both listen on a TCP host and port, so their addresses are AddressInfo, never a pipe name.
  const portOf = (/** @type {import('node:net').Server} */ server) => /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    smtpPort: portOf(smtp.server),
    httpPort: portOf(web),
    messages,
    close: () => Promise.all([new Promise((r) => smtp.close(() => r(undefined))), new Promise((r) => web.close(r))]),
  };
}
