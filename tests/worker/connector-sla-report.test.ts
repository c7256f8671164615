import { describe, expect, it } from 'vitest';
import { sharedZendeskTickets, zendeskGoesStale } from './connector-helpers';
import { call, json } from './helpers';

/** Provider accountability from the connector: shared tickets whose tool reports an SLA breach. */
describe('the report and the tools\' SLAs', () => {
  it('counts shared tickets that breached the tool\'s SLA, and keeps saying so when the tool stops answering', async () => {
    const { admin, connection } = await sharedZendeskTickets();

    const preview = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(preview.html).toContain('Fixit Ltd: 1 of 2 shared tickets breached the tool&#39;s SLA.');
    expect(preview.text).toContain('; 1 of 2 shared tickets breached the tool\'s SLA.');
    expect(preview.text).not.toContain('Facts from Zendesk');

    await zendeskGoesStale(admin, connection.id);
    const stale = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(stale.html).toContain('Facts from Zendesk are 3 days old: Steward&#39;s last tries to read it failed');
    expect(stale.text).toContain('Facts from Zendesk are 3 days old');
    // The facts it had are still stated.
    expect(stale.html).toContain('Fixit Ltd: 1 of 2 shared tickets breached the tool&#39;s SLA.');
  });
});
