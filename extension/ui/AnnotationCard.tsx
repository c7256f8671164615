import { useEffect, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import { AnnotationUpdateCreateSchema, issuesToFields, type Annotation, type Member, type ProviderCompany, type Taxonomy } from '../../shared/schemas';
import { applyToAnnotation, type AnnotationChanges } from '../core/contract/annotation-changes';
import { isNote, isPatch, type AnnotationChange, type OutboxEntry, type Resolution } from '../core/contract/outbox-entry';
import {
  ago, day, fieldLabel, HORIZON_LABEL, namer, PRIORITY_LABEL, providerLine, STATE_LABEL, visibilityText,
} from './annotation-words';
import { ConflictView } from './ConflictView';
import { InitiativePicker } from './InitiativePicker';
import { plainProblem, useSubmit } from './submit';
import { TagForm } from './TagForm';
import { Timeline } from './Timeline';

/** One tag as the side panel shows it. */
export interface CardItem {
  /** The tag with the user's queued changes applied: what it will be once they are sent. */
  annotation: Annotation;
  /** Whether the Worker has the tag (false while a new tag is still on its way). */
  saved: boolean;
  /** The user's changes to it that are queued or were refused, oldest first. */
  entries: OutboxEntry[];
}

export interface AnnotationCardProps {
  item: CardItem;
  taxonomy: Taxonomy;
  me: Member;
  /** The companies an item may be shared with (for the edit form). */
  providerCompanies?: ProviderCompany[] | null;
  onChange(change: AnnotationChange): Promise<unknown>;
  onResolve(entryId: string, resolution: Resolution): Promise<unknown>;
}

/** Why Steward refused a change, in the form's words: per field when it said which. */
function refusalText(stuck: NonNullable<OutboxEntry['stuck']>): string {
  const fields = Object.entries(stuck.fields ?? {});
  if (!fields.length || stuck.code === 'conflict') return stuck.message;
  return `Not saved: ${fields.map(([f, m]) => `${fieldLabel(f)} ${m}`).join('; ')}.`;
}

type Mode = 'view' | 'edit' | 'note' | 'confirm-delete' | 'edit-conflict';

/**
 * A tag on the ticket: what it says and where it stands, what is still on its way, and what
 * can be done with it (edit, resolve or reopen, drop, delete, add a note, read its timeline).
 * When someone else changed it while the user's change waited, both versions are shown and
 * the user chooses.
 */
export function AnnotationCard({ item, taxonomy, me, providerCompanies = null, onChange, onResolve }: AnnotationCardProps) {
  const { annotation: a, saved, entries } = item;
  const [mode, setMode] = useState<Mode>('view');
  // The tag as it was when Edit was chosen: the edit is made from that version, even if a
  // newer one arrives while the form is open (then the user is asked, not overwritten).
  const [editBase, setEditBase] = useState<Annotation | null>(null);
  const [timelineOpen, setTimelineOpen] = useState(false);
  const { busy, problem, run: submit, clear } = useSubmit(plainProblem);
  const opener = useRef<HTMLElement | null>(null);
  const cardRef = useRef<HTMLLIElement>(null);

  const base = `card-${a.id}`;
  const stuck = entries.find((e) => e.stuck);
  const conflict = entries.filter(isPatch).find((e) => e.stuck && e.conflict);
  const waiting = entries.filter((e) => !e.stuck);
  const canEdit = me.role === 'admin' || me.role === 'staff';
  const canDelete = canEdit && (a.author.id === me.id || me.role === 'admin');

  const open = (next: Mode) => (e: Event) => {
    opener.current = e.currentTarget as HTMLElement;
    clear();
    if (next === 'edit') setEditBase(a);
    setMode(next);
  };
  const close = () => {
    setMode('view');
    setEditBase(null);
  };
  // Back to the button that opened a form, so the keyboard continues where it was: only when a
  // form closes (effects wait for a paint, so the card's first run can come after a click that
  // already opened one).
  const lastMode = useRef<Mode>('view');
  useEffect(() => {
    const from = lastMode.current;
    lastMode.current = mode;
    if (mode !== 'view' || from === 'view' || !opener.current) return;
    const target = opener.current.isConnected ? opener.current : cardRef.current?.querySelector<HTMLElement>('.card-actions button');
    target?.focus();
    opener.current = null;
  }, [mode]);

  // Resolve, Drop and Reopen replace the button that was pressed: once the card shows the new
  // state, the keyboard continues from the button now in its place.
  const stateWhenPressed = useRef<string | null>(null);
  useEffect(() => {
    if (stateWhenPressed.current === null || stateWhenPressed.current === a.state) return;
    const next = cardRef.current?.querySelector<HTMLElement>('[data-state-button]');
    next?.focus();
    if (!next || document.activeElement === next) stateWhenPressed.current = null; // else: still disabled while saving; try again
  });

  // Likewise once a choice settles a conflict: the conflict view leaves, the card's actions return.
  const choseInConflict = useRef(false);
  useEffect(() => {
    if (!choseInConflict.current || conflict) return;
    const next = cardRef.current?.querySelector<HTMLElement>('.card-actions button');
    next?.focus();
    if (!next || document.activeElement === next) choseInConflict.current = false;
  });

  const run = async (work: () => Promise<unknown>, after?: () => void) => {
    if (await submit(work)) after?.();
  };
  const patch = (changes: AnnotationChanges) => {
    stateWhenPressed.current = a.state;
    return run(() => onChange({ kind: 'patch', base: a, changes }));
  };

  const mine = conflict?.conflict && conflict.changes ? applyToAnnotation(conflict.conflict, conflict.changes, namer(taxonomy)) : null;
  const provider = providerLine(a);
  // Editing a refused tag or change: Steward's reasons show beside their fields.
  const refusedFields = stuck && !conflict && (stuck.kind === 'create' || stuck.kind === 'patch') ? stuck.stuck?.fields : undefined;

  return (
    <li
      ref={cardRef}
      class={`annotation priority-${a.priority} state-${a.state}${entries.length ? ' is-pending' : ''}${stuck ? ' needs-attention' : ''}`}
      data-annotation-id={a.id}
      aria-labelledby={`${base}-summary`}
    >
      {mode === 'edit' && editBase ? (
        <TagForm
          ticket={null}
          taxonomy={taxonomy}
          providerCompanies={providerCompanies}
          initialErrors={refusedFields}
          idPrefix={`${base}-edit-`}
          editing={{
            annotation: editBase,
            canMakePrivate: editBase.author.id === me.id,
            onSave: (changes) => onChange({ kind: 'patch', base: editBase, changes }).then(close),
            onCancel: close,
          }}
        />
      ) : mode === 'edit-conflict' && conflict && mine ? (
        <TagForm
          ticket={null}
          taxonomy={taxonomy}
          providerCompanies={providerCompanies}
          idPrefix={`${base}-mine-`}
          editing={{
            annotation: mine,
            canMakePrivate: mine.author.id === me.id,
            saveLabel: 'Save mine',
            onSave: (changes) => onResolve(conflict.id, { kind: 'edit', changes }).then(close),
            onCancel: close,
          }}
        />
      ) : (
        <>
          <p class="summary" id={`${base}-summary`}>{a.summary}</p>
          <p class="meta">
            <span class="pill priority">{PRIORITY_LABEL[a.priority]} priority</span>
            <span class="pill">{HORIZON_LABEL[a.horizon]}{a.eventDate ? `, ${day(a.eventDate)}` : ''}</span>
            <span class={`pill state state-${a.state}`}>{STATE_LABEL[a.state]}</span>
            <span class={`pill visibility-${a.visibility}`}>{visibilityText(a)}</span>
          </p>
          <dl class="facts">
            <dt>Line of business</dt>
            <dd>{a.labels.lineOfBusiness}</dd>
            {a.labels.stakeholders.length > 0 && (
              <>
                <dt>Stakeholders</dt>
                <dd>{a.labels.stakeholders.join(', ')}</dd>
              </>
            )}
            <dt>Impact</dt>
            <dd>{a.labels.impact}</dd>
            {a.labels.kpis.length > 0 && (
              <>
                <dt>KPIs</dt>
                <dd>{a.labels.kpis.join(', ')}</dd>
              </>
            )}
            {provider && (
              <>
                <dt>{a.sharedWith ?? 'Provider'}</dt>
                {provider.waiting ? (
                  <dd class="provider-waiting">{provider.text}</dd>
                ) : (
                  <dd class="provider-status">
                    {provider.text} <span class="muted">({ago(a.providerStatus!.at)})</span>
                  </dd>
                )}
              </>
            )}
          </dl>
          <p class={`byline${stuck && !saved ? ' error' : ''}`}>
            {saved ? `${a.author.name}, ${ago(a.createdAt)}${a.updatedAt !== a.createdAt ? ` · changed ${ago(a.updatedAt)}` : ''}` : stuck ? 'Not saved' : 'Sending…'}
          </p>
          <PendingStatus waiting={waiting} stuck={stuck} saved={saved} />
        </>
      )}

      {conflict && mine && mode !== 'edit-conflict' && (
        <ConflictView
          id={`${base}-conflict`}
          theirs={conflict.conflict!}
          mine={mine}
          changes={conflict.changes}
          busy={busy}
          onKeepMine={() => {
            choseInConflict.current = true;
            void run(() => onResolve(conflict.id, { kind: 'keep-mine' }));
          }}
          onUseTheirs={() => {
            choseInConflict.current = true;
            void run(() => onResolve(conflict.id, { kind: 'use-theirs' }));
          }}
          onEdit={() => {
            opener.current = document.activeElement as HTMLElement | null;
            setMode('edit-conflict');
          }}
        />
      )}

      {stuck && !conflict && mode === 'view' && (
        <div class="attention" role="alert">
          <p class="field-error">{refusalText(stuck.stuck!)}</p>
          {refusedFields && canEdit && <p class="hint">Edit the tag to correct it; it is sent again when you save.</p>}
          <div class="actions">
            {stuck.kind !== 'create' && (
              <button type="button" disabled={busy} onClick={() => void run(() => onResolve(stuck.id, { kind: 'retry' }))}>Try again</button>
            )}
            <button type="button" disabled={busy} onClick={() => void run(() => onResolve(stuck.id, { kind: 'discard' }))}>
              {stuck.kind === 'create' ? 'Discard this tag' : stuck.kind === 'note' ? 'Discard the note' : 'Discard my change'}
            </button>
          </div>
        </div>
      )}

      {mode === 'note' && <NoteForm id={`${base}-note`} busy={busy} onCancel={close} onSave={(note) => run(() => onChange({ kind: 'note', base: a, note }), close)} />}

      {mode === 'confirm-delete' && (
        <div class="confirm" role="group" aria-labelledby={`${base}-confirm`} onKeyDown={(e) => e.key === 'Escape' && close()}>
          <p id={`${base}-confirm`}>Delete this tag for everyone? It leaves the reports and cannot be undone. (Resolve or drop it to keep its history.)</p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void run(() => onChange({ kind: 'delete', base: a }), close)}>Delete tag</button>
            <AutoFocusButton onClick={close}>Keep it</AutoFocusButton>
          </div>
        </div>
      )}

      {mode === 'view' && !conflict && canEdit && (
        <div class="card-actions" role="group" aria-label="Actions for this tag">
          <button type="button" onClick={open('edit')} aria-describedby={`${base}-summary`}>Edit</button>
          {a.state === 'open' ? (
            <>
              <button type="button" data-state-button disabled={busy} onClick={() => void patch({ state: 'resolved' })} aria-describedby={`${base}-summary`}>Resolve</button>
              <button type="button" disabled={busy} onClick={() => void patch({ state: 'dropped' })} aria-describedby={`${base}-summary`}>Drop</button>
            </>
          ) : (
            <button type="button" data-state-button disabled={busy} onClick={() => void patch({ state: 'open' })} aria-describedby={`${base}-summary`}>Reopen</button>
          )}
          <button type="button" onClick={open('note')} aria-describedby={`${base}-summary`}>Add note</button>
          {canDelete && <button type="button" class="danger-text" onClick={open('confirm-delete')} aria-describedby={`${base}-summary`}>Delete</button>}
        </div>
      )}
      {mode === 'view' && !conflict && canEdit && <InitiativePicker annotation={a} saved={saved} />}
      {mode === 'view' && !canEdit && (
        <div class="card-actions">
          <button type="button" onClick={open('note')} aria-describedby={`${base}-summary`}>Add note</button>
        </div>
      )}

      {problem && <p class="field-error" role="alert">{problem.message}</p>}

      <button
        type="button" class="linkish timeline-toggle" aria-expanded={timelineOpen} aria-controls={`${base}-timeline`}
        onClick={() => setTimelineOpen((x) => !x)}
      >
        {timelineOpen ? 'Hide timeline' : 'Show timeline'}
      </button>
      {timelineOpen && <Timeline annotation={a} saved={saved} pendingNotes={entries.filter(isNote)} id={`${base}-timeline`} />}
    </li>
  );
}

