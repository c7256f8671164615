import {
  etaPassed, STALLED_AFTER_DAYS, type ContinuityItem, type KpiFacts, type ProviderFacts, type ReportItem, type ReportModel,
  type Taxonomy,
} from '../../shared/schemas';
import { localDate, periodLabel, shortDate, type Period } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import type { PreviousReport, PreviousRow, ReportInputs, ReportRow, SharedRow } from '../db/report-inputs';
import { reportActionItems, withActionItemCounts } from './action-items';
import { buildAgenda } from './agenda';
import { initiativeSections, withInitiativeCounts } from './initiatives';
import { checkItem, factsLine, median, providerTicketFacts, ticketChanges, ticketLabel } from './ticket-facts';

const DAY = 86_400_000;

export interface BuildContext {
  workspace: { id: string; name: string; timeZone: string };
  period: Period;
  /** When the period ends (the report's "as of"). */
  asOf: Date;
  generatedAt: Date;
  taxonomy: Taxonomy;
  previous: PreviousReport | null;
}

const days = (from: string, to: Date) => Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / DAY));
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function namesOf(taxonomy: Taxonomy) {
  const names = new Map<string, string>();
  for (const list of [taxonomy.linesOfBusiness, taxonomy.impactKinds, taxonomy.stakeholders, taxonomy.kpis]) for (const x of list) names.set(x.id, x.name);
  return (id: string) => names.get(id) ?? '(removed)';
}

function toItem(r: ReportRow, name: (id: string) => string, asOf: Date): ReportItem {
  const ticketUrl = safeHref(r.url);
  return {
    id: r.id,
    summary: r.summary,
    ticketUrl,
    ticketLabel: r.tool ? ticketLabel(r.tool, r.ticket_id!) : null,
    lineOfBusiness: name(r.line_of_business),
    stakeholders: r.stakeholders.map(name),
    impact: name(r.impact),
    priority: r.priority,
    kpis: r.kpis.map(name),
    horizon: r.horizon,
    state: r.state,
    eventDate: r.event_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ageDays: days(r.created_at, asOf),
    provider: r.provider?.status ? r.provider : null,
    lastFeedback: r.feedback,
    // The item's address is most often its ticket's: checked once.
    ticket: r.ticket ? factsLine(r.ticket, asOf, r.ticket.url === r.url ? ticketUrl : undefined) : null,
  };
}

const STATUS_WORDS = { acknowledged: 'acknowledged', in_progress: 'in progress', waiting_on_client: 'waiting on us', done: 'done' } as const;

/** What became of an item of the previous report, in plain words. */
function continuityOf(base: ReportItem, row: PreviousRow, since: string, asOf: Date, deleted: boolean): ContinuityItem {
  const changes = ticketChanges(row);
  const item = changes.length ? { ...base, ticketChanges: changes } : base;
  const changedOn = row.state_changed_at ? shortDate(row.state_changed_at.slice(0, 10)) : null;
  if (deleted) return { ...item, change: 'removed', changeText: 'Removed from the list' };
  if (row.state === 'resolved') return { ...item, change: 'resolved', changeText: changedOn ? `Resolved on ${changedOn}` : 'Resolved' };
  if (row.state === 'dropped') return { ...item, change: 'dropped', changeText: changedOn ? `Dropped on ${changedOn}` : 'Dropped' };
  if (item.provider && item.provider.at >= since) {
    const eta = item.provider.eta ? `, expected ${shortDate(item.provider.eta)}` : '';
    return { ...item, change: 'provider_update', changeText: `Provider: ${STATUS_WORDS[item.provider.status]}${eta}` };
  }
  const quiet = days(row.updated_at, asOf);
  if (quiet >= STALLED_AFTER_DAYS) return { ...item, change: 'stalled', changeText: `No update for ${quiet} days` };
  if (row.updates_since > 0 || row.updated_at >= since) return { ...item, change: 'progressing', changeText: `${plural(row.updates_since || 1, 'update')} since last time` };
  return { ...item, change: 'unchanged', changeText: 'No change since last time' };
}

/** Shared items no provider company was named for (see migration 0004), on a line of their own. */
const NO_PROVIDER_NAMED = 'Not given to a provider yet';

