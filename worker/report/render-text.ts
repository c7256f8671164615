import type { ContinuityItem, ReportItem, ReportModel } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import { actionItemsText, providerActionItemLines } from './action-items';
import { agendaText } from './agenda';
import { initiativesText, providerInitiativeLines } from './initiatives';
import { UNSUBSCRIBE_URL, WEB_VIEW_URL } from './render-email';
import {
  ageWords, ANSWER_WORDS, checkWords, CHECKS_INTRO, hasToolFacts, hoursWords, PROVIDER_WORDS, providerTicketWords, staleWords, ticketFactText, TOOL_LEGEND,
  TOOL_MARK,
} from './words';

const LIMIT = 25;

function line(m: ReportModel, i: ReportItem, note?: string): string {
  const meta = [
    i.stakeholders.join(', ') || null,
    i.impact,
    i.horizon === 'next' && i.eventDate ? `on ${shortDate(i.eventDate, true)}` : ageWords(i.ageDays),
    i.provider ? `provider: ${PROVIDER_WORDS[i.provider.status]}${i.provider.eta ? `, expected ${shortDate(i.provider.eta)}` : ''}` : null,
  ].filter(Boolean).join(' · ');
  const tool = i.ticket ? `\n    ${ticketFactText(i.ticket, m, { changes: (i as Partial<ContinuityItem>).ticketChanges })}` : '';
  const fb = i.lastFeedback ? `\n    Last time ${i.lastFeedback.by} said: ${ANSWER_WORDS[i.lastFeedback.answer]}${i.lastFeedback.comment ? ` "${i.lastFeedback.comment}"` : ''}` : '';
  return `  - [${i.priority}] ${note ? `${note}: ` : ''}${i.summary}\n    ${meta}${tool}${safeHref(i.ticketUrl) ? `\n    ${i.ticketLabel ?? 'Evidence'}: ${safeHref(i.ticketUrl)}` : ''}${fb}`;
}

const more = (n: number) => (n > 0 ? [`  … ${n} more in the web view: ${WEB_VIEW_URL}`] : []);

/** The plain-text alternative: the same content, readable in any mail client. */
export function renderText(m: ReportModel): string {
  const out: string[] = [];
  const facts = hasToolFacts(m);
  out.push(`${m.workspace.name} · IT dialogue · ${m.period.label}`, '', 'THE BOTTOM LINE', ...m.bottomLine.map((l) => `  ${l}`), '');
  if (facts) out.push(`  ${TOOL_LEGEND}`, '');
  if (m.staleSources?.length) out.push(...m.staleSources.map((s) => `  ${staleWords(s)}.`), '');
  if (facts && m.checks) {
    out.push('CHECK THESE', `  ${CHECKS_INTRO}`);
    if (!m.checks.total) out.push('  No tag disagrees with what its ticket shows.');
    for (const c of m.checks.items) out.push(`  - ${checkWords(c, m)}: ${c.summary}`, `    ${ticketFactText(c.ticket, m, { title: true })}`);
    out.push(...more(m.checks.total - m.checks.items.length), '');
  }
  const ini = initiativesText(m, LIMIT, WEB_VIEW_URL);
  out.push(...ini.decisions);
  out.push('CURRENT CHALLENGES');
  let shown = 0;
  for (const g of m.challenges) {
    if (shown >= LIMIT) break;
    out.push(`  ${g.lineOfBusiness}`);
    for (const i of g.items.slice(0, LIMIT - shown)) {
      out.push(line(m, i));
      shown++;
    }
  }
  if (!m.challenges.length) out.push('  No open challenges.');
  out.push(...more(m.counts.challenges - shown), '');
  out.push('STATUS OF PREVIOUS ISSUES');
  if (m.continuity === null) out.push('  This is the first report.');
  else if (!m.continuity.length) out.push('  Nothing was open in the last report.');
  else out.push(...m.continuity.slice(0, LIMIT).map((c) => line(m, c, c.changeText)), ...more(m.continuity.length - LIMIT));
  out.push(...actionItemsText(m, LIMIT));
  out.push('', 'PLANNING FOR FUTURE EVENTS');
  if (!m.planning.length) out.push('  No planned events.');
  else out.push(...m.planning.slice(0, LIMIT).map((p) => line(m, p, p.soon ? 'Coming up' : undefined)), ...more(m.counts.planned - Math.min(LIMIT, m.planning.length)));
  if (ini.later.length) out.push('', ...ini.later.slice(0, -1));
  out.push('', 'PROVIDER ACCOUNTABILITY');
  if (!m.providers.length) out.push('  Nothing is shared with a provider.');
  for (const p of m.providers) {
    const tta = p.medianHoursToAcknowledge === null ? 'no answers yet' : `answers in ${hoursWords(p.medianHoursToAcknowledge)} (median)`;
    out.push(`  ${p.company}: ${p.shared} shared, ${p.acknowledged} answered, ${tta}, ${p.open} open, ${p.noResponse.length} with no response, ${p.overdue.length} late.`);
    if (p.tickets?.known) out.push(`    ${TOOL_MARK}: ${providerTicketWords(p.tickets)}.`);
  }
  out.push(...[...providerInitiativeLines(m), ...providerActionItemLines(m)].map((l) => `  ${l}.`));
  out.push('', 'KPIS');
  if (!m.kpis.length) out.push('  No KPIs set up.');
  for (const k of m.kpis) {
    const latest = k.latest ? `${k.latest.value} ${k.unit}` : 'no reading';
    const target = k.target === null ? '' : `, target ${k.direction === 'higher_is_better' ? '≥' : '≤'} ${k.target} ${k.unit}`;
    out.push(`  ${k.name}: ${latest}${target}${k.onTarget === null ? '' : k.onTarget ? ' (on target)' : ' (off target)'}; ${k.openItems} open item${k.openItems === 1 ? '' : 's'}.`);
  }
  out.push(...agendaText(m, LIMIT));
  out.push('', `Full report, and answer item by item: ${WEB_VIEW_URL}`, `Unsubscribe: ${UNSUBSCRIBE_URL}`, '');
  return out.join('\n');
}
