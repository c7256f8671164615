import { useEffect, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  issuesToFields, MinutesCorrectionSchema, type ActionItem, type ActionOwnerInput, type Meeting, type MinutesCorrection, type MinutesSent,
} from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { useSubmit } from '../submit';
import { ActionRow, OwnerSelect } from './ActionItems';
import { AGENDA_KIND_WORDS, withActionItem } from './MeetingRun';
import { choiceOf, ownerKey, SOMEONE_ELSE, type OwnerChoice } from './owners';
import { meetingProblem, sendingLine } from './words';

type Outcome = MinutesSent['outcomes'][number];

/** Who the minutes (or the correction) went to, and who they did not reach, with the reason. */
function Outcomes({ outcomes, what }: { outcomes: Outcome[]; what: 'minutes' | 'correction' }) {
  const sent = outcomes.filter((o) => o.status === 'sent');
  const missed = outcomes.filter((o) => o.status !== 'sent');
  const label = what === 'minutes' ? 'The minutes' : 'The correction';
  return (
    <div class={`outcomes${missed.length ? ' notice' : ''}`} role="status" data-testid="minutes-outcomes">
      {outcomes.length === 0 ? (
        <p>{label} went to nobody: the meeting has no attendees with an email address. Add them in Steward’s settings (Reports → Dialogue meeting), then send a correction so they get the minutes.</p>
      ) : (
        <>
          {sent.length > 0 && <p>{label} went to {sent.map((o) => o.email).join(', ')}.</p>}
          {missed.length > 0 && (
            <>
              <p>Not sent to:</p>
              <ul>{missed.map((o) => <li key={o.email}>{o.email}: {o.error ?? 'not sent'}</li>)}</ul>
              <p class="hint">Check the address (or the mail settings of the Steward server), then send a correction: it goes to everyone again.</p>
            </>
          )}
        </>
      )}
    </div>
  );
}

/**
 * The minutes of a closed meeting, read-only: per agenda item the decision and the action
 * items (which can still be marked done or dropped). A change to what was sent is a correction,
 * emailed to the attendees with what was corrected — never a silent edit.
 */
export function Minutes({ meeting, setMeeting, reload, choices, sent }: {
  meeting: Meeting;
  setMeeting(update: (m: Meeting) => Meeting): void;
  reload(): Promise<void>;
  choices: OwnerChoice[];
  /** What the last sending (the minutes just now, or a correction) did, on this page. */
  sent: { outcomes: Outcome[]; what: 'minutes' | 'correction' } | null;
}) {
  const [correcting, setCorrecting] = useState(false);
  const [lastSent, setLastSent] = useState(sent);
  const heading = useRef<HTMLHeadingElement>(null);
  const correctButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (sent) heading.current?.focus();
  }, []);
  const refs = new Set(meeting.agenda.map((a) => a.ref));
  const loose = meeting.actionItems.filter((a) => !a.ref || !refs.has(a.ref));
  const rows = (list: ActionItem[]) => (
    <ul class="action-items">
      {list.map((a) => <ActionRow key={a.id} item={a} onSaved={(x) => setMeeting((m) => withActionItem(m, x))} onStale={reload} />)}
    </ul>
  );

  return (
    <section class="minutes" aria-labelledby="minutes-heading">
      <h2 id="minutes-heading" ref={heading} tabIndex={-1}>Minutes</h2>
      {lastSent && <Outcomes outcomes={lastSent.outcomes} what={lastSent.what} />}
      {meeting.minutes.length > 0 && (
        <ul class="sendings">{meeting.minutes.map((s) => <li key={s.version}>{sendingLine(s)}</li>)}</ul>
      )}
      <ol class="minutes-items">
        {meeting.agenda.map((a) => {
          const decision = meeting.decisions.find((d) => d.ref === a.ref)?.text;
          const items = meeting.actionItems.filter((x) => x.ref === a.ref);
          return (
            <li key={a.ref}>
              <p class="item-count">{AGENDA_KIND_WORDS[a.kind] ?? a.kind}</p>
              <h3>{a.title}</h3>
              {a.why && <p class="why">{a.why}</p>}
              <p class="decision-text">{decision ? <><strong>Decision:</strong> {decision}</> : <span class="muted">No decision recorded.</span>}</p>
              {items.length > 0 && rows(items)}
            </li>
          );
        })}
      </ol>
      {loose.length > 0 && (
        <>
          <h3>Other action items</h3>
          {rows(loose)}
        </>
      )}
      {correcting ? (
        <CorrectionForm meeting={meeting} choices={choices} onCancel={() => {
          setCorrecting(false);
          setTimeout(() => correctButton.current?.focus(), 0);
        }} onSent={(answer) => {
          setMeeting(() => answer.meeting);
          setLastSent({ outcomes: answer.outcomes, what: 'correction' });
          setCorrecting(false);
          heading.current?.focus();
        }} />
      ) : (
        <div class="actions">
          <button type="button" ref={correctButton} onClick={() => {
            setLastSent(null);
            setCorrecting(true);
          }}>Send a correction</button>
          <span class="hint">The minutes were emailed; a change goes to the attendees as a correction, saying what changed.</span>
        </div>
      )}
    </section>
  );
}

