import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ActionItem, Meeting, MinutesSent } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { ConfirmBox } from '../admin/forms';
import { problemSaying, useSubmit } from '../submit';
import {
  actionBody, ActionForm, actionFieldErrors, ActionRow, draftOf, EMPTY_DRAFT, ownerLabel, PendingRow,
  type ActionDraft, type PendingAction,
} from './ActionItems';
import type { Carried } from './carried';
import type { OwnerChoice } from './owners';
import type { Saver } from './saver';
import { meetingProblem } from './words';

/** Why an item is on the agenda, as a short label above its title. */
export const AGENDA_KIND_WORDS: Record<string, string> = {
  decision: 'Decision needed',
  discuss: 'Let’s discuss',
  question: 'An executive’s question',
  stalled: 'Stalled',
  provider_silent: 'The provider has not answered',
  provider_overdue: 'The provider is past its date',
  action_item: 'Action item from an earlier meeting',
  other: 'Any other business',
};

/** How long typing pauses before the decision is saved. */
const DECISION_DEBOUNCE_MS = 700;

/** Where a resumed meeting picks up: after the last item that has a decision or an action item. */
function resumeIndex(m: Meeting): number {
  let last = -1;
  m.agenda.forEach((item, i) => {
    if (m.decisions.some((d) => d.ref === item.ref && d.text) || m.actionItems.some((a) => a.ref === item.ref)) last = i;
  });
  return Math.max(0, Math.min(last + 1, m.agenda.length - 1));
}

/** A newer answer about the meeting, keeping any action item this page already holds in a newer version. */
export function mergeMeeting(prev: Meeting | null, next: Meeting): Meeting {
  if (!prev || prev.id !== next.id) return next;
  const newer = new Map(prev.actionItems.map((a) => [a.id, a]));
  return { ...next, actionItems: next.actionItems.map((a) => ((newer.get(a.id)?.version ?? 0) > a.version ? newer.get(a.id)! : a)) };
}

export function withActionItem(m: Meeting, item: ActionItem): Meeting {
  const had = m.actionItems.find((a) => a.id === item.id);
  if (had && had.version > item.version) return m;
  return { ...m, actionItems: had ? m.actionItems.map((a) => (a.id === item.id ? item : a)) : [...m.actionItems, item] };
}

/** True when keys typed go into a field (so single-letter shortcuts must not act). */
const typing = (t: EventTarget | null) => t instanceof HTMLElement && (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.isContentEditable);

/**
 * The meeting on screen: the agenda down the side, one item at a time in large type, with its
 * decision and action items. Everything typed is saved as it goes (see `useSaver`).
 */
