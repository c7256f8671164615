// The demo workspace `npm start` creates once and keeps: made through the public API, so
// it exercises the same paths a real operator and admin use.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const DEMO_TICKETS = 'https://acme-dental.zendesk.com/agent/tickets';

/**
 * A Worker answer: its status and its JSON body, left untyped here (the contract is
 * shared/schemas; `must` callers read only the fields they need).
 * @typedef {{ status: number, data: any }} ApiResult
 */

const DEMO_TAXONOMY = {
  linesOfBusiness: ['Front office', 'Billing', 'Clinical'],
  stakeholders: [
    { name: 'Dana Ortiz', title: 'Front office manager', lineOfBusiness: 'Front office' },
    { name: 'Marcus Chen', title: 'Billing lead', lineOfBusiness: 'Billing' },
    { name: 'Dr. Amara Reyes', title: 'Clinical director', lineOfBusiness: 'Clinical' },
  ],
  kpis: [
    { name: 'Patient check-in time', unit: 'minutes', target: 5, direction: 'lower_is_better' },
    { name: 'Claims sent on time', unit: '%', target: 98, direction: 'higher_is_better' },
  ],
};

/** Fixed ids: re-seeding sends the same annotations again, and the API keeps one of each. */
const DEMO_ANNOTATIONS = [
  {
    id: '5d3f2f0e-8a51-4c1e-9b0a-000000000001', ticket: '1042', title: 'Check-in kiosk freezes', horizon: 'now',
    lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers', priority: 'high', kpis: ['Patient check-in time'],
    summary: 'Patients wait at the front desk because the check-in kiosk freezes every morning.', visibility: 'provider',
  },
  {
    id: '5d3f2f0e-8a51-4c1e-9b0a-000000000002', ticket: '1051', title: 'Billing export fails', horizon: 'now',
    lineOfBusiness: 'Billing', stakeholders: ['Marcus Chen'], impact: 'Revenue', priority: 'critical', kpis: ['Claims sent on time'],
    summary: 'Insurance claims go out two days late because the nightly billing export fails.', visibility: 'team',
  },
  {
    id: '5d3f2f0e-8a51-4c1e-9b0a-000000000003', ticket: '1060', title: 'Plan move of imaging server', horizon: 'next',
    lineOfBusiness: 'Clinical', stakeholders: ['Dr. Amara Reyes'], impact: 'Productivity', priority: 'medium', kpis: [],
    summary: 'The X-ray imaging server moves to the new clinic on 15 January; half a day without imaging.',
    eventDate: '2027-01-15', visibility: 'provider',
  },
];

/**
 * What Zendesk's pages showed when the demo staff opened the tickets, in days before the demo
 * was created: the billing ticket was solved five days ago while its tag is still open (the
 * report's "Check these" list), and nobody has opened the imaging ticket for six weeks.
 * @type {Array<{ ticket: string, daysAgo: number, status: string, assignee?: string, title: string }>}
 */
const DEMO_READINGS = [
  { ticket: '1042', daysAgo: 12, status: 'Open', assignee: 'Pat Kim', title: 'Check-in kiosk freezes' },
  { ticket: '1042', daysAgo: 3, status: 'Pending', assignee: 'Pat Kim', title: 'Check-in kiosk freezes' },
  { ticket: '1051', daysAgo: 11, status: 'Open', assignee: 'Jo Banks', title: 'Billing export fails' },
  { ticket: '1051', daysAgo: 5, status: 'Solved', assignee: 'Jo Banks', title: 'Billing export fails' },
  { ticket: '1060', daysAgo: 42, status: 'Open', title: 'Plan move of imaging server' },
];

/**
 * Ticket facts as the extension sends them after a page view (same endpoint, same checks).
 * Dated from when the demo was made, so every start sends the same observations (no-ops).
 * @param {string} base
 * @param {string} token
 * @param {string} seededAt
 */
async function seedReadings(base, token, seededAt) {
  const day = 24 * 3600_000;
  const observations = DEMO_READINGS.map((r) => {
    const at = new Date(Date.parse(seededAt) - r.daysAgo * day).toISOString();
    return {
      tool: 'zendesk', tenant: 'acme-dental', ticketId: r.ticket, url: `${DEMO_TICKETS}/${r.ticket}`, title: r.title, status: r.status,
      ...(r.assignee ? { assignee: r.assignee } : {}),
      createdAt: new Date(Date.parse(seededAt) - 14 * day).toISOString(),
      observedAt: at,
      found: ['title', 'status', 'created', ...(r.assignee ? ['assignee'] : [])],
    };
  });
  must(await api(base, '/api/v1/tickets/observations', { token, body: { observations } }), 'Seeding what the demo tickets\' pages showed');
}