interface ActionFix {
  what: string;
  owner: string;
  email: string;
  name: string;
  dueOn: string;
}
const fixOf = (a: ActionItem): ActionFix => ({
  what: a.what, dueOn: a.dueOn, owner: ownerKey(a.owner), email: a.owner.email ?? '', name: a.owner.kind === 'person' ? a.owner.name : '',
});

/**
 * Corrects sent minutes: what was corrected (required: the attendees read it first), and the
 * decisions and action items as they should read. Only what changed is sent.
 */
function CorrectionForm({ meeting, choices, onCancel, onSent }: { meeting: Meeting; choices: OwnerChoice[]; onCancel(): void; onSent(sent: MinutesSent): void }) {
  const [note, setNote] = useState('');
  const [decisions, setDecisions] = useState<Record<string, string>>(() => Object.fromEntries(meeting.agenda.map((a) => [a.ref, meeting.decisions.find((d) => d.ref === a.ref)?.text ?? ''])));
  const [fixes, setFixes] = useState<Record<string, ActionFix>>(() => Object.fromEntries(meeting.actionItems.map((a) => [a.id, fixOf(a)])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useSubmit(meetingProblem);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  const ownerOf = (f: ActionFix): ActionOwnerInput | undefined => (f.owner === SOMEONE_ELSE
    ? { kind: 'person', email: f.email, ...(f.name.trim() ? { name: f.name } : {}) }
    : choices.find((c) => c.key === f.owner)?.owner ?? meeting.actionItems.map((a) => choiceOf(a.owner)).find((c) => c.key === f.owner)?.owner);

  const submit = async (e: Event) => {
    e.preventDefault();
    const changedDecisions = meeting.agenda
      .filter((a) => decisions[a.ref]!.trim() !== (meeting.decisions.find((d) => d.ref === a.ref)?.text ?? '').trim())
      .map((a) => ({ ref: a.ref, text: decisions[a.ref]! }));
    const changedActions = meeting.actionItems.flatMap((a) => {
      const was = fixOf(a);
      const f = fixes[a.id]!;
      const change: NonNullable<MinutesCorrection['actionItems']>[number] = { id: a.id };
      if (f.what.trim() !== was.what.trim()) change.what = f.what;
      if (f.owner !== was.owner || (f.owner === SOMEONE_ELSE && (f.email !== was.email || f.name !== was.name))) change.owner = ownerOf(f) as ActionOwnerInput;
      if (f.dueOn !== was.dueOn) change.dueOn = f.dueOn;
      return Object.keys(change).length > 1 ? [change] : [];
    });
    // Where each field of the request is on this form, to put a refusal beside it.
    const place = (key: string): string => {
      const d = /^decisions\.(\d+)\./.exec(key);
      if (d) return `decision:${changedDecisions[Number(d[1])]?.ref}`;
      const a = /^actionItems\.(\d+)\.(\w+)(?:\.(\w+))?/.exec(key);
      if (a) return `action:${changedActions[Number(a[1])]?.id}:${a[2] === 'owner' && a[3] === 'email' ? 'email' : a[2]}`;
      return key;
    };
    const placed = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, m]) => [place(k), m]));
    if (!changedDecisions.length && !changedActions.length) {
      setErrors({ form: 'Nothing is changed yet: change a decision or an action item below, then send the correction.' });
      return;
    }
    const body = { note, ...(changedDecisions.length ? { decisions: changedDecisions } : {}), ...(changedActions.length ? { actionItems: changedActions } : {}) };
    const parsed = v.safeParse(MinutesCorrectionSchema, body);
    if (!parsed.success) {
      setErrors(placed(issuesToFields(parsed.issues)));
      return;
    }
    setErrors({});
    let answer: MinutesSent | null = null;
    const ok = await send.run(async () => {
      try {
        answer = await callApi('correctMinutes', meeting.id, parsed.output);
      } catch (err) {
        setErrors(placed(meetingProblem(err).fields));
        throw err;
      }
    });
    if (ok && answer) onSent(answer);
  };

  const err = (key: string) => errors[key];
  const described = (id: string, e?: string) => ({ id, 'aria-invalid': e ? (true as const) : undefined, 'aria-describedby': e ? `${id}-error` : undefined });
  const line = (id: string, label: string, e?: string) => (e ? <p class="field-error" id={`${id}-error`}>{label} {e.replace(/\.$/, '')}.</p> : null);
  const placedKeys = Object.keys(errors);

  return (
    <form class="correction" aria-label="Correction to the minutes" noValidate onSubmit={(e) => void submit(e)}>
      <h3>Send a correction</h3>
      <div class="field">
        <label for="fix-note">What you corrected</label>
        <textarea {...described('fix-note', err('note'))} ref={first} rows={2} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <p class="hint">The attendees read this first, e.g. “The printer budget is due in January, not December.”</p>
        {line('fix-note', 'What you corrected', err('note'))}
      </div>
      <h4>Decisions</h4>
      {meeting.agenda.map((a, i) => {
        const e = err(`decision:${a.ref}`);
        return (
          <div class="field" key={a.ref}>
            <label for={`fix-decision-${i}`}>{a.title}</label>
            <textarea {...described(`fix-decision-${i}`, e)} rows={2} maxLength={2000} value={decisions[a.ref]}
              onInput={(ev) => setDecisions((d) => ({ ...d, [a.ref]: ev.currentTarget.value }))} />
            {line(`fix-decision-${i}`, 'The decision', e)}
          </div>
        );
      })}
      {meeting.actionItems.length > 0 && <h4>Action items</h4>}
      {meeting.actionItems.map((a, i) => {
        const f = fixes[a.id]!;
        const set = (k: keyof ActionFix, value: string) => setFixes((x) => ({ ...x, [a.id]: { ...x[a.id]!, [k]: value } }));
        const id = `fix-action-${i}`;
        const e = (k: string) => err(`action:${a.id}:${k}`);
        return (
          <fieldset class="field correction-action" key={a.id}>
            <legend>{a.what}</legend>
            <div class="action-fields">
              <div class="field">
                <label for={`${id}-what`}>What</label>
                <input {...described(`${id}-what`, e('what'))} value={f.what} maxLength={500} onInput={(ev) => set('what', ev.currentTarget.value)} />
                {line(`${id}-what`, 'What', e('what'))}
              </div>
              <div class="field">
                <label for={`${id}-owner`}>Owner</label>
                <OwnerSelect id={`${id}-owner`} value={f.owner} choices={choices} extra={choiceOf(a.owner)} error={e('owner')} onChange={(x) => set('owner', x)} />
                {line(`${id}-owner`, 'Owner', e('owner'))}
              </div>
              <div class="field">
                <label for={`${id}-due`}>Due date</label>
                <input type="date" {...described(`${id}-due`, e('dueOn'))} value={f.dueOn} onInput={(ev) => set('dueOn', ev.currentTarget.value)} />
                {line(`${id}-due`, 'Due date', e('dueOn'))}
              </div>
            </div>
            {f.owner === SOMEONE_ELSE && (
              <div class="field">
                <label for={`${id}-email`}>Their email address</label>
                <input type="email" {...described(`${id}-email`, e('email'))} value={f.email} onInput={(ev) => set('email', ev.currentTarget.value)} />
                {line(`${id}-email`, 'Their email address', e('email'))}
              </div>
            )}
          </fieldset>
        );
      })}
      {errors.form && <p class="field-error" role="alert">{errors.form}</p>}
      {send.problem && (
        <p class={`notice ${send.problem.kind === 'offline' ? 'offline' : 'error'}`} role="alert">
          {placedKeys.length && Object.keys(send.problem.fields).length ? 'Not sent: check the fields marked above.' : `Not sent: ${send.problem.message}`}
        </p>
      )}
      {placedKeys.length > 0 && !send.problem && !errors.form && <p class="field-error" role="alert">Not sent: check the fields marked above.</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={send.busy}>{send.busy ? 'Sending…' : 'Send the correction to the attendees'}</button>
        <button type="button" onClick={onCancel} disabled={send.busy}>Cancel</button>
      </div>
    </form>
  );
}
