import type { ComponentChildren, Ref } from 'preact';
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { ActionItemCreateSchema, issuesToFields, type ActionItem, type ActionItemCreate, type ActionItemState } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { day } from '../annotation-words';
import { useSubmit, type Problem } from '../submit';
import { OWNER_GROUPS, ownerKey, SOMEONE_ELSE, type OwnerChoice } from './owners';
import { actionStateLine, meetingProblem } from './words';

/** An action item being typed: kept per agenda item, so moving between items loses nothing. */
export interface ActionDraft {
  what: string;
  owner: string;
  email: string;
  name: string;
  dueOn: string;
}
export const EMPTY_DRAFT: ActionDraft = { what: '', owner: '', email: '', name: '', dueOn: '' };

/** An action item sent (or waiting to be sent) that the Worker has not confirmed yet. */
export interface PendingAction {
  body: ActionItemCreate & { id: string };
  ref: string;
  label: { owner: string };
  state: 'sending' | 'waiting' | 'refused';
  problem?: Problem;
}

/**
 * The Worker's (or the schema's) field names, as the action form names its fields; a reason
 * about no field of the form (the meeting was closed, say) is said above its buttons.
 */
export function actionFieldErrors(fields: Record<string, string>, message?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(fields)) {
    if (k === 'owner.email') out.email ??= msg;
    else if (k === 'owner.name') out.name ??= msg;
    else if (k === 'owner' || k.startsWith('owner.')) out.owner ??= msg;
    else if (k === 'what' || k === 'dueOn') out[k] ??= msg;
    else out.form ??= message ?? `${k} ${msg}`;
  }
  if (!Object.keys(out).length && message) out.form = message;
  return out;
}

/** Makes the request body from a draft, or says what is wrong with it in the Worker's own words. */
export function actionBody(draft: ActionDraft, choices: OwnerChoice[], ref: string, id: string): { body: ActionItemCreate & { id: string } } | { errors: Record<string, string> } {
  const chosen = choices.find((c) => c.key === draft.owner)?.owner
    ?? (draft.owner === SOMEONE_ELSE ? { kind: 'person' as const, email: draft.email, ...(draft.name.trim() ? { name: draft.name } : {}) } : undefined);
  const raw = { id, ref, what: draft.what, ...(chosen ? { owner: chosen } : {}), ...(draft.dueOn ? { dueOn: draft.dueOn } : {}) };
  const parsed = v.safeParse(ActionItemCreateSchema, raw);
  if (!parsed.success) {
    // Missing ones in the contract's own words, more helpful than the bare "is required".
    const missing = {
      ...(!draft.owner ? { owner: 'is required: say who does it (a member, the provider company, or an executive)' } : {}),
      ...(!draft.dueOn ? { dueOn: 'is required: say by when' } : {}),
    };
    return { errors: { ...actionFieldErrors(issuesToFields(parsed.issues)), ...missing } };
  }
  return { body: { ...parsed.output, id } };
}

/** A draft holding an action item again (one the Worker refused, put back to be fixed). */
export function draftOf(body: ActionItemCreate): ActionDraft {
  const o = body.owner;
  return {
    what: body.what, dueOn: body.dueOn, owner: o.kind === 'person' ? SOMEONE_ELSE : ownerKey(o),
    email: o.kind === 'person' ? o.email : '', name: o.kind === 'person' ? (o.name ?? '') : '',
  };
}

/** The owner list, grouped; an owner already chosen but not listed is shown too. */
export function OwnerSelect({ id, value, choices, extra, error, onChange, required = true }: {
  id: string; value: string; choices: OwnerChoice[]; extra?: OwnerChoice | null; error?: string; onChange(v: string): void; required?: boolean;
}) {
  const all = extra && !choices.some((c) => c.key === extra.key) ? [...choices, extra] : choices;
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined} aria-required={required}>
      <option value="">Choose…</option>
      {(Object.keys(OWNER_GROUPS) as OwnerChoice['group'][]).map((g) => {
        const inGroup = all.filter((c) => c.group === g);
        return inGroup.length ? (
          <optgroup key={g} label={OWNER_GROUPS[g]}>
            {inGroup.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
          </optgroup>
        ) : null;
      })}
      <option value={SOMEONE_ELSE}>Someone else (by email address)…</option>
    </select>
  );
}

/** A field's label, control and error beside it, the error read with the control. */
function Labelled({ id, label, error, children, hint }: { id: string; label: string; error?: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{label} {error.replace(/\.$/, '')}.</p>}
    </div>
  );
}