/**
 * Adds whatever of the demo lists is missing (by name), so every start can call it.
 * @param {string} base
 * @param {string} token
 */
async function seedTaxonomy(base, token) {
  let ids = await taxonomyIds(base, token);
  for (const name of DEMO_TAXONOMY.linesOfBusiness) {
    if (!ids.lob[name]) must(await api(base, '/api/v1/taxonomy/lines-of-business', { token, body: { name } }), `Adding ${name}`);
  }
  for (const name of new Set(DEMO_ANNOTATIONS.map((a) => a.impact))) {
    if (!ids.impact[name]) must(await api(base, '/api/v1/taxonomy/impact-kinds', { token, body: { name } }), `Adding ${name}`);
  }
  ids = await taxonomyIds(base, token);
  for (const s of DEMO_TAXONOMY.stakeholders) {
    if (ids.stakeholder[s.name]) continue;
    must(await api(base, '/api/v1/taxonomy/stakeholders', { token, body: { name: s.name, title: s.title, lineOfBusinessId: ids.lob[s.lineOfBusiness] } }), `Adding ${s.name}`);
  }
  for (const k of DEMO_TAXONOMY.kpis) {
    if (!ids.kpi[k.name]) must(await api(base, '/api/v1/taxonomy/kpis', { token, body: k }), `Adding ${k.name}`);
  }
}

/**
 * name → id for every list of the workspace's taxonomy.
 * @param {string} base
 * @param {string} token
 */
async function taxonomyIds(base, token) {
  const t = must(await api(base, '/api/v1/taxonomy', { token }), 'Reading the demo taxonomy');
  /** @param {{ name: string, id: string }[]} list */
  const byName = (list) => Object.fromEntries(list.map((x) => [x.name, x.id]));
  return { lob: byName(t.linesOfBusiness), stakeholder: byName(t.stakeholders), impact: byName(t.impactKinds), kpi: byName(t.kpis) };
}

/**
 * @param {string} base
 * @param {string} path
 * @param {{ token?: string, body?: unknown }} [options] a body makes it a POST
 * @returns {Promise<ApiResult>}
 */
async function api(base, path, { token, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  return { status: res.status, data };
}

/**
 * The dialogue meeting, on (its invitation goes to the local mail sink), so the demo report's
 * web view offers the .ics. Turned on once: a later start finds it on and changes nothing.
 * @param {string} base
 * @param {string} token
 */
async function seedMeeting(base, token) {
  const meeting = must(await api(base, '/api/v1/meeting', { token }), 'Reading the demo meeting');
  if (meeting.settings.enabled) return;
  const res = await fetch(`${base}/api/v1/meeting`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    // The default start time is two hours after the report goes out.
    body: JSON.stringify({ version: meeting.settings.version, enabled: true, emails: ['lena.park@acme-dental.example'], location: 'https://meet.example.com/acme-dental-it' }),
  });
  must({ status: res.status, data: await res.json().catch(() => ({})) }, 'Turning the demo meeting on');
}

/**
 * One past dialogue meeting, closed with its minutes sent (to the meeting's attendee, in the
 * local mail sink): a decision, an action item done and one the provider still owes — so the
 * demo report carries them under *Status of previous issues* and the next agenda. Fixed ids:
 * a start that finds the meeting closed changes nothing; one that died half-way resumes it.
 * @param {string} base
 * @param {{ setupToken: string }} state
 */
