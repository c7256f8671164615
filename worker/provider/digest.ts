import { etaPassed, initiativeDueOn, type Member, type Workspace } from '../../shared/schemas';
import { isoDate, localParts } from '../../shared/schedule';
import { toAnnotation, type AnnotationRow, type Labeler } from '../db/annotations';
import {
  claimDigest, digestRecipients, digestRows, ensureDigest, failDigest, finishDigest, previousDigest, type DigestRow,
} from '../db/digests';
import { providerOpenInitiatives } from '../db/initiatives';
import { insertProviderLink, liveProviderLink } from '../db/provider';
import { loadTaxonomy } from '../db/taxonomy';
import { forEachWorkspace } from '../db/workspaces';
import { fromAddress, transportFor, type Transport } from '../email/transport';
import type { Env } from '../env';
import { labeler } from '../lib/term-refs';
import { actionItemNews } from './action-items';
import {
  digestSubject, renderDigestHtml, renderDigestText, type DigestEmail, type DigestInitiative, type DigestItem, type InitiativeNews,
} from './digest-email';
import { digestUnsubscribeUrl, providerViewUrl } from './links';

/*
 * The daily provider digest.
 *
 * When: once per local day of the client's workspace, from the workspace's report hour on
 * (the hour the client chose for IT mail; 08:00 unless changed), so the provider hears
 * about the client's items at the start of the client's working day, with no new setting.
 * The hourly cron retries until the local day ends; a day that passes unsent is covered by
 * the next digest, which lists everything since the last one that went out.
 *
 * What: items newly shared with the member's company since their last digest, and items
 * whose ETA passed since then; likewise the dialogue meeting's action items the company owns
 * (new ones, and those whose due date passed), and the initiatives the company delivers (newly
 * approved, and those whose target date passed without the provider answering "done"; never
 * the client's budget). Nothing new → no email (the day is recorded as "empty").
 *
 * Exactly once: one provider_digests row per member and local day, claimed before sending
 * (like report deliveries): overlapping cron runs find it claimed or done and send nothing.
 */

interface DigestContent {
  newlyShared: DigestItem[];
  newlyOverdue: DigestItem[];
  totals: { open: number; unanswered: number; overdue: number };
}

/**
 * What a digest says (pure). `rows` are the company's open items; `since` is what the last
 * digest covered (null: this member never had one, so everything open is new to them);
 * `cutoff` is this digest's instant; dates are local to the client.
 */
function digestContent(
  rows: AnnotationRow[], label: Labeler, previous: { cutoff: string; day: string } | null, cutoff: string, today: string,
): DigestContent {
  const items = rows.map((r) => ({ annotation: toAnnotation(r, label), sharedAt: r.shared_at ?? r.created_at }));
  // An item shared after `cutoff` (during this run) is left for the next digest.
  const newlyShared = items.filter((i) => (!previous || i.sharedAt > previous.cutoff) && i.sharedAt <= cutoff);
  const isNew = new Set(newlyShared.map((i) => i.annotation.id));
  // An ETA passes the day after it; it is news if that happened since the last digest's day.
  const newlyOverdue = items.filter((i) => !isNew.has(i.annotation.id) && etaPassed(i.annotation.providerStatus, today)
    && (!previous || i.annotation.providerStatus!.eta! >= previous.day));
  return {
    newlyShared,
    newlyOverdue,
    totals: {
      open: items.length,
      unanswered: items.filter((i) => !i.annotation.providerStatus).length,
      overdue: items.filter((i) => etaPassed(i.annotation.providerStatus, today)).length,
    },
  };
}

/**
 * The initiatives the member's company still has to deliver, as news since the last digest
 * (`since`: null when this member never had one); null when there is none. An initiative's
 * target date is the one the provider gave, else its quarter's last day; it counts as passed
 * the day after, unless the provider answered "done". `day` is the digest's local date, `cutoff`
 * its instant.
 */
async function initiativeNews(
  db: D1Database, ws: Workspace, member: Member, since: { cutoff: string; day: string } | null, cutoff: string, day: string,
): Promise<InitiativeNews | null> {
  if (!member.providerCompany) return null;
  const open: DigestInitiative[] = (await providerOpenInitiatives(db, ws.id, member)).map(({ initiative, approvedAt }) => {
    const dueOn = initiativeDueOn(initiative);
    return { initiative, approvedAt, dueOn, late: !!dueOn && dueOn < day && initiative.providerAnswer?.status !== 'done' };
  });
  if (!open.length) return null;
  // Approved after `cutoff` (during this run): left for the next digest.
  const newlyApproved = open.filter((i) => (!since || i.approvedAt > since.cutoff) && i.approvedAt <= cutoff);
  const isNew = new Set(newlyApproved.map((i) => i.initiative.id));
  const newlyOverdue = open.filter((i) => !isNew.has(i.initiative.id) && i.late && (!since || i.dueOn! >= since.day));
  return { newlyApproved, newlyOverdue, open: open.length, overdue: open.filter((i) => i.late).length };
}