/** Open items the provider never answered, the longest waiting first. */
function noResponse(open: Array<Extract<SharedRow, { open: true }>>, openDays: number[]): ProviderFacts['noResponse'] {
  const out: ProviderFacts['noResponse'] = [];
  open.forEach((r, i) => {
    if (!r.first_ack_at) out.push({ id: r.id, summary: r.summary, days: openDays[i]! });
  });
  return out.sort((a, b) => b.days - a.days);
}

function providerFacts(inputs: ReportInputs, asOf: Date): ProviderFacts[] {
  // Each shared item belongs to the provider company it is shared with. An item with no
  // company named belongs to the only provider, if there is one; otherwise it is counted on
  // a line of its own, so staff see it still needs a provider (and no provider is blamed).
  const companies = [...new Set([...inputs.providerCompanies, ...inputs.shared.flatMap((r) => (r.shared_with ? [r.shared_with] : []))])]
    .sort((a, b) => a.localeCompare(b));
  const unnamed = companies.length === 1 ? companies[0]! : companies.length === 0 ? 'Your provider' : NO_PROVIDER_NAMED;
  const byCompany = new Map<string, SharedRow[]>(companies.map((c) => [c, []]));
  for (const r of inputs.shared) {
    const owner = r.shared_with ?? unnamed;
    const mine = byCompany.get(owner);
    if (mine) mine.push(r);
    else byCompany.set(owner, [r]);
  }
  const today = asOf.toISOString().slice(0, 10);
  return [...byCompany.entries()].map(([company, mine]) => {
    const acked = mine.filter((r) => r.first_ack_at);
    // Open items in the order they were made (then by id): the order their lists keep.
    const open = mine.filter((r): r is Extract<SharedRow, { open: true }> => r.open)
      .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Each open item's days, once (there can be thousands).
    const openDays = open.map((r) => days(r.shared_at, asOf));
    return {
      company,
      shared: mine.length,
      acknowledged: acked.length,
      // Time to acknowledge runs from when the item was shared with this provider.
      medianHoursToAcknowledge: median(acked.map((r) => Math.max(0, Date.parse(r.first_ack_at!) - Date.parse(r.shared_at!)) / 3_600_000)),
      open: open.length,
      medianOpenDays: median(openDays),
      noResponse: company === NO_PROVIDER_NAMED ? [] : noResponse(open, openDays),
      overdue: open.filter((r) => etaPassed(r.provider, today)).map((r) => ({ id: r.id, summary: r.summary, eta: r.provider!.eta! })),
      tickets: providerTicketFacts(mine),
    };
  }).filter((p) => p.shared > 0 || inputs.providerCompanies.includes(p.company));
}

function kpiFacts(inputs: ReportInputs, taxonomy: Taxonomy): KpiFacts[] {
  return taxonomy.kpis.filter((k) => !k.retiredAt).map((k) => {
    const readings = inputs.kpiReadings.filter((r) => r.kpi_id === k.id).sort((a, b) => a.rn - b.rn);
    const latest = readings[0] ? { value: readings[0].value, recordedOn: readings[0].recorded_on } : null;
    const previous = readings[1] ? { value: readings[1].value, recordedOn: readings[1].recorded_on } : null;
    const onTarget = latest && k.target !== null ? (k.direction === 'higher_is_better' ? latest.value >= k.target : latest.value <= k.target) : null;
    return {
      name: k.name, unit: k.unit, target: k.target, direction: k.direction, latest, previous, onTarget,
      openItems: inputs.kpiOpenItems.find((x) => x.kpi_id === k.id)?.n ?? 0,
    };
  });
}