async function seedHeldMeeting(base, state) {
  const token = state.setupToken;
  const held = must(await api(base, '/api/v1/meetings', { token }), 'Reading the demo meetings');
  if (held.items.some((/** @type {{ state: string }} */ m) => m.state === 'closed')) return;
  let meeting = must(await api(base, '/api/v1/meetings', { token, body: {} }), 'Starting the demo meeting');
  const topic = 'Front-desk check-in';
  if (!meeting.agenda.some((/** @type {{ title: string }} */ a) => a.title === topic)) {
    meeting = must(await api(base, `/api/v1/meetings/${meeting.id}/agenda`, { token, body: { title: topic } }), 'Adding the demo agenda item');
  }
  const ref = meeting.agenda.find((/** @type {{ title: string }} */ a) => a.title === topic).ref;
  must(await api(base, `/api/v1/meetings/${meeting.id}/decisions`, {
    token, body: { ref, text: 'Keep the old kiosk until the replacement arrives; the front desk checks patients in by hand before 9:00.' },
  }), 'Recording the demo decision');
  /** @param {number} days */
  const due = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const done = must(await api(base, `/api/v1/meetings/${meeting.id}/action-items`, {
    token, body: { id: '5d3f2f0e-8a51-4c1e-9b0a-0000000000c1', ref, what: 'Tell the front desk how to check patients in by hand', owner: { kind: 'person', email: 'dana.ortiz@acme-dental.example', name: 'Dana Ortiz' }, dueOn: due(3) },
  }), 'Adding the demo action item for the front desk');
  must(await api(base, `/api/v1/meetings/${meeting.id}/action-items`, {
    token, body: { id: '5d3f2f0e-8a51-4c1e-9b0a-0000000000c2', ref, what: 'Confirm the delivery date of the new kiosk', owner: { kind: 'provider', company: 'BrightIT Services' }, dueOn: due(10) },
  }), 'Adding the demo action item for the provider');
  const res = await fetch(`${base}/api/v1/action-items/${done.id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ version: done.version, state: 'done' }),
  });
  must({ status: res.status, data: await res.json().catch(() => ({})) }, 'Marking the demo action item done');
  must(await api(base, `/api/v1/meetings/${meeting.id}/close`, { token, body: {} }), 'Closing the demo meeting and sending its minutes');
}

/**
 * Two initiatives, so the demo report shows *Decisions needed* and *Did it work?*: faster
 * claims, proposed from the billing tag; online check-in, approved, delivered by the provider
 * and measured (a reading after its KPI date, under target). Fixed ids: a later start finds
 * them and changes nothing; the reading is added only when the delivery is first made.
 * @param {string} base
 * @param {{ setupToken: string, providerToken?: string, seededAt?: string }} state
 * @param {{ kpi: Record<string, string> }} ids
 */
async function seedInitiatives(base, state, ids) {
  const token = state.setupToken;
  /** @param {number} offset days from when the demo was made */
  const day = (offset) => new Date(Date.parse(state.seededAt ?? new Date().toISOString()) + offset * 86_400_000).toISOString().slice(0, 10);
  /** @param {string} path @param {unknown} body @returns {Promise<ApiResult>} */
  const patch = async (path, body) => {
    const res = await fetch(`${base}${path}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, data: await res.json().catch(() => ({})) };
  };
  must(await api(base, '/api/v1/initiatives', {
    token,
    body: {
      id: '5d3f2f0e-8a51-4c1e-9b0a-0000000000b1', title: 'Claims out the same day',
      gap: 'Billing cannot send insurance claims on the day of the visit: the nightly export fails and claims wait two days.',
      specification: ['Claims leave the practice system within an hour of the visit', 'A failed send alerts the billing lead by email'],
      kpis: [{ kpiId: ids.kpi['Claims sent on time'], baseline: 88, baselineOn: day(-30), target: 98, targetOn: day(120) }],
      budget: { oneOff: 6000, monthly: 250 }, targetQuarter: `${day(90).slice(0, 4)}-Q${Math.ceil(Number(day(90).slice(5, 7)) / 3)}`,
      providerCompany: 'BrightIT Services', annotationIds: [DEMO_ANNOTATIONS[1].id],
    },
  }), 'Proposing the demo initiative');
  const delivered = must(await api(base, '/api/v1/initiatives', {
    token,
    body: {
      id: '5d3f2f0e-8a51-4c1e-9b0a-0000000000b2', title: 'Online check-in',
      gap: 'Patients cannot check in before they arrive, so the front desk queues every morning.',
      specification: ['Patients check in from the reminder text', 'The front desk sees who checked in'],
      kpis: [{ kpiId: ids.kpi['Patient check-in time'], baseline: 9, baselineOn: day(-150), target: 5, targetOn: day(-21) }],
      budget: { oneOff: 4000, monthly: 120 }, providerCompany: 'BrightIT Services', annotationIds: [DEMO_ANNOTATIONS[0].id],
    },
  }), 'Seeding the delivered demo initiative');
  if (delivered.state !== 'proposed') return;
  let version = delivered.version;
  for (const step of ['approved', 'in_progress']) version = must(await patch(`/api/v1/initiatives/${delivered.id}`, { version, state: step }), `Moving the demo initiative to ${step}`).version;
  must(await api(base, `/api/v1/initiatives/${delivered.id}/answers`, {
    token: state.providerToken,
    body: { id: '5d3f2f0e-8a51-4c1e-9b0a-0000000000b3', status: 'done', note: 'Check-in links go out with every reminder text.' },
  }), 'Adding the demo provider\'s initiative answer');
  version = must(await api(base, `/api/v1/initiatives/${delivered.id}`, { token }), 'Reading the demo initiative').initiative.version;
  must(await patch(`/api/v1/initiatives/${delivered.id}`, { version, state: 'delivered' }), 'Delivering the demo initiative');
  must(await api(base, `/api/v1/taxonomy/kpis/${ids.kpi['Patient check-in time']}/readings`, { token, body: { value: 4.5, recordedOn: day(-14), note: 'After online check-in' } }), 'Recording the demo check-in time');
}

