import { describe, expect, it } from 'vitest';
import { createClient } from '../../shared/api/client';
import { ANNOTATION_SCENARIOS, GIVEN, GIVEN_LISTS, runScenario, SCENARIOS } from '../contract/scenarios';
import { fakeAnnotations, TAXONOMY } from './support/fake-annotations';
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

describe('the tagging screens\' stand-in answers the tagging scenarios as the real Worker does', () => {
  it.each(ANNOTATION_SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
    const worker = fakeAnnotations({ id: 'm-admin', name: GIVEN.admin.name, role: 'admin' });
    // It starts from the lists and the provider company the real Worker's side adds.
    expect(TAXONOMY.linesOfBusiness.map((t) => t.name)).toEqual(expect.arrayContaining([...GIVEN_LISTS.linesOfBusiness]));
    expect(TAXONOMY.stakeholders).toContainEqual(expect.objectContaining({ name: GIVEN_LISTS.stakeholder.name }));
    expect(TAXONOMY.kpis).toContainEqual(expect.objectContaining({ name: GIVEN_LISTS.kpi.name }));
    worker.companies = [{ name: GIVEN_LISTS.providerCompany, members: 0, invited: 1 }];
    await runScenario(createClient({ baseUrl: WORKER_URL, token: 'stw_test', fetch: worker.fetch }), scenario);
  });
});
