import { compileCustomPattern, type PatternMatcher } from '../../../shared/tickets/custom';
import { customMatchersItem, customPatternsItem } from '../contract/storage';
import { inTurn } from './in-turn';

/**
 * The user's URL patterns, checked once here rather than in every ticket page: the ticket
 * script reads the matchers this writes (`customTicketOf`) and carries no pattern compiler.
 * The patterns themselves are written by the options page (core/page/custom-patterns.ts).
 */

// One write at a time, so a slower pass cannot put back what an edit after it replaced.
const serial = inTurn();

/** Makes the stored matchers those of the saved patterns; a pattern that no longer compiles is left out. */
export function syncCustomMatchers(): Promise<void> {
  return serial(async () => {
    const matchers: PatternMatcher[] = (await customPatternsItem.getValue()).flatMap((saved) => {
      const check = compileCustomPattern(saved.pattern);
      return check.ok ? [check.pattern.matcher] : [];
    });
    if (JSON.stringify(matchers) !== JSON.stringify(await customMatchersItem.getValue())) await customMatchersItem.setValue(matchers);
  });
}

/** Keeps the matchers following the patterns, from now on and for what changed while the background slept. */
export function watchCustomPatterns(): void {
  customPatternsItem.watch(() => void syncCustomMatchers().catch((err: unknown) => console.warn('Steward: could not apply your URL patterns', err)));
  void syncCustomMatchers().catch((err: unknown) => console.warn('Steward: could not apply your URL patterns', err));
}
