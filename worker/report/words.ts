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
