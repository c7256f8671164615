import type { FeedbackAnswer, Priority, ProviderStatus, ReportModel } from '../../shared/schemas';

export const PROVIDER_WORDS: Record<ProviderStatus, string> = {
  acknowledged: 'acknowledged', in_progress: 'in progress', waiting_on_client: 'waiting on us', done: 'done',
};

export const ANSWER_WORDS: Record<FeedbackAnswer, string> = { ok: 'OK', discuss: "Let's discuss", question: 'I have a question' };

/** Background and text colour per priority; both readable in light and dark mail clients. */
export const PRIORITY_COLORS: Record<Priority, [string, string]> = {
  critical: ['#b91c1c', '#ffffff'], high: ['#b45309', '#ffffff'], medium: ['#1d4ed8', '#ffffff'], low: ['#4b5563', '#ffffff'],
};

/** The subject states the bottom line: what needs attention, in a dozen words. */
export function subjectOf(m: ReportModel): string {
  const c = m.counts;
  const parts = [`${c.challenges} challenge${c.challenges === 1 ? '' : 's'}${c.critical ? ` (${c.critical} critical)` : ''}`];
  if (c.resolvedSince) parts.push(`${c.resolvedSince} resolved`);
  if (c.needsDecision) parts.push(`${c.needsDecision} need${c.needsDecision === 1 ? 's' : ''} you`);
  return `IT dialogue, ${m.period.label.replace(/^Week of/, 'week of')}: ${parts.join(', ')}`;
}

/** "opened today", "open 1 day", "open 12 days". */
export function ageWords(days: number): string {
  return days <= 0 ? 'opened today' : `open ${days} day${days === 1 ? '' : 's'}`;
}

/** A median time to answer: "under 1 hour", "5 hours", "3 days". */
export function hoursWords(hours: number | null, short = false): string {
  if (hours === null) return short ? '–' : 'no answers yet';
  if (hours < 1) return short ? '< 1 h' : 'under 1 hour';
  if (hours < 48) return short ? `${Math.round(hours)} h` : `${Math.round(hours)} hours`;
  return short ? `${Math.round(hours / 24)} d` : `${Math.round(hours / 24)} days`;
}

/** "No response from X yet (shared today)" / "No response from X after 4 days". */
export function waitingWords(company: string, days: number): string {
  return days <= 0 ? `No response from ${company} yet (shared today)` : `No response from ${company} after ${days} day${days === 1 ? '' : 's'}`;
}
