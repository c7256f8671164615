import { describe, expect, it } from 'vitest';
import { createClient } from '../../shared/api/client';
import { GIVEN, runScenario, SCENARIOS } from '../contract/scenarios';
import { fakeWorker, WORKER_URL } from './support/fake-worker';

/**
 * The admin screens' tests answer from a fake Worker. It is held to the same scenarios as
 * the real Worker (tests/worker/contract.test.ts), so a rule it gets wrong fails here, by
 * step, instead of letting the screens' tests pass against answers the Worker never gives.
 */
describe('the fake Worker answers the shared scenarios as the real Worker does', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
    const worker = fakeWorker();
    // The scenarios start from the same workspace and admin on both sides.
    expect(worker.workspace).toMatchObject(GIVEN.workspace);
    expect(worker.members[0]).toMatchObject({ ...GIVEN.admin, role: 'admin' });
    await runScenario(createClient({ baseUrl: WORKER_URL, token: 'stw_test', fetch: worker.fetch }), scenario);
  });
});
