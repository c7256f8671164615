import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { MeetingSaved, MeetingSettingsPatch, Member } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { meetingLine } from '../meeting/words';
import { describedBy, Field, formatDate, formatDateTime, ProblemNotice, useLoad, type Session } from './forms';
import { useSubmit } from '../submit';

/** Opens the meeting page in a tab of its own: the one named, or the meeting to run now. */
function openMeetingPage(id?: string) {
  void browser.tabs.create({ url: browser.runtime.getURL(`/meeting.html${id ? `?id=${encodeURIComponent(id)}` : ''}`) });
}

/**
 * Running the meeting (admins and IT staff): the button that opens meeting mode on the latest
 * report's agenda (or resumes the meeting in progress), and the meetings held so far with the
 * state of their minutes and of their action items.
 */
export function MeetingRuns({ session, listed = true }: { session: Session; listed?: boolean }) {
  // Staff see this among sections loaded when asked for: most visits to the settings are about something else.
  const [shown, setShown] = useState(listed);
  return (
    <div class="meeting-runs">
      <div class="actions">
        <button type="button" class="primary" onClick={() => openMeetingPage()}>Run the meeting</button>
        <span class="hint">Opens meeting mode in a new tab on the agenda of the latest report (or resumes the meeting in progress); decisions and action items are saved as you go.</span>
      </div>
      {shown ? <MeetingsHeld session={session} /> : (
        <button type="button" aria-expanded="false" onClick={() => setShown(true)}>Show meetings held</button>
      )}
    </div>
  );
}