/** What is still on its way for a tag, in words: one line at most. */
function PendingStatus({ waiting, stuck, saved }: { waiting: OutboxEntry[]; stuck?: OutboxEntry; saved: boolean }) {
  if (stuck) return <p class="hint pending-status attention-word">Needs your attention</p>;
  if (waiting.length === 0) return null;
  const offline = waiting.some((e) => e.offline);
  const trouble = waiting.find((e) => e.lastError && !e.offline);
  if (offline) return <p class="hint pending-status">Offline: will send when back.</p>;
  if (trouble) return <p class="hint pending-status">{trouble.lastError}</p>;
  // A new tag's byline already says it is being sent.
  return saved ? <p class="hint pending-status">Saving…</p> : null;
}

function AutoFocusButton({ onClick, children }: { onClick(): void; children: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return <button type="button" ref={ref} onClick={onClick}>{children}</button>;
}

/** A note for the tag's timeline: Ctrl/⌘+Enter adds it, Esc cancels. */
function NoteForm({ id, busy, onSave, onCancel }: { id: string; busy: boolean; onSave(note: { id: string; text: string }): void; onCancel(): void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = (e?: Event) => {
    e?.preventDefault();
    if (!text.trim()) {
      setProblem('Write the note first.');
      return;
    }
    const note = { id: crypto.randomUUID(), note: text };
    // The same check the Worker makes on a note.
    const parsed = v.safeParse(AnnotationUpdateCreateSchema, note);
    if (!parsed.success || !parsed.output.note) {
      setProblem(parsed.success ? 'Write the note first.' : `The note ${issuesToFields(parsed.issues).note ?? 'cannot be saved as it is'}.`);
      return;
    }
    onSave({ id: note.id, text: parsed.output.note });
  };
  return (
    <form
      class="note-form" onSubmit={submit} noValidate aria-label="Add a note"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label for={id}>Note <span class="muted">(on this tag's timeline)</span></label>
      <textarea
        id={id} ref={ref} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)}
        aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-error` : undefined}
      />
      {problem && <p class="field-error" id={`${id}-error`} role="alert">{problem}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>Add note</button>
        <button type="button" onClick={onCancel}>Cancel</button>
        <span class="muted">Ctrl+Enter adds · Esc cancels</span>
      </div>
    </form>
  );
}