const invalid = (id: string, error?: string) => ({ id, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': error ? `${id}-error` : undefined });

/**
 * The form that adds an action item to the agenda item on screen: what, who, by when.
 * Enter in any of its fields adds it; the form then empties and the keyboard is back in
 * "What" for the next one.
 */
export function ActionForm({ idPrefix, draft, errors, busy, choices, whatRef, onDraft, onAdd }: {
  idPrefix: string; draft: ActionDraft; errors: Record<string, string>; busy: boolean; choices: OwnerChoice[];
  whatRef?: Ref<HTMLInputElement>; onDraft(d: ActionDraft): void; onAdd(): void;
}) {
  const set = <K extends keyof ActionDraft>(k: K, value: ActionDraft[K]) => onDraft({ ...draft, [k]: value });
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form class="action-form" aria-label="New action item" noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onAdd();
      }}
      onKeyDown={(e) => {
        // A select does not submit its form on Enter by itself.
        if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && (e.target as HTMLElement).tagName === 'SELECT') {
          e.preventDefault();
          if (!busy) onAdd();
        }
      }}>
      <div class="action-fields">
        <Labelled id={id('what')} label="What" error={errors.what}>
          <input {...invalid(id('what'), errors.what)} ref={whatRef} value={draft.what} maxLength={500} autoComplete="off"
            onInput={(e) => set('what', e.currentTarget.value)} />
        </Labelled>
        <Labelled id={id('owner')} label="Owner" error={errors.owner}>
          <OwnerSelect id={id('owner')} value={draft.owner} choices={choices} error={errors.owner} onChange={(x) => set('owner', x)} />
        </Labelled>
        <Labelled id={id('due')} label="Due date" error={errors.dueOn}>
          <input type="date" {...invalid(id('due'), errors.dueOn)} value={draft.dueOn} onInput={(e) => set('dueOn', e.currentTarget.value)} />
        </Labelled>
      </div>
      {draft.owner === SOMEONE_ELSE && (
        <div class="action-fields">
          <Labelled id={id('email')} label="Their email address" error={errors.email}>
            <input type="email" {...invalid(id('email'), errors.email)} value={draft.email} autoComplete="off" onInput={(e) => set('email', e.currentTarget.value)} />
          </Labelled>
          <Labelled id={id('name')} label="Their name (optional)" error={errors.name}>
            <input {...invalid(id('name'), errors.name)} value={draft.name} autoComplete="off" onInput={(e) => set('name', e.currentTarget.value)} />
          </Labelled>
        </div>
      )}
      {errors.form && <p class="field-error" role="alert">{errors.form}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Adding…' : 'Add action item'}</button>
        <span class="hint">Enter adds it</span>
      </div>
    </form>
  );
}

const STATE_BUTTONS: Array<{ to: ActionItemState; label: string }> = [
  { to: 'done', label: 'Mark done' },
  { to: 'dropped', label: 'Drop' },
];

/**
 * One action item, with its owner and date, marked done or dropped at any time (that is
 * progress, not the minutes, so it is allowed after the minutes went out too).
 */
export function ActionRow({ item, onSaved, onStale }: { item: ActionItem; onSaved(a: ActionItem): void; onStale(): Promise<void> }) {
  const change = useSubmit(meetingProblem);
  const [note, setNote] = useState('');
  const setState = async (state: ActionItemState) => {
    setNote('');
    let stale = false;
    await change.run(async () => {
      try {
        onSaved(await callApi('updateActionItem', item.id, { state, version: item.version }));
      } catch (err) {
        const p = meetingProblem(err);
        if (p.code !== 'conflict') throw err;
        stale = true;
      }
    });
    if (stale) {
      await onStale();
      setNote('Someone changed this action item meanwhile (in another tab or from the provider’s answer). It is shown as it is now: mark it again if you still need to.');
    }
  };
  const provider = item.providerAnswer;
  return (
    <li class={`action-item state-${item.state}${item.late ? ' late' : ''}`} data-action-id={item.id}>
      <p class="action-what">{item.what}</p>
      <p class="action-meta">
        <span>{item.owner.name}</span>
        <span class={`pill action-state${item.late ? ' late' : ''}`}>{actionStateLine(item)}</span>
        {provider && <span class="hint">Provider’s answer: {provider.status.replace(/_/g, ' ')}{provider.eta ? `, expected ${day(provider.eta)}` : ''}{provider.note ? ` — ${provider.note}` : ''}</span>}
      </p>
      <div class="card-actions">
        {item.state === 'open'
          ? STATE_BUTTONS.map((b) => (
            <button key={b.to} type="button" disabled={change.busy} onClick={() => void setState(b.to)} aria-label={`${b.label}: ${item.what}`}>{b.label}</button>
          ))
          : <button type="button" disabled={change.busy} onClick={() => void setState('open')} aria-label={`Open again: ${item.what}`}>Open again</button>}
      </div>
      {note && <p class="notice" role="status">{note}</p>}
      {change.problem && <p class="field-error" role="alert">Not saved: {change.problem.message}</p>}
    </li>
  );
}

/** An action item the Worker has not confirmed: on its way, waiting for the network, or refused. */
export function PendingRow({ p, onFix, onRemove }: { p: PendingAction; onFix(): void; onRemove(): void }) {
  return (
    <li class={`action-item is-pending${p.state === 'refused' ? ' needs-attention' : ''}`} data-action-id={p.body.id}>
      <p class="action-what">{p.body.what}</p>
      <p class="action-meta">
        <span>{p.label.owner}</span>
        <span class="pill">Due {day(p.body.dueOn)}</span>
        <span class="pending-word">{p.state === 'sending' ? 'Saving…' : p.state === 'waiting' ? 'Not saved yet: sent again by itself' : 'Not saved'}</span>
      </p>
      {p.state === 'refused' && (
        <>
          <p class="field-error" role="alert">{p.problem?.message}</p>
          <div class="card-actions">
            <button type="button" onClick={onFix}>Fix it</button>
            <button type="button" onClick={onRemove}>Remove</button>
          </div>
        </>
      )}
    </li>
  );
}

/** The label a pending item shows for its owner, from the choices (or the address typed). */
export function ownerLabel(body: ActionItemCreate, choices: OwnerChoice[]): string {
  const found = choices.find((c) => c.key === ownerKey(body.owner));
  if (found) return found.label;
  return body.owner.kind === 'person' ? (body.owner.name || body.owner.email) : body.owner.kind === 'provider' ? body.owner.company : 'A member';
}