function MeetingsHeld({ session }: { session: Session }) {
  const list = useLoad(() => callApi('meetings'), [session.member.id, session.workspace.id]);
  // Back from the meeting tab: the list says what happened there.
  useEffect(() => {
    const back = () => document.visibilityState === 'visible' && void list.reload();
    document.addEventListener('visibilitychange', back);
    return () => document.removeEventListener('visibilitychange', back);
  }, [list.reload]);
  const items = list.data?.items ?? [];
  return (
    <>
      <h4 class="form-title" id="meetings-held-heading">Meetings held</h4>
      <ProblemNotice problem={list.problem} onRetry={() => void list.reload()} />
      {list.data ? (
        items.length === 0 ? <p class="empty">No meeting held yet.</p> : (
          <ul class="plain-list meetings-held" aria-labelledby="meetings-held-heading">
            {items.map((m) => (
              <li key={m.id}>
                <span>
                  <strong>{formatDate(m.heldOn)}</strong>{m.reportLabel ? ` · ${m.reportLabel}` : ''}
                  <span class="hint meeting-line"> {meetingLine(m)}</span>
                </span>
                <button type="button" onClick={() => openMeetingPage(m.id)} aria-label={`${m.state === 'open' ? 'Resume the meeting' : 'Open the minutes'} of ${formatDate(m.heldOn)}`}>
                  {m.state === 'open' ? 'Resume' : 'Open the minutes'}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : list.loading && <p aria-busy="true">Loading the meetings held…</p>}
    </>
  );
}

interface Draft {
  enabled: boolean;
  startTime: string;
  durationMinutes: string;
  memberIds: string[];
  /** One address per line, as typed. */
  emails: string;
  location: string;
}

const draftOf = (m: MeetingSaved): Draft => ({
  enabled: m.settings.enabled, startTime: m.settings.startTime, durationMinutes: String(m.settings.durationMinutes),
  memberIds: m.settings.memberIds, emails: m.settings.emails.join('\n'), location: m.settings.location ?? '',
});

const emailList = (text: string) => [...new Set(text.split(/[\n,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];

/** "Invitation sent to 3 people. Cancellation sent to 1." plus each address that did not get it, and why. */
function outcomeWords(m: MeetingSaved): { summary: string; problems: string[] } {
  const sent = (method: string) => m.invitations.filter((i) => i.method === method && i.status === 'sent').length;
  const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);
  const parts = [];
  const requests = sent('REQUEST');
  const cancels = sent('CANCEL');
  if (requests) parts.push(`${m.settings.sequence > 0 ? 'Updated invitation' : 'Invitation'} sent to ${people(requests)}.`);
  if (cancels) parts.push(`Cancellation sent to ${people(cancels)}.`);
  const problems = m.invitations.filter((i) => i.status !== 'sent').map((i) => `${i.email}: ${i.error ?? 'not sent'}`);
  return { summary: parts.join(' ') || 'Saved.', problems };
}

function MemberChoices({ title, members, chosen, onToggle }: { title: string; members: Member[]; chosen: string[]; onToggle: (id: string, on: boolean) => void }) {
  if (!members.length) return null;
  return (
    <fieldset class="field">
      <legend>{title}</legend>
      {members.map((m) => (
        <label key={m.id} class="check">
          <input type="checkbox" checked={chosen.includes(m.id)} disabled={!m.email && !chosen.includes(m.id)} onChange={(e) => onToggle(m.id, e.currentTarget.checked)} />{' '}
          {m.name} <span class="hint">{m.email ?? 'no email address: cannot be invited'}{m.providerCompany ? ` · ${m.providerCompany}` : ''}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The dialogue meeting: on the day each report goes out, at a time after it, with the
 * people who take the decisions. Saving sends the calendar invitation, its update or its
 * cancellation, and says to whom.
 */
export function MeetingPanel({ session }: { session: Session }) {
  // The workspace is read afresh: its schedule decides when the meeting can start, and a
  // connection saved by an older version holds no schedule.
  const loaded = useLoad(() => Promise.all([callApi('meeting'), callApi('members'), callApi('workspace')]), [session.member.id, session.workspace.id]);
  const [saved, setSaved] = useState<MeetingSaved | null>(null);
  const [edited, setEdited] = useState<Draft | null>(null);
  const [outcome, setOutcome] = useState<{ summary: string; problems: string[] } | null>(null);
  const save = useSubmit();
  const current = saved ?? loaded.data?.[0] ?? null;
  const draft = edited ?? (current ? draftOf(current) : null);

  if (!draft || !current || !loaded.data) {
    return (
      <section class="subsection" aria-labelledby="meeting-heading">
        <h3 id="meeting-heading">Dialogue meeting</h3>
        <MeetingRuns session={session} />
        <ProblemNotice problem={loaded.problem} onRetry={() => void loaded.reload()} />
        {loaded.loading && <p aria-busy="true">Loading the meeting…</p>}
      </section>
    );
  }
  const members = loaded.data[1].items;
  const workspace = loaded.data[2];
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setOutcome(null);
    setEdited({ ...draft, [key]: value });
  };
  const toggle = (id: string, on: boolean) => set('memberIds', on ? [...draft.memberIds, id] : draft.memberIds.filter((x) => x !== id));
  const f = save.fields;
  const emailError = f.emails ?? Object.entries(f).find(([k]) => k.startsWith('emails.'))?.[1];
  const emails = emailList(draft.emails);
  const badEmail = Object.keys(f).find((k) => k.startsWith('emails.'));
  const emailMessage = badEmail ? `“${emails[Number(badEmail.split('.')[1])] ?? ''}” ${f[badEmail]}` : emailError;
  const hour = String(workspace.schedule.hour).padStart(2, '0');

  const submit = async (e: Event) => {
    e.preventDefault();
    const patch: MeetingSettingsPatch = {
      version: current.settings.version, enabled: draft.enabled, startTime: draft.startTime, durationMinutes: Number(draft.durationMinutes),
      memberIds: draft.memberIds, emails, location: draft.location.trim(),
    };
    let answer: MeetingSaved | null = null;
    const ok = await save.run(async () => {
      answer = await callApi('updateMeeting', patch);
    });
    if (ok && answer) {
      setSaved(answer);
      setEdited(null);
      setOutcome(outcomeWords(answer));
    }
  };

  return (
    <section class="subsection" aria-labelledby="meeting-heading">
      <h3 id="meeting-heading">Dialogue meeting</h3>
      {/* Same place as while loading, so the list is not loaded twice. */}
      <MeetingRuns session={session} />
      <h4 class="form-title">Settings</h4>
      <p class="hint">The report is half of the dialogue; the meeting is the other half. It is held on the day each report goes out, after {hour}:00, in the workspace's time zone ({workspace.timeZone}).</p>
      <form class="settings-form" aria-label="Dialogue meeting" onSubmit={submit} noValidate>
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} /> Hold a dialogue meeting after each report
        </label>
        <div class="row">
          <Field id="meeting-start" label="Starts at" error={f.startTime}>
            <input type="time" {...describedBy('meeting-start', f.startTime)} value={draft.startTime} onInput={(e) => set('startTime', e.currentTarget.value)} />
          </Field>
          <Field id="meeting-length" label="Length (minutes)" error={f.durationMinutes}>
            <input type="number" min={15} max={480} step={15} {...describedBy('meeting-length', f.durationMinutes)} value={draft.durationMinutes} onInput={(e) => set('durationMinutes', e.currentTarget.value)} />
          </Field>
        </div>
        <MemberChoices title="Who attends" members={members.filter((m) => m.role !== 'provider')} chosen={draft.memberIds} onToggle={toggle} />
        <MemberChoices title="From the provider" members={members.filter((m) => m.role === 'provider')} chosen={draft.memberIds} onToggle={toggle} />
        {f.memberIds && <p class="field-error">{f.memberIds}</p>}
        <Field id="meeting-emails" label="Also invite" error={emailMessage} hint="Addresses outside the workspace, one per line (a board member, an assistant).">
          <textarea {...describedBy('meeting-emails', emailMessage, true)} rows={3} value={draft.emails} onInput={(e) => set('emails', e.currentTarget.value)} spellcheck={false} />
        </Field>
        <Field id="meeting-location" label="Where" error={f.location} hint="A video-call link or a room.">
          <input {...describedBy('meeting-location', f.location, true)} value={draft.location} onInput={(e) => set('location', e.currentTarget.value)} maxLength={500} autoComplete="off" />
        </Field>
        {current.nextAt && <p class="schedule-summary">Next meeting: {formatDateTime(current.nextAt)}.</p>}
        <div class="actions">
          <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Saving…' : 'Save and send invitations'}</button>
          <span class="status" role="status">{outcome?.summary ?? ''}</span>
        </div>
        {outcome?.problems.length ? (
          <div class="notice" role="alert">
            <p>Not everyone got it:</p>
            <ul>{outcome.problems.map((p) => <li key={p}>{p}</li>)}</ul>
          </div>
        ) : null}
        <ProblemNotice problem={save.problem} shownFields={['startTime', 'durationMinutes', 'emails', 'location', 'memberIds']} />
      </form>
    </section>
  );
}
