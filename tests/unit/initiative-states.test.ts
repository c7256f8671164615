import { describe, expect, it } from 'vitest';
import { stateChangeProblem, type InitiativeState } from '../../shared/schemas';

/** The rule the Worker refuses state changes by, and the options page says before saving. */
describe('initiative state changes', () => {
  const cases: Array<[InitiativeState, InitiativeState, string | undefined, RegExp | null]> = [
    ['proposed', 'approved', undefined, null],
    ['approved', 'in_progress', undefined, null],
    ['in_progress', 'delivered', undefined, null],
    ['delivered', 'measured', undefined, null],
    // One step back is allowed too (a delivery that did not hold).
    ['delivered', 'in_progress', undefined, null],
    ['proposed', 'delivered', undefined, /^skips approved and in progress: move one step at a time, or say why in "reason"$/],
    ['approved', 'measured', '  ', /^skips in progress and delivered/],
    ['measured', 'approved', undefined, /^skips in progress and delivered/],
    ['proposed', 'delivered', 'Bought off the shelf; nothing to build.', null],
    ['proposed', 'deferred', undefined, /^needs a reason when the initiative is put off/],
    ['in_progress', 'rejected', undefined, /^needs a reason when the initiative is rejected/],
    ['proposed', 'rejected', 'Too expensive this year.', null],
    ['deferred', 'proposed', undefined, null],
    ['deferred', 'in_progress', undefined, /^needs a reason to pick up an initiative that was not now/],
    ['rejected', 'approved', 'The board changed its mind.', null],
    ['approved', 'approved', undefined, null],
  ];
  it.each(cases)('%s → %s (reason %j)', (from, to, reason, problem) => {
    const said = stateChangeProblem(from, to, reason);
    if (problem) expect(said).toMatch(problem);
    else expect(said).toBeNull();
  });
});
