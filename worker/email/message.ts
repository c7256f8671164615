import { createMimeMessage } from 'mimetext/browser';

/** One email as Steward sends it; both transports take this and nothing else. */
export interface OutgoingEmail {
  from: { name: string; email: string };
  to: { name: string | null; email: string };
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe…): values made by Steward, never by users. */
  headers: Record<string, string>;
  /** A calendar invitation (RFC 6047 iMIP): sent as a `text/calendar; method=…` part. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
}

/** The calendar part's media type: the method must match the METHOD inside (RFC 6047 §2.4). */
export function calendarContentType(method: 'REQUEST' | 'CANCEL'): string {
  return `text/calendar; charset=UTF-8; method=${method}`;
}

/** Base64 of a text's UTF-8 bytes (attachments are sent base64 by both transports). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Sends one message; resolves with its Message-ID, rejects with a reason a person can read. */
export interface Transport {
  name: string;
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
}

export function messageId(domain: string): string {
  return `<${crypto.randomUUID()}@${domain}>`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/**
 * The whole message in MIME form, built by the mail library (mimetext): names and subject
 * become RFC 2047 encoded words, so nothing a user typed can start a header line of its
 * own. Header values of our own are checked too, as a last line of defence.
 */
export function toMime(m: OutgoingEmail, id: string): string {
  for (const [name, value] of Object.entries(m.headers)) {
    if (LINE_BREAK_OR_CONTROL.test(name) || LINE_BREAK_OR_CONTROL.test(value)) {
      throw new Error(`The email header ${JSON.stringify(name)} holds a line break or control character; the message was not sent.`);
    }
  }
  for (const address of [m.from.email, m.to.email]) {
    if (LINE_BREAK_OR_CONTROL.test(address) || /[<>",\s]/.test(address)) throw new Error(`${JSON.stringify(address)} is not a usable email address; the message was not sent.`);
  }
  const msg = createMimeMessage();
  msg.setSender({ name: m.from.name, addr: m.from.email });
  msg.setRecipient(m.to.name ? { name: m.to.name, addr: m.to.email } : m.to.email);
  msg.setSubject(m.subject);
  msg.setHeader('Message-ID', id);
  for (const [name, value] of Object.entries(m.headers)) msg.setHeader(name, value);
  msg.addMessage({ contentType: 'text/plain', data: m.text });
  msg.addMessage({ contentType: 'text/html', data: m.html });
  if (m.calendar) msg.addAttachment({ filename: 'invite.ics', contentType: calendarContentType(m.calendar.method), data: base64Utf8(m.calendar.ics), encoding: 'base64' });
  return msg.asRaw();
}

/**
 * The encoded From, To and Subject header values of a MIME message (unfolded), for
 * transports that take headers rather than a whole message.
 */
export function addressHeaders(mime: string): { From: string; To: string; Subject: string } {
  const head = mime.slice(0, mime.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const get = (name: string) => {
    const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    if (!line) throw new Error(`The mail library made no ${name} header.`);
    return line.slice(name.length + 1).trim();
  };
  return { From: get('From'), To: get('To'), Subject: get('Subject') };
}
