import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkNow, sharedZendeskTickets } from './connector-helpers';
import { call, json } from './helpers';

/** Provider accountability from the connector: shared tickets whose tool reports an SLA breach. */
describe('the report and the tools\' SLAs', () => {
  it('counts shared tickets that breached the tool\'s SLA, and keeps saying so when the tool stops answering', async () => {
    const { admin, connection } = await sharedZendeskTickets();

    const preview = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(preview.html).toContain('Fixit Ltd: 1 of 2 shared tickets breached the tool&#39;s SLA.');
    expect(preview.text).toContain('; 1 of 2 shared tickets breached the tool\'s SLA.');
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
    expect(stale.html).toContain('Fixit Ltd: 1 of 2 shared tickets breached the tool&#39;s SLA.');
  });
});