/** Builds the immutable report model from what the database returned. Pure. */
export function buildReportModel(ctx: BuildContext, inputs: ReportInputs): ReportModel {
  const name = namesOf(ctx.taxonomy);
  const item = (r: ReportRow) => toItem(r, name, ctx.asOf);

  // Current challenges, grouped by line of business; groups ordered by their most urgent item.
  const groups = new Map<string, ReportItem[]>();
  for (const r of inputs.challenges) {
    const it = item(r);
    const list = groups.get(it.lineOfBusiness) ?? [];
    list.push(it);
    groups.set(it.lineOfBusiness, list);
  }
  const challenges = [...groups.entries()].map(([lineOfBusiness, items]) => ({ lineOfBusiness, items }));

  // Continuity, computed from what the previous report listed as open.
  let continuity: ContinuityItem[] | null = null;
  let resolvedSince = 0;
  if (ctx.previous) {
    // "Since last time" means since the previous report was made.
    const since = ctx.previous.generatedAt;
    const rows = new Map(inputs.previousItems.map((r) => [r.id, r]));
    continuity = [];
    for (const id of ctx.previous.itemIds) {
      const row = rows.get(id);
      if (!row) continue;
      const c = continuityOf(item(row), row, since, ctx.asOf, !!row.deleted_at || !['team', 'provider'].includes(row.visibility));
      if (c.change === 'resolved') resolvedSince++;
      continuity.push(c);
    }
    const order: Record<ContinuityItem['change'], number> = { stalled: 0, provider_update: 1, progressing: 2, unchanged: 3, resolved: 4, dropped: 5, removed: 6 };
    continuity.sort((a, b) => order[a.change] - order[b.change]);
  }

  const today = ctx.asOf.toISOString().slice(0, 10);
  const soonLimit = new Date(ctx.asOf.getTime() + 30 * DAY).toISOString().slice(0, 10);
  const planning = inputs.planning.map((r) => {
    const it = item(r);
    return { ...it, soon: !!it.eventDate && it.eventDate >= today && it.eventDate <= soonLimit };
  });

  const initiatives = initiativeSections(inputs.initiatives, ctx.asOf);
  const actionItems = reportActionItems(inputs.actionItems, localDate(ctx.asOf, ctx.workspace.timeZone));
  const providers = withActionItemCounts(withInitiativeCounts(providerFacts(inputs, ctx.asOf), initiatives, ctx.asOf), actionItems);
  const kpis = kpiFacts(inputs, ctx.taxonomy);

  const critical = inputs.criticalCount;
  const needsDecision = planning.filter((p) => p.soon && (p.priority === 'critical' || p.priority === 'high')).length
    + challenges.flatMap((g) => g.items).filter((i) => i.lastFeedback?.answer === 'discuss' || i.lastFeedback?.answer === 'question').length
    + initiatives.decisions.length;
  const stalled = continuity?.filter((c) => c.change === 'stalled').length ?? 0;
  const unanswered = providers.reduce((n, p) => n + p.noResponse.length, 0);

  const top = challenges.flatMap((g) => g.items)[0];
  const bottomLine: [string, string, string] = [
    `${plural(inputs.challengeCount, 'current challenge')}${critical ? ` (${critical} critical)` : ''}${
      continuity === null ? '.' : `; ${plural(resolvedSince, 'item')} resolved since the last report${stalled ? `, ${stalled} stalled` : ''}.`}`,
    top && (top.priority === 'critical' || top.priority === 'high')
      ? `Needs attention: ${top.summary}`
      : needsDecision ? `${plural(needsDecision, 'item needs', 'items need')} a decision or an answer from you.` : 'Nothing needs a decision from you this time.',
    providers.length
      ? `Provider: ${plural(providers.reduce((n, p) => n + p.shared, 0), 'item')} shared, ${unanswered ? `${unanswered} with no response yet` : 'all answered'}.`
      : `${plural(inputs.plannedCount, 'planned event')} ahead.`,
  ];

  return {
    version: 1,
    workspace: ctx.workspace,
    cadence: ctx.period.cadence,
    period: { start: ctx.period.start, end: ctx.period.end, label: periodLabel(ctx.period) },
    generatedAt: ctx.generatedAt.toISOString(),
    previous: ctx.previous ? { reportId: ctx.previous.reportId, label: ctx.previous.label } : null,
    bottomLine,
    challenges,
    continuity,
    planning,
    providers,
    kpis,
    checks: { items: inputs.checks.map((c) => checkItem(c, ctx.asOf)), total: inputs.checkCount },
    initiatives,
    actionItems,
    agenda: buildAgenda({ challenges, continuity, planning, providers, initiatives, actionItems }),
    counts: { challenges: inputs.challengeCount, critical, resolvedSince, planned: inputs.plannedCount, needsDecision },
  };
}