/**
 * @param {ApiResult} result
 * @param {string} what
 */
function must(result, what) {
  if (result.status >= 300) throw new Error(`${what} failed (HTTP ${result.status}): ${JSON.stringify(result.data)}`);
  return result.data;
}

/**
 * Ensures the demo workspace exists (created once; a later start finds it through the saved
 * setup token and neither duplicates nor wipes it) and returns a fresh invite for the user.
 * @param {{ base: string, operatorToken: string, stateFile: string }} options
 * @returns {Promise<{
 *   created: boolean,
 *   workspaceId: string,
 *   invite: { code: string, expiresAt: string },
 *   report: { report: { subject: string }, sent: number, webViewUrl: string | null },
 * }>}
 */
export async function ensureDemo({ base, operatorToken, stateFile }) {
  /** @type {{ workspaceId: string, setupToken: string, providerToken?: string, seededAt?: string } | null} */
  let state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null;
  let created = false;
  if (state) {
    const me = await api(base, '/api/v1/me', { token: state.setupToken });
    if (me.status !== 200) state = null; // the local database was reset: seed again
  }
  if (!state) {
    const ws = must(await api(base, '/api/v1/workspaces', {
      token: operatorToken,
      body: { name: 'Acme Dental (demo)', timeZone: 'America/Chicago', admin: { name: 'Steward demo set-up' } },
    }), 'Creating the demo workspace');
    const setup = must(await api(base, '/api/v1/auth/redeem', { body: { code: ws.invite.code } }), 'Signing in the demo set-up');
    state = { workspaceId: ws.workspace.id, setupToken: setup.token, seededAt: new Date().toISOString() };
    mkdirSync(dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
    created = true;
  }
  await seedTaxonomy(base, state.setupToken);
  const ids = await taxonomyIds(base, state.setupToken);
  for (const a of DEMO_ANNOTATIONS) {
    const { ticket, title, ...fields } = a;
    const body = {
      ...fields,
      lineOfBusiness: ids.lob[a.lineOfBusiness],
      stakeholders: a.stakeholders.map((n) => ids.stakeholder[n]),
      impact: ids.impact[a.impact],
      kpis: a.kpis.map((n) => ids.kpi[n]),
      ticketRef: { tool: 'zendesk', tenant: 'acme-dental', ticketId: ticket, url: `${DEMO_TICKETS}/${ticket}`, title, observedAt: '2026-11-02T15:00:00Z' },
    };
    must(await api(base, '/api/v1/annotations', { token: state.setupToken, body }), `Seeding demo tag ${a.id}`);
  }
  if (!state.seededAt) {
    // A demo made before ticket facts existed.
    state.seededAt = new Date().toISOString();
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
  }
  await seedReadings(base, state.setupToken, state.seededAt);
  if (!state.providerToken) {
    // A provider member, so the report's accountability section has an answer to show.
    const p = must(await api(base, '/api/v1/invites', { token: state.setupToken, body: { role: 'provider', name: 'Pat Kim', providerCompany: 'BrightIT Services' } }), 'Inviting the demo provider');
    state.providerToken = must(await api(base, '/api/v1/auth/redeem', { body: { code: p.code } }), 'Signing in the demo provider').token;
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
  }
  must(await api(base, `/api/v1/annotations/${DEMO_ANNOTATIONS[0].id}/updates`, {
    token: state.providerToken,
    body: { id: '5d3f2f0e-8a51-4c1e-9b0a-0000000000a1', providerStatus: 'in_progress', eta: '2027-01-08', note: 'Replacement kiosk ordered; arrives early January.' },
  }), 'Adding the demo provider answer');
  await seedInitiatives(base, state, ids);
  must(await api(base, '/api/v1/report-recipients', { token: state.setupToken, body: { email: 'lena.park@acme-dental.example', name: 'Dr. Lena Park' } }), 'Adding the demo report recipient');
  await seedMeeting(base, state.setupToken);
  // Before the report is sent, so the report carries the meeting's action items.
  await seedHeldMeeting(base, state);
  const invite = must(await api(base, '/api/v1/invites', {
    token: state.setupToken,
    body: { role: 'admin', name: 'Demo admin' },
  }), 'Creating your invite');
  // Send the report for the last completed period (already sent on an earlier start: nothing new goes out).
  const report = must(await api(base, '/api/v1/reports/send', { token: state.setupToken, body: {} }), 'Sending the demo report');
  return { created, workspaceId: state.workspaceId, invite, report };
}