/** The member's live web-view link, made now if they have none (the digest links to it). */
async function viewLinkFor(env: Env, workspaceId: string, memberId: string, now: string): Promise<string> {
  let link = await liveProviderLink(env.DB, workspaceId, memberId);
  if (!link) {
    await insertProviderLink(env.DB, { id: crypto.randomUUID(), workspaceId, memberId, createdBy: null, createdAt: now }).run();
    link = await liveProviderLink(env.DB, workspaceId, memberId);
  }
  return providerViewUrl(env, link!.id);
}

type Outcome = 'sent' | 'empty' | 'failed' | 'skipped';

/** One member's digest for one local day; at most once, whatever else runs at the same time. */
async function sendDigest(
  env: Env, workspace: Workspace, member: Member, day: string, now: Date, transport: Transport, label: Labeler,
): Promise<Outcome> {
  const row: DigestRow = await ensureDigest(env.DB, workspace.id, member.id, day, now.toISOString());
  if (row.status !== 'pending' && row.status !== 'sending') return 'skipped';
  const claim = crypto.randomUUID();
  if (!(await claimDigest(env.DB, row.id, claim, now))) return 'skipped';
  try {
    const [prev, rows] = await Promise.all([previousDigest(env.DB, member.id, day), digestRows(env.DB, workspace.id, member)]);
    const cutoff = now.toISOString();
    const since = prev?.cutoff ? { cutoff: prev.cutoff, day: prev.local_date } : null;
    const content = digestContent(rows, label, since, cutoff, day);
    const [actionItems, initiatives] = await Promise.all([
      actionItemNews(env.DB, workspace, member, since, cutoff, day), initiativeNews(env.DB, workspace, member, since, cutoff, day),
    ]);
    const count = content.newlyShared.length + content.newlyOverdue.length + (actionItems ? actionItems.newlyAssigned.length + actionItems.newlyOverdue.length : 0)
      + (initiatives ? initiatives.newlyApproved.length + initiatives.newlyOverdue.length : 0);
    if (count === 0) {
      await finishDigest(env.DB, row.id, claim, { status: 'empty', cutoff, items: 0, at: cutoff }).run();
      return 'empty';
    }
    const email: DigestEmail = {
      workspaceName: workspace.name, company: member.providerCompany ?? '', memberName: member.name, ...content, actionItems, initiatives,
      viewUrl: await viewLinkFor(env, workspace.id, member.id, cutoff),
      unsubscribeUrl: await digestUnsubscribeUrl(env, member.id),
    };
    const { messageId } = await transport.send({
      from: fromAddress(env), to: { name: member.name, email: member.email! }, subject: digestSubject(email),
      text: renderDigestText(email), html: renderDigestHtml(email),
      headers: { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    await finishDigest(env.DB, row.id, claim, { status: 'sent', cutoff, items: count, messageId, at: new Date().toISOString() }).run();
    return 'sent';
  } catch (err) {
    await failDigest(env.DB, row.id, claim, err instanceof Error ? err.message : String(err)).run();
    console.error(JSON.stringify({ event: 'digest.failed', workspaceId: workspace.id, memberId: member.id, error: String(err) }));
    return 'failed';
  }
}

/**
 * The hourly cron's provider part: every provider member whose digest hour has come today
 * (in their client's time zone) gets that day's digest, if there is anything to say.
 */
export async function runProviderDigests(env: Env, now = new Date(), transport?: Transport | null) {
  const totals = { workspaces: 0, sent: 0, empty: 0, failed: 0, skipped: 0 };
  const t = transport === undefined ? await transportFor(env) : transport;
  // Without a way to send or to link, claiming rows would only burn their attempts.
  if (!t || !env.STEWARD_LINK_SECRET || !env.STEWARD_PUBLIC_URL || !env.STEWARD_EMAIL_FROM) {
    console.log(JSON.stringify({ event: 'digest.disabled', reason: !t ? 'no email transport' : !env.STEWARD_EMAIL_FROM ? 'STEWARD_EMAIL_FROM not set' : 'STEWARD_LINK_SECRET or STEWARD_PUBLIC_URL not set' }));
    return totals;
  }
  await forEachWorkspace(env.DB, async (workspace) => {
    const local = localParts(now, workspace.timeZone);
    if (local.hour < workspace.schedule.hour) return;
    const day = isoDate(local.year, local.month, local.day);
    try {
      const members = await digestRecipients(env.DB, workspace.id);
      if (!members.length) return;
      totals.workspaces++;
      const label = labeler(await loadTaxonomy(env.DB, workspace.id), workspace.jargonWords);
      for (const member of members) totals[await sendDigest(env, workspace, member, day, now, t, label)]++;
    } catch (err) {
      console.error(JSON.stringify({ event: 'digest.workspace_failed', workspaceId: workspace.id, error: String(err) }));
    }
  });
  return totals;
}
