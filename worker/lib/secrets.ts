/** Random secrets and their stored form. Only hashes ever reach the database. */

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // no 0/O, 1/I/L: codes are read aloud and typed

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A bearer token: 256 random bits. */
export function newToken(): string {
  return `stw_${base64url(randomBytes(32))}`;
}

/**
 * An invite code like STW-7KQ2-M9XD-4RTA-PW3C: 20 symbols from a 31-letter alphabet
 * (~99 bits), single-use and short-lived, easy to read out and type.
 */
export function newInviteCode(): string {
  const bytes = randomBytes(20);
  const symbols = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `STW-${symbols.match(/.{4}/g)!.join('-')}`;
}

/** Codes are compared case-insensitively and without the dashes people add or drop. */
export function normaliseInviteCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Constant-time string comparison, for secrets compared outside an indexed lookup. */
export function timingSafeEqual(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  let diff = ea.length ^ eb.length;
  for (let i = 0; i < Math.max(ea.length, eb.length); i++) diff |= (ea[i] ?? 0) ^ (eb[i] ?? 0);
  return diff === 0;
}