export function MeetingRun({ meeting, setMeeting, reload, choices, saver, carried, onClosed }: {
  meeting: Meeting;
  /** Earlier meetings' action items on this agenda, to mark done when the meeting reaches them. */
  carried: Carried;
  setMeeting(update: (m: Meeting) => Meeting): void;
  reload(): Promise<void>;
  choices: OwnerChoice[];
  saver: Saver;
  onClosed(sent: MinutesSent): void;
}) {
  const agenda = meeting.agenda;
  const [index, setIndex] = useState(() => resumeIndex(meeting));
  const [announce, setAnnounce] = useState('');
  // Decisions as typed here, by agenda item; the server's text is shown until one is typed.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [decisionErrors, setDecisionErrors] = useState<Record<string, string>>({});
  const [forms, setForms] = useState<Record<string, ActionDraft>>({});
  const [formErrors, setFormErrors] = useState<Record<string, Record<string, string>>>({});
  const [sending, setSending] = useState<Record<string, string | null>>({});
  const [pending, setPending] = useState<PendingAction[]>([]);
  const [other, setOther] = useState('');
  const [confirming, setConfirming] = useState(false);
  const aob = useSubmit(meetingProblem);
  const close = useSubmit(meetingProblem);

  /** The id of the action item each form is sending (it empties only when that one is through). */
  const sendingRef = useRef<Record<string, string | null>>({});
  /** The id each form's next action item gets; kept after a refusal, so fixing it and sending again is the same item. */
  const nextIds = useRef<Record<string, string>>({});

  const decisionRef = useRef<HTMLTextAreaElement>(null);
  const whatRef = useRef<HTMLInputElement>(null);
  const otherRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const current = agenda[Math.min(index, agenda.length - 1)];
  const ref = current?.ref ?? '';

  /** Saves the decision typed on an item: after a pause in typing, or at once (`now`: leaving the field or the item). */
  const saveDecision = (itemRef: string, text: string, delayMs: number) => {
    saver.save({
      key: `decision:${itemRef}`,
      run: async () => {
        const m = await callApi('saveDecision', meeting.id, { ref: itemRef, text });
        setMeeting((prev) => mergeMeeting(prev, m));
        setDecisionErrors(({ [itemRef]: _, ...rest }) => rest);
      },
      refused: (problem) => {
        setDecisionErrors((e) => ({ ...e, [itemRef]: problem.fields.text ? `The decision ${problem.fields.text}.` : problem.message }));
        if (problem.code === 'conflict') void reload();
      },
    }, delayMs);
  };
  const flushDecision = (itemRef: string) => saver.flush(`decision:${itemRef}`);
  const flushAll = () => saver.flush();

  const typeDecision = (itemRef: string, text: string) => {
    setDrafts((d) => ({ ...d, [itemRef]: text }));
    saveDecision(itemRef, text, DECISION_DEBOUNCE_MS);
  };

  const go = (i: number) => {
    if (!agenda.length) return;
    const to = Math.max(0, Math.min(i, agenda.length - 1));
    if (current) flushDecision(current.ref);
    moved.current = true;
    setIndex(to);
  };

  // After moving, the keyboard is in the new item's decision, and a screen reader hears where it is.
  useEffect(() => {
    if (!current) return;
    setAnnounce(`Item ${index + 1} of ${agenda.length}: ${current.title}`);
    if (moved.current) decisionRef.current?.focus();
    moved.current = false;
  }, [index, current?.ref]);

  // The keys of the legend. Alt+arrows work everywhere, letters only outside fields. Attached as
  // the page is drawn (not a frame later), so a key pressed as soon as the agenda shows works.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        go(index + (e.key === 'ArrowDown' ? 1 : -1));
        return;
      }
      if (e.key === 'Escape' && typing(e.target)) {
        // Out of the field (saving what was typed), so the letter keys work again.
        if (current) flushDecision(current.ref);
        headingRef.current?.focus();
        return;
      }
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || confirming) return;
      const act: Record<string, () => void> = {
        j: () => go(index + 1),
        k: () => go(index - 1),
        d: () => decisionRef.current?.focus(),
        a: () => whatRef.current?.focus(),
        o: () => otherRef.current?.focus(),
      };
      const run = act[e.key];
      if (run) {
        e.preventDefault();
        run();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  // Leaving the tab (or the laptop going to sleep) saves what was typed without waiting.
  useEffect(() => {
    const hidden = () => document.visibilityState === 'hidden' && flushAll();
    document.addEventListener('visibilitychange', hidden);
    return () => document.removeEventListener('visibilitychange', hidden);
  }, []);

  const clearForm = (itemRef: string, id: string) => {
    if (sendingRef.current[itemRef] !== id) return;
    sendingRef.current[itemRef] = null;
    delete nextIds.current[itemRef];
    setSending((s) => ({ ...s, [itemRef]: null }));
    setForms((f) => ({ ...f, [itemRef]: EMPTY_DRAFT }));
    if (document.activeElement === document.body || document.activeElement?.closest('.action-form')) whatRef.current?.focus();
  };

  const addAction = (itemRef: string) => {
    const id = nextIds.current[itemRef] ?? crypto.randomUUID();
    nextIds.current[itemRef] = id;
    const made = actionBody(forms[itemRef] ?? EMPTY_DRAFT, choices, itemRef, id);
    if ('errors' in made) {
      setFormErrors((e) => ({ ...e, [itemRef]: made.errors }));
      const first = Object.keys(made.errors)[0];
      document.getElementById(`action-${first === 'dueOn' ? 'due' : first}`)?.focus();
      return;
    }
    setFormErrors(({ [itemRef]: _, ...rest }) => rest);
    const body = made.body;
    setPending((list) => [...list.filter((x) => x.body.id !== id), { body, ref: itemRef, label: { owner: ownerLabel(body, choices) }, state: 'sending' }]);
    sendingRef.current[itemRef] = id;
    setSending((s) => ({ ...s, [itemRef]: id }));
    saver.save({
      key: `action:${id}`,
      run: async () => {
        const item = await callApi('addActionItem', meeting.id, body);
        setMeeting((m) => withActionItem(m, item));
        setPending((list) => list.filter((x) => x.body.id !== id));
        clearForm(itemRef, id);
      },
      retrying: () => {
        setPending((list) => list.map((x) => (x.body.id === id ? { ...x, state: 'waiting' } : x)));
        clearForm(itemRef, id);
      },
      refused: (problem) => {
        if (sendingRef.current[itemRef] === id) {
          // Still in the form: the reasons go beside its fields, the text stays to be fixed.
          sendingRef.current[itemRef] = null;
          setSending((s) => ({ ...s, [itemRef]: null }));
          setPending((list) => list.filter((x) => x.body.id !== id));
          setFormErrors((e) => ({ ...e, [itemRef]: actionFieldErrors(problem.fields, problem.message) }));
        } else {
          setPending((list) => list.map((x) => (x.body.id === id ? { ...x, state: 'refused', problem } : x)));
        }
        if (problem.code === 'conflict') void reload();
      },
    });
  };

  /** The id of the "any other business" item being added, kept while it is tried again. */
  const otherKey = useRef<{ title: string; id: string } | null>(null);

  const fixPending = (p: PendingAction) => {
    setPending((list) => list.filter((x) => x.body.id !== p.body.id));
    setForms((f) => ({ ...f, [p.ref]: draftOf(p.body) }));
    nextIds.current[p.ref] = p.body.id;
    const at = agenda.findIndex((a) => a.ref === p.ref);
    if (at >= 0 && at !== index) go(at);
    setTimeout(() => whatRef.current?.focus(), 0);
  };

  const addOther = async () => {
    let answer: Meeting | null = null;
    const title = other;
    // Trying the same item again (after a failure) sends the same id, so it is added once.
    if (otherKey.current?.title !== title) otherKey.current = { title, id: crypto.randomUUID() };
    const id = otherKey.current.id;
    const ok = await aob.run(async () => {
      answer = await callApi('addAgendaItem', meeting.id, title, id);
    });
    if (!ok || !answer) return;
    otherKey.current = null;
    const m: Meeting = answer;
    const known = new Set(agenda.map((a) => a.ref));
    setMeeting((prev) => mergeMeeting(prev, m));
    setOther('');
    const added = m.agenda.findIndex((a) => !known.has(a.ref));
    if (current) flushDecision(current.ref);
    moved.current = true;
    setIndex(added >= 0 ? added : m.agenda.length - 1);
  };

  const closeMeeting = async () => {
    flushAll();
    close.clear();
    if (!(await saver.settle())) {
      close.fail(problemSaying('Some changes are not saved yet, so the minutes would miss them. Wait until the top of the page says “Saved” (or press “Try now”), then close the meeting.'));
      return;
    }
    let sent: MinutesSent | null = null;
    let closedMeanwhile = false;
    const ok = await close.run(async () => {
      try {
        sent = await callApi('closeMeeting', meeting.id);
      } catch (err) {
        closedMeanwhile = meetingProblem(err).code === 'conflict';
        throw err;
      }
    });
    if (ok && sent) onClosed(sent);
    // Closed from another tab: the minutes it sent are shown instead.
    else if (closedMeanwhile) await reload();
  };

  const items = current ? meeting.actionItems.filter((a) => a.ref === current.ref) : [];
  const waitingHere = pending.filter((p) => p.ref === ref && !items.some((a) => a.id === p.body.id));
  const decided = (r: string) => meeting.decisions.some((d) => d.ref === r && d.text) || !!drafts[r]?.trim();
  const actionsOn = (r: string) => meeting.actionItems.filter((a) => a.ref === r).length + pending.filter((p) => p.ref === r).length;
  const decisionText = current ? (drafts[current.ref] ?? meeting.decisions.find((d) => d.ref === current.ref)?.text ?? '') : '';
  const refusedElsewhere = pending.filter((p) => p.state === 'refused' && p.ref !== ref);

  return (
    <>
      <p class="visually-hidden" role="status" aria-live="polite">{announce}</p>
      <div class="meeting-run">
        <div class="agenda-side">
          <nav class="agenda" aria-label="Agenda">
            <h2>Agenda</h2>
            {agenda.length === 0 ? (
              <p class="empty">The agenda is empty: the report had nothing to discuss. Raise an item below.</p>
            ) : (
              <ol>
                {agenda.map((a, i) => (
                  <li key={a.ref}>
                    <button type="button" class="agenda-item" aria-current={i === index ? 'step' : undefined} onClick={() => go(i)}>
                      <span class="agenda-title">{a.title}</span>
                      <span class="agenda-marks">
                        {decided(a.ref) && <span class="mark">Decided</span>}
                        {actionsOn(a.ref) > 0 && <span class="mark">{actionsOn(a.ref) === 1 ? '1 action' : `${actionsOn(a.ref)} actions`}</span>}
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            )}
            <form class="aob" aria-label="Any other business" noValidate onSubmit={(e) => {
              e.preventDefault();
              void addOther();
            }}>
              <label for="aob-title">Any other business</label>
              <input id="aob-title" ref={otherRef} value={other} maxLength={200} autoComplete="off" placeholder="Raise an item…"
                aria-invalid={aob.fields.title ? true : undefined} aria-describedby={aob.problem ? 'aob-error' : undefined}
                onInput={(e) => {
                  aob.clear();
                  setOther(e.currentTarget.value);
                }} />
              <button type="submit" disabled={aob.busy}>{aob.busy ? 'Adding…' : 'Add to the agenda'}</button>
              {aob.problem && <p class="field-error" id="aob-error" role="alert">{aob.fields.title ? `The item ${aob.fields.title}.` : aob.problem.message}</p>}
            </form>
          </nav>
          <aside class="shortcuts" aria-labelledby="keys-heading">
            <h2 id="keys-heading">Keys</h2>
            <dl>
              <dt><kbd>Alt</kbd>+<kbd>↓</kbd> / <kbd>Alt</kbd>+<kbd>↑</kbd></dt><dd>Next / previous item (also while typing)</dd>
              <dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>Next / previous item</dd>
              <dt><kbd>d</kbd></dt><dd>Write the decision</dd>
              <dt><kbd>a</kbd></dt><dd>Add an action item</dd>
              <dt><kbd>Enter</kbd></dt><dd>Adds the action item</dd>
              <dt><kbd>o</kbd></dt><dd>Any other business</dd>
              <dt><kbd>Esc</kbd></dt><dd>Leave the field (letters work again)</dd>
            </dl>
          </aside>
        </div>

        {current ? (
          <section class="current-item" aria-labelledby="item-title">
            <p class="item-count">Item {index + 1} of {agenda.length} · {AGENDA_KIND_WORDS[current.kind] ?? current.kind}</p>
            <h2 id="item-title" ref={headingRef} tabIndex={-1}>{current.title}</h2>
            {current.why && <p class="why">{current.why}</p>}
            {current.kind === 'action_item' && (carried.items[current.ref] ? (
              <ul class="action-items carried" aria-label="The action item">
                <ActionRow key={current.ref} item={carried.items[current.ref]!} onSaved={carried.update} onStale={carried.reload} />
              </ul>
            ) : carried.problem && <p class="notice" role="status">This action item could not be read ({carried.problem.message}), so it cannot be marked done here; the decision can still be recorded.</p>)}

            <div class="field decision">
              <label for="decision">Decision</label>
              <textarea id="decision" ref={decisionRef} rows={3} value={decisionText} maxLength={2000}
                aria-invalid={decisionErrors[current.ref] ? true : undefined}
                aria-describedby={decisionErrors[current.ref] ? 'decision-error' : 'decision-hint'}
                onInput={(e) => typeDecision(current.ref, e.currentTarget.value)}
                onBlur={() => flushDecision(current.ref)} />
              {decisionErrors[current.ref]
                ? <p class="field-error" id="decision-error" role="alert">{decisionErrors[current.ref]}</p>
                : <p class="hint" id="decision-hint">Saved as you type. Leave it empty when nothing was decided.</p>}
            </div>

            <h3 id="actions-heading">Action items</h3>
            {items.length + waitingHere.length === 0 ? <p class="empty">None yet.</p> : (
              <ul class="action-items" aria-labelledby="actions-heading">
                {items.map((a) => (
                  <ActionRow key={a.id} item={a} onSaved={(x) => setMeeting((m) => withActionItem(m, x))} onStale={reload} />
                ))}
                {waitingHere.map((p) => (
                  <PendingRow key={p.body.id} p={p} onFix={() => fixPending(p)} onRemove={() => setPending((l) => l.filter((x) => x.body.id !== p.body.id))} />
                ))}
              </ul>
            )}
            <ActionForm
              idPrefix="action" draft={forms[current.ref] ?? EMPTY_DRAFT} errors={formErrors[current.ref] ?? {}} busy={!!sending[current.ref]}
              choices={choices} whatRef={whatRef}
              onDraft={(d) => setForms((f) => ({ ...f, [current.ref]: d }))}
              onAdd={() => addAction(current.ref)}
            />
            {refusedElsewhere.length > 0 && (
              <p class="notice error" role="alert">
                {refusedElsewhere.length === 1 ? 'An action item on another agenda item was not saved' : `${refusedElsewhere.length} action items on other agenda items were not saved`}:{' '}
                {refusedElsewhere.map((p) => (
                  <button key={p.body.id} type="button" class="linkish" onClick={() => fixPending(p)}>Fix “{p.body.what}”</button>
                ))}
              </p>
            )}

            <div class="item-nav">
              <button type="button" onClick={() => go(index - 1)} disabled={index === 0} aria-keyshortcuts="Alt+ArrowUp k">← Previous item</button>
              <button type="button" class="primary" onClick={() => go(index + 1)} disabled={index >= agenda.length - 1} aria-keyshortcuts="Alt+ArrowDown j">Next item →</button>
            </div>
          </section>
        ) : <section class="current-item"><p class="empty">Nothing on the agenda yet.</p></section>}

      </div>

      <footer class="close-bar">
        {confirming ? (
          <ConfirmBox id="close-meeting" confirmLabel="Close and send the minutes" busy={close.busy} onCancel={() => setConfirming(false)} onConfirm={() => void closeMeeting()}
            question="Close the meeting and email the minutes to the attendees?">
            <p class="hint">After this, a change to a decision or an action item’s text, owner or date goes out as a correction. Marking action items done stays possible.</p>
          </ConfirmBox>
        ) : (
          <button type="button" class="primary close-button" onClick={() => setConfirming(true)}>Close the meeting and send the minutes</button>
        )}
        {close.problem && <p class={`notice ${close.problem.kind === 'offline' ? 'offline' : 'error'}`} role="alert">{close.problem.message}</p>}
      </footer>
    </>
  );
}
