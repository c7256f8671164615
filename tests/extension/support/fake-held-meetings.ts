import * as v from 'valibot';
import {
  ActionItemAnswerCreateSchema, ActionItemCreateSchema, ActionItemPatchSchema, AgendaAddSchema, DecisionSaveSchema, issuesToFields, MeetingStartSchema, MinutesCorrectionSchema,
  type ActionItem, type ActionOwner, type ActionOwnerInput, type AgendaItem, type Meeting, type Member, type Recipient,
} from '../../../shared/schemas';

/**
 * The meeting-mode routes of the stand-ins (fake-worker.ts for the admin screens and the meeting
 * page, fake-annotations.ts for the provider's side panel), answering as
 * worker/routes/held-meetings.ts and worker/meeting/held.ts do: the same request schemas and
 * `fields`, action items idempotent by the id the page makes, a due date before today (in the
 * workspace's time zone) refused beside the field (422), a stale version 409, edits to sent
 * minutes refused (a correction instead), a new meeting's agenda carrying earlier meetings' open
 * action items, and the minutes "sent" to the attendees (an address in `bounces` fails). The
 * shared scenario in tests/contract/scenarios.ts holds both to the same steps.
 */

type Answer = [number, unknown];
const refuse = (status: number, code: string, message: string, fields?: Record<string, string>): Answer => [status, { error: { code, message, ...(fields ? { fields } : {}) } }];
/** As worker/meeting/held.ts's refuse(): a 422 naming each wrong field. */
const unprocessable = (fields: Record<string, string>): Answer =>
  refuse(422, 'unprocessable', `Not saved: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "3 Dec" or "3 Dec 2026", as shared/schedule.ts's shortDate. */
const shortDate = (date: string, withYear = false) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`;
};

/** What the meeting routes read from the rest of the stand-in. */
export interface HeldMeetingsWorld {
  timeZone(): string;
  members(): Member[];
  /** The provider companies of the workspace. */
  companies(): string[];
  /** The meeting's attendees' addresses (its settings), who get the minutes. */
  attendees(): string[];
  bounces: Record<string, string>;
  /** The latest sent report, whose agenda a new meeting walks. */
  latestReport(): { id: string; label: string } | null;
  /** The report's recipients (executives who are members, and addresses the admin added). */
  recipients?(): Recipient[];
}

