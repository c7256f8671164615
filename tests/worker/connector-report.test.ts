import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkNow, sharedZendeskTickets } from './connector-helpers';
import { call, json } from './helpers';

/** What the report says from the connector: facts that went stale (SLA breaches: connector-sla-report.test.ts). */
describe('the report and the connector', () => {
  it('says when a connected tool\'s facts are days old, and still states them', async () => {
    const { admin, connection } = await sharedZendeskTickets();

    const preview = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(preview.text).not.toContain('Facts from Zendesk');

    // Zendesk stops answering (the token was revoked) and its facts were last read three days ago.
    await call(`/api/v1/connections/${connection.id}`, { method: 'PATCH', token: admin, body: { credentials: { auth: 'basic', username: 'it@acme.test', secret: 'revoked' } } });
    expect((await checkNow(admin, connection.id)).ok).toBe(false);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000 - 3600_000).toISOString();
    await env.DB.prepare('UPDATE connections SET last_success_at = ? WHERE id = ?').bind(threeDaysAgo, connection.id).run();
    const stale = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(stale.html).toContain('Facts from Zendesk are 3 days old: Steward&#39;s last tries to read it failed');
    expect(stale.text).toContain('Facts from Zendesk are 3 days old');
    // The facts it had are still stated.
    expect(stale.html).toContain('Zendesk #1051');
  });
});
