import { describe, expect, it } from 'vitest';
import { sharedZendeskTickets, zendeskGoesStale } from './connector-helpers';
import { call, json } from './helpers';

/** What the report says from the connector: facts that went stale (SLA breaches: connector-sla-report.test.ts). */
describe('the report and the connector', () => {
  it('says when a connected tool\'s facts are days old, and still states them', async () => {
    const { admin, connection } = await sharedZendeskTickets();

    const preview = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(preview.text).not.toContain('Facts from Zendesk');

    await zendeskGoesStale(admin, connection.id);
    const stale = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(stale.html).toContain('Facts from Zendesk are 3 days old: Steward&#39;s last tries to read it failed');
    expect(stale.text).toContain('Facts from Zendesk are 3 days old');
    // The facts it had are still stated.
    expect(stale.html).toContain('Zendesk #1051');
  });
});