/** Today in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A day `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function fakeHeldMeetings(world: HeldMeetingsWorld, me: Member) {
  const meetings: Meeting[] = [];
  /** The agenda the next meeting starts on (the latest report's); tests set it. */
  const state = { agenda: [] as AgendaItem[] };
  /** `meeting:id` of the items raised in a meeting, by the page's id for them. */
  const agendaKeys = new Set<string>();
  const now = () => new Date().toISOString();
  const today = () => todayIn(world.timeZone());
  const withLate = (a: ActionItem): ActionItem => ({ ...a, late: a.state === 'open' && a.dueOn < today() });
  const read = (m: Meeting): Meeting => ({ ...m, actionItems: m.actionItems.map(withLate) });
  const parse = <S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> | Answer => {
    const r = v.safeParse(schema, body);
    if (r.success) return r.output;
    const fields = issuesToFields(r.issues);
    return refuse(400, 'validation_failed', `The request body has errors: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields);
  };
  const failed = (x: unknown): x is Answer => Array.isArray(x);
  const staffOnly = () => (me.role === 'admin' || me.role === 'staff' ? null : refuse(403, 'forbidden', 'Your role may not do this.'));
  const minutesSent = (m: Meeting): Answer => refuse(409, 'conflict',
    `The minutes of this meeting were sent${m.closedAt ? ` on ${shortDate(m.closedAt.slice(0, 10), true)}` : ''}, so they can no longer be edited directly. Send a correction instead: it is emailed to the attendees, saying what changed.`,
    { meeting: 'is closed: send a correction' });
  const pastDue = () => `must be today or later (today is ${today()} in ${world.timeZone()}): an action item cannot be due in the past`;
  const NOT_ON_AGENDA = 'is not on this meeting\'s agenda: choose one of its items, or add the item to the agenda first';

  /** The owner as stored and read back, or the field that is wrong (worker/meeting/held.ts's resolveOwner). */
  const ownerOf = (o: ActionOwnerInput, field: string): ActionOwner | Answer => {
    if (o.kind === 'member') {
      const m = world.members().find((x) => x.id === o.memberId);
      if (!m) return unprocessable({ [`${field}.memberId`]: 'is not a member of this workspace: choose someone from its members, or name a person by email' });
      return { kind: 'member', memberId: m.id, company: null, email: null, name: m.name };
    }
    if (o.kind === 'provider') {
      const companies = world.companies();
      const company = companies.find((c) => c.toLowerCase() === o.company.toLowerCase());
      if (!company) {
        return unprocessable({
          [`${field}.company`]: companies.length
            ? `is not a provider company of this workspace; choose one of: ${companies.map((c) => `"${c}"`).join(', ')}`
            : 'is not a provider company of this workspace (an admin invites providers under People)',
        });
      }
      return { kind: 'provider', memberId: null, company, email: null, name: `${company} (provider)` };
    }
    return { kind: 'person', memberId: null, company: null, email: o.email, name: o.name || o.email };
  };

  const find = (id: string) => meetings.find((m) => m.id === id);
  const itemOf = (id: string) => {
    for (const m of meetings) {
      const a = m.actionItems.find((x) => x.id === id);
      if (a) return { m, a };
    }
    return null;
  };
  const replaceItem = (m: Meeting, a: ActionItem) => {
    m.actionItems = m.actionItems.map((x) => (x.id === a.id ? a : x));
  };
  /** The minutes "sent" to each attendee: an address in `bounces` is refused by the mail server. */
  const send = (m: Meeting, kind: 'minutes' | 'correction', note: string | null) => {
    const outcomes = world.attendees().map((email) => (world.bounces[email]
      ? { email, status: 'failed' as const, error: `The mail server refused it: ${world.bounces[email]}` }
      : { email, status: 'sent' as const, error: null }));
    m.minutes.push({
      version: m.minutes.length + 1, kind, note, sentAt: now(), by: me.name,
      sent: outcomes.filter((o) => o.status === 'sent').length, failed: outcomes.filter((o) => o.status !== 'sent').length,
    });
    return outcomes;
  };

  function route(method: string, p: string, body: unknown): Answer | null {
    let match: RegExpExecArray | null;
    if (p === '/meetings/owners' && method === 'GET') {
      const denied = staffOnly();
      if (denied) return denied;
      const members = world.members();
      const memberEmails = new Set(members.map((m) => m.email?.toLowerCase()).filter(Boolean));
      return [200, {
        members: members.filter((m) => m.role !== 'provider').map((m) => ({ id: m.id, name: m.name, role: m.role })),
        companies: world.companies(),
        people: (world.recipients?.() ?? []).filter((r) => r.source === 'extra' && !memberEmails.has(r.email.toLowerCase())).map((r) => ({ email: r.email, name: r.name })),
      }];
    }
    if (p === '/provider/action-items' && method === 'GET') {
      if (me.role !== 'provider') return refuse(403, 'forbidden', 'Provider members only.');
      const company = me.providerCompany?.toLowerCase();
      const mine = meetings.flatMap((m) => m.actionItems)
        .filter((a) => a.owner.kind === 'provider' && a.owner.company?.toLowerCase() === company && a.state !== 'dropped').map(withLate);
      mine.sort((x, y) => Number(y.state === 'open') - Number(x.state === 'open')
        || (x.state === 'open' ? x.dueOn.localeCompare(y.dueOn) : y.updatedAt.localeCompare(x.updatedAt)));
      return [200, { items: mine }];
    }
    if ((match = /^\/action-items\/([^/]+)\/answers$/.exec(p)) && method === 'POST') {
      if (me.role !== 'provider') return refuse(403, 'forbidden', 'Your role may not do this.');
      const found = itemOf(decodeURIComponent(match[1]!));
      // Another company's item, or a member's, is "not there" for this provider.
      if (found?.a.owner.kind !== 'provider' || found.a.owner.company?.toLowerCase() !== me.providerCompany?.toLowerCase()) return refuse(404, 'not_found', 'This action item was not found.');
      const b = parse(ActionItemAnswerCreateSchema, body);
      if (failed(b)) return b;
      if (found.a.state === 'dropped') return refuse(409, 'conflict', 'The client dropped this action item: there is nothing more to answer.', { state: 'is dropped' });
      const at = now();
      const next: ActionItem = {
        ...found.a, providerAnswer: { status: b.status, eta: b.eta ?? null, note: b.note || null, by: me.name, at },
        ...(b.status === 'done' && found.a.state === 'open' ? { state: 'done' as const, doneAt: at } : {}), updatedAt: at, version: found.a.version + 1,
      };
      replaceItem(found.m, next);
      return [200, withLate(next)];
    }
    if ((match = /^\/action-items\/([^/]+)$/.exec(p)) && method === 'PATCH') {
      const denied = staffOnly();
      if (denied) return denied;
      const found = itemOf(decodeURIComponent(match[1]!));
      if (!found) return refuse(404, 'not_found', 'This action item was not found.');
      const b = parse(ActionItemPatchSchema, body);
      if (failed(b)) return b;
      const { m, a } = found;
      if (b.version !== a.version) return refuse(409, 'conflict', `Someone changed this action item meanwhile (you read version ${b.version}, it is now ${a.version}). Read it again, then make your change.`, { version: 'is out of date' });
      if (b.dueOn !== undefined && b.dueOn !== a.dueOn && b.dueOn < today()) return unprocessable({ dueOn: pastDue() });
      const owner = b.owner ? ownerOf(b.owner, 'owner') : a.owner;
      if (failed(owner)) return owner;
      const what = b.what ?? a.what;
      const dueOn = b.dueOn ?? a.dueOn;
      const edited = what !== a.what || dueOn !== a.dueOn || JSON.stringify(owner) !== JSON.stringify(a.owner);
      if (edited && m.state !== 'open') {
        return refuse(409, 'conflict',
          'The minutes of this action item\'s meeting were sent, so what, owner and due date can no longer be changed here. Send a correction instead (it is emailed to the attendees); marking it done, dropped or open again is always allowed.',
          { meeting: 'is closed: send a correction' });
      }
      const to = b.state ?? a.state;
      if (!edited && to === a.state) return [200, withLate(a)];
      const at = now();
      const next: ActionItem = {
        ...a, what, owner, dueOn, state: to, doneAt: to === 'done' ? (a.state === 'done' ? a.doneAt : at) : null, updatedAt: at, version: a.version + 1,
      };
      replaceItem(m, next);
      return [200, withLate(next)];
    }
    if (!p.startsWith('/meetings')) return null;
    const denied = staffOnly();
    if (denied) return denied;
    if (p === '/meetings' && method === 'GET') {
      const items = [...meetings].sort((x, y) => y.heldOn.localeCompare(x.heldOn) || y.startedAt.localeCompare(x.startedAt)).map((m) => ({
        id: m.id, heldOn: m.heldOn, state: m.state, reportLabel: m.reportLabel, decisions: m.decisions.length,
        actionItems: m.actionItems.length, openActionItems: m.actionItems.filter((a) => a.state === 'open').length, closedAt: m.closedAt,
      }));
      return [200, { items }];
    }
    if (p === '/meetings' && method === 'POST') {
      const b = parse(MeetingStartSchema, body ?? {});
      if (failed(b)) return b;
      const running = meetings.find((m) => m.state === 'open');
      if (running) return [200, read(running)];
      const report = world.latestReport();
      if (b.reportId && b.reportId !== report?.id) return unprocessable({ reportId: 'is not a report of this workspace: choose one from the list of sent reports' });
      // Earlier meetings' open action items join the report's agenda, due first.
      const open = meetings.flatMap((x) => x.actionItems).filter((a) => a.state === 'open').map(withLate)
        .sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.createdAt.localeCompare(y.createdAt));
      const carried = open.map((a) => ({
        kind: 'action_item' as const, ref: a.id, title: a.what,
        why: `From the meeting on ${shortDate(a.meetingOn)}: ${a.owner.name}, due ${shortDate(a.dueOn, true)}${a.late ? ' — late' : ''}`,
      }));
      const m: Meeting = {
        id: crypto.randomUUID(), reportId: report?.id ?? null, reportLabel: report?.label ?? null, heldOn: today(), state: 'open',
        startedBy: me.name, startedAt: now(), closedAt: null, agenda: [...state.agenda.filter((a) => a.kind !== 'action_item').map((a) => ({ ...a })), ...carried],
        decisions: [], actionItems: [], minutes: [], version: 1,
      };
      meetings.push(m);
      return [201, read(m)];
    }
    match = /^\/meetings\/([^/]+)(?:\/([a-z-]+))?$/.exec(p);
    if (!match) return null;
    const m = find(decodeURIComponent(match[1]!));
    if (!m) return refuse(404, 'not_found', 'This meeting was not found.');
    const sub = match[2];
    const changed = () => {
      m.version += 1;
      return [200, read(m)] as Answer;
    };
    if (!sub && method === 'GET') return [200, read(m)];
    if (sub === 'decisions' && method === 'POST') {
      const b = parse(DecisionSaveSchema, body);
      if (failed(b)) return b;
      if (m.state !== 'open') return minutesSent(m);
      const item = m.agenda.find((a) => a.ref === b.ref);
      if (!item) return unprocessable({ ref: NOT_ON_AGENDA });
      m.decisions = m.decisions.filter((d) => d.ref !== b.ref);
      if (b.text) m.decisions.push({ ref: b.ref, title: item.title, text: b.text, by: me.name, updatedAt: now() });
      return changed();
    }
    if (sub === 'agenda' && method === 'POST') {
      const b = parse(AgendaAddSchema, body);
      if (failed(b)) return b;
      if (m.state !== 'open') return minutesSent(m);
      // The same item sent again (its answer lost on the way) is on the agenda once.
      if (b.id && agendaKeys.has(`${m.id}:${b.id}`)) return [200, read(m)];
      if (b.id) agendaKeys.add(`${m.id}:${b.id}`);
      m.agenda.push({ kind: 'other', ref: `other-${m.agenda.filter((a) => a.kind === 'other').length + 1}`, title: b.title, why: `Raised in the meeting by ${me.name}` });
      return changed();
    }
    if (sub === 'action-items' && method === 'POST') {
      const b = parse(ActionItemCreateSchema, body);
      if (failed(b)) return b;
      const id = b.id ?? crypto.randomUUID();
      const had = itemOf(id);
      // The page saves as it goes and may send the same item twice: the retry is the item.
      if (had?.m.id === m.id) return [200, withLate(had.a)];
      if (m.state !== 'open') return minutesSent(m);
      if (b.ref && !m.agenda.some((a) => a.ref === b.ref)) return unprocessable({ ref: NOT_ON_AGENDA });
      if (b.dueOn < today()) return unprocessable({ dueOn: pastDue() });
      if (had) return refuse(409, 'conflict', 'This action item id is already used. Make a new id (crypto.randomUUID()) for a new action item.', { id: 'is already used' });
      const owner = ownerOf(b.owner, 'owner');
      if (failed(owner)) return owner;
      const at = now();
      const a: ActionItem = {
        id, meetingId: m.id, meetingOn: m.heldOn, ref: b.ref ?? null, what: b.what, owner, dueOn: b.dueOn, state: 'open', doneAt: null, late: false,
        providerAnswer: null, createdAt: at, updatedAt: at, version: 1,
      };
      m.actionItems.push(a);
      m.version += 1;
      return [201, withLate(a)];
    }
    if (sub === 'close' && method === 'POST') {
      if (m.state !== 'open') {
        return refuse(409, 'conflict', `This meeting was already closed${m.closedAt ? ` on ${shortDate(m.closedAt.slice(0, 10), true)}` : ''} and its minutes sent. To change them, send a correction.`, { meeting: 'is already closed' });
      }
      m.state = 'closed';
      m.closedAt = now();
      const outcomes = send(m, 'minutes', null);
      m.version += 1;
      return [200, { meeting: read(m), outcomes }];
    }
    if (sub === 'corrections' && method === 'POST') {
      const b = parse(MinutesCorrectionSchema, body);
      if (failed(b)) return b;
      if (m.state !== 'closed') {
        return refuse(409, 'conflict', 'This meeting is still open: change it directly, then close it to send the minutes. A correction is for minutes already sent.', { meeting: 'is still open' });
      }
      const fields: Record<string, string> = {};
      const writes: Array<() => void> = [];
      b.decisions?.forEach((d, i) => {
        const item = m.agenda.find((a) => a.ref === d.ref);
        if (!item) {
          fields[`decisions.${i}.ref`] = 'is not on this meeting\'s agenda';
          return;
        }
        if ((m.decisions.find((x) => x.ref === d.ref)?.text ?? '') === d.text) return;
        writes.push(() => {
          m.decisions = [...m.decisions.filter((x) => x.ref !== d.ref), ...(d.text ? [{ ref: d.ref, title: item.title, text: d.text, by: me.name, updatedAt: now() }] : [])];
        });
      });
      b.actionItems?.forEach((c, i) => {
        const a = m.actionItems.find((x) => x.id === c.id);
        if (!a) {
          fields[`actionItems.${i}.id`] = 'is not an action item of this meeting';
          return;
        }
        let dueOn = a.dueOn;
        if (c.dueOn !== undefined && c.dueOn !== a.dueOn) {
          // In a correction the earliest due date is the meeting's own.
          if (c.dueOn < m.heldOn) fields[`actionItems.${i}.dueOn`] = `must be on or after the meeting's date (${m.heldOn})`;
          else dueOn = c.dueOn;
        }
        let owner = a.owner;
        if (c.owner) {
          const o = ownerOf(c.owner, `actionItems.${i}.owner`);
          if (failed(o)) Object.assign(fields, (o[1] as { error: { fields: Record<string, string> } }).error.fields);
          else owner = o;
        }
        const what = c.what ?? a.what;
        if (what === a.what && dueOn === a.dueOn && JSON.stringify(owner) === JSON.stringify(a.owner)) return;
        writes.push(() => replaceItem(m, { ...a, what, owner, dueOn, updatedAt: now(), version: a.version + 1 }));
      });
      if (Object.keys(fields).length) return unprocessable(fields);
      writes.forEach((w) => w());
      const outcomes = send(m, 'correction', b.note);
      m.version += 1;
      return [200, { meeting: read(m), outcomes }];
    }
    return null;
  }

  return { route, meetings, state, today };
}

export type FakeHeldMeetings = ReturnType<typeof fakeHeldMeetings>;
