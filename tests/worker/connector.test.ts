import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusedAddress } from '../../worker/connector/http';
import { app } from '../../worker/app';
import { hint, keyIdOf, seal, unseal } from '../../worker/lib/crypto';
import { connect } from './connector-helpers';
import { call, join, json, newWorkspace } from './helpers';

const SECRET = 'zd-api-token-SUPERSECRET-7f3a';

/** The app with some settings changed, as another deployment would have them. */
function withEnv(change: Record<string, string | undefined>, path: string, init: { method?: string; token: string; body?: unknown }) {
  return app.request(path, {
    method: init.method ?? 'POST', headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  }, { ...env, ...change });
}

describe('connections: credentials', () => {
  let admin = '';
  let staff = '';
  let id = '';
  beforeAll(async () => {
    const ws = await newWorkspace('Keys Co');
    admin = ws.admin.token;
    staff = (await join(admin, 'staff', 'Sam Staff')).token;
    const made = await connect(admin, { kind: 'zendesk', address: 'https://acme.zendesk.com', credentials: { auth: 'basic', username: 'it@acme.test', secret: SECRET } });
    id = made.connection.id;
    expect(made.connection).toMatchObject({ kind: 'zendesk', tenant: 'acme', name: 'Zendesk (acme)', secretHint: '…7f3a', username: 'it@acme.test' });
    // A push tool: the webhook address to paste, and its secret shown this once.
    expect(made.connection.webhook).toEqual({ url: `http://steward.test/hooks/${id}`, secretHint: `…${made.webhookSecret.slice(-4)}` });
    expect(made.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores them encrypted and never shows them again: not in the list, the export, the activity log or the row', async () => {
    const listed = await call('/api/v1/connections', { token: admin });
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).toContain('…7f3a');
    expect(text).not.toContain(SECRET);
    const exported = await (await call('/api/v1/export', { token: admin })).text();
    expect(exported).not.toContain(SECRET);
    // The export names the connection's settings, with no part of its secrets (not even "…7f3a").
    expect(JSON.parse(exported).connections).toEqual([expect.objectContaining({ id, kind: 'zendesk', tenant: 'acme', username: 'it@acme.test', enabled: true })]);
    expect(exported).not.toContain('7f3a');
    expect(await (await call('/api/v1/audit', { token: admin })).text()).not.toContain(SECRET);
    const row = await env.DB.prepare('SELECT * FROM connections WHERE id = ?').bind(id).first();
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(String(row!.credentials_sealed)).toMatch(/^v1\.k1\./);
  });

  it('is for admins only', async () => {
    expect((await call('/api/v1/connections', { token: staff })).status).toBe(403);
  });

  it('refuses to store credentials without STEWARD_CONNECTOR_KEY, saying who can fix it', async () => {
    const res = await withEnv({ STEWARD_CONNECTOR_KEY: undefined }, '/api/v1/connections', {
      token: admin, body: { kind: 'rt', address: 'https://rt.example.com', credentials: { auth: 'token', secret: 'rt-token-1234' } },
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error.message).toMatch(/no STEWARD_CONNECTOR_KEY.*wrangler secret put STEWARD_CONNECTOR_KEY/);
    expect(JSON.stringify(body)).not.toContain('rt-token-1234');
    expect((await json(call('/api/v1/connections', { token: admin }))).items).toHaveLength(1);
  });

  it('refuses addresses on private, loopback, link-local and metadata networks unless the deployment allows them', async () => {
    const tryAddress = (address: string) => withEnv({ STEWARD_CONNECTOR_ALLOW_PRIVATE: undefined }, '/api/v1/connections', {
      token: admin, body: { kind: 'rt', address, credentials: { auth: 'token', secret: 'rt-token-1234' } },
    });
    for (const address of ['http://127.0.0.1:8080', 'http://10.1.2.3', 'http://172.20.0.5', 'https://192.168.1.10/rt', 'http://169.254.169.254/latest', 'http://localhost:3000', 'http://[::1]/', 'http://metadata.google.internal']) {
      const res = await tryAddress(address);
      expect(res.status, address).toBe(400);
      expect((await json(res)).error.fields.address, address).toMatch(/private, loopback or link-local.*Cloudflare Tunnel/);
    }
    const notUrl = await tryAddress('rt.example.com');
    expect(notUrl.status).toBe(400);
    expect((await json(notUrl)).error.fields.address).toMatch(/web address/);
    // A range an operator opened on purpose.
    expect(refusedAddress('http://10.1.2.3/rt', '10.0.0.0/8')).toBeNull();
    expect(refusedAddress('http://10.1.2.3/rt', '192.168.0.0/16')).toMatch(/private/);
    expect(refusedAddress('https://rt.example.com', undefined)).toBeNull();
  });

  it('checks the sign-in kind each tool takes', async () => {
    const res = await call('/api/v1/connections', { token: admin, body: { kind: 'redmine', address: 'https://redmine.example.com', credentials: { auth: 'basic', username: 'x', secret: 'abcd1234' } } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields['credentials.auth']).toBe('must be token for Redmine');
  });

  it('makes a new webhook secret on request (shown once), and deleting the connection deletes the credentials', async () => {
    const renewed = await json(call(`/api/v1/connections/${id}`, { method: 'PATCH', token: admin, body: { newWebhookSecret: true } }));
    expect(renewed.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(renewed.connection.webhook.secretHint).toBe(hint(renewed.webhookSecret));
    expect((await call(`/api/v1/connections/${id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect(await env.DB.prepare('SELECT 1 FROM connections WHERE id = ?').bind(id).first()).toBeNull();
    expect((await call(`/api/v1/connections/${id}/test`, { method: 'POST', token: admin })).status).toBe(404);
  });
});

describe('rotating STEWARD_CONNECTOR_KEY', () => {
  it('re-seals a connection\'s credentials with the new key at its next pull, and it still reads', async () => {
    const ws = await newWorkspace('Rotate Co');
    const made = await connect(ws.admin.token, {
      kind: 'zendesk', address: `${env.CONNECTOR_LAB}/tools/ok`, tenant: 'rotate', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' },
    });
    const id = made.connection.id;
    const sealedKey = async () => String((await env.DB.prepare('SELECT credentials_sealed FROM connections WHERE id = ?').bind(id).first('credentials_sealed'))).split('.')[1];
    expect(await sealedKey()).toBe('k1');
    const rotated = `k2:the-new-connector-key-0123456789abcdef,${env.STEWARD_CONNECTOR_KEY}`;
    // A deployment without the connector queue reads at once, in the request (with this request's key).
    const check = await withEnv({ STEWARD_CONNECTOR_KEY: rotated, CONNECTOR_QUEUE: undefined }, `/api/v1/connections/${id}/check`, { token: ws.admin.token });
    expect(await json(check)).toMatchObject({ ok: true, queued: false, message: 'Read 0 of 0 tagged tickets from Zendesk; 0 changed.' });
    expect(await sealedKey()).toBe('k2');
    // Only the new key from now on: the connection still opens.
    expect(await json(withEnv({ STEWARD_CONNECTOR_KEY: 'k2:the-new-connector-key-0123456789abcdef' }, `/api/v1/connections/${id}/test`, { token: ws.admin.token }))).toMatchObject({ ok: true });
    // And with the new key gone, it says so in words.
    expect(await json(call(`/api/v1/connections/${id}/test`, { method: 'POST', token: ws.admin.token }))).toEqual({
      ok: false, message: 'The stored credentials were sealed with key "k2", which STEWARD_CONNECTOR_KEY no longer holds: put it back, or paste the credentials again.',
    });
  });
});

describe('sealing', () => {
  const k1 = 'k1:first-key-0123456789abcdef0123456789';
  const k2 = 'k2:second-key-0123456789abcdef012345678';

  it('opens values sealed under an older key after rotation, and seals new ones with the newest', async () => {
    const old = await seal('token-1', k1, 'ws/conn');
    const rotated = `${k2},${k1}`;
    expect(await unseal(old, rotated, 'ws/conn')).toBe('token-1');
    expect(keyIdOf(await seal('token-2', rotated, 'ws/conn'))).toBe('k2');
    await expect(unseal(old, k2, 'ws/conn')).rejects.toThrow(/key "k1", which STEWARD_CONNECTOR_KEY no longer holds/);
  });

  it('does not open a value copied into another row', async () => {
    const sealed = await seal('token-1', k1, 'ws-a/conn-a');
    await expect(unseal(sealed, k1, 'ws-b/conn-b')).rejects.toThrow(/do not open/);
  });

  it('refuses a key too short to be safe', async () => {
    await expect(seal('x', 'k1:short', 'a')).rejects.toThrow(/shorter than 32/);
  });
});
