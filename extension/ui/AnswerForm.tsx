import { useEffect, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import { AnnotationUpdateCreateSchema, issuesToFields, PROVIDER_STATUSES, type ProviderStatus } from '../../shared/schemas';
import type { ProviderAnswer } from '../core/contract/outbox-entry';
import { PROVIDER_ANSWER_LABEL } from './annotation-words';

/**
 * A provider's answer on a shared item or an initiative: where it stands, by when, and a word
 * for the client. Ctrl/⌘+Enter sends, Esc cancels. Checked with the Worker's own rules (eta a
 * date, note's length) before it is sent or queued.
 */
export function AnswerForm({ id, busy, current, client, what = 'item', label = 'Answer', noteLabel = `Note for ${client}`, problem, onSave, onCancel }: {
  id: string; busy: boolean; current?: ProviderStatus; client: string;
  /** What is answered, in the form's messages ("Choose where the item stands."). */
  what?: string;
  label?: string;
  noteLabel?: string;
  /** Why the last send failed, shown above the buttons. */
  problem?: string;
  onSave(answer: ProviderAnswer): void; onCancel(): void;
}) {
  const [status, setStatus] = useState<ProviderStatus | ''>(current ?? '');
  const [eta, setEta] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (!status) {
      setErrors({ providerStatus: `Choose where the ${what} stands.` });
      return;
    }
    const answer = { id: crypto.randomUUID(), providerStatus: status, ...(eta ? { eta } : {}), ...(note.trim() ? { note } : {}) };
    const parsed = v.safeParse(AnnotationUpdateCreateSchema, answer);
    if (!parsed.success) {
      const fields = issuesToFields(parsed.issues);
      setErrors({
        ...(fields.eta ? { eta: 'The expected date must be a date, like 2026-12-31.' } : {}),
        ...(fields.note ? { note: `The note ${fields.note}.` } : {}),
        ...(fields.providerStatus ? { providerStatus: `Choose where the ${what} stands.` } : {}),
      });
      return;
    }
    setErrors({});
    onSave({ id: answer.id, status, ...(parsed.output.eta ? { eta: parsed.output.eta } : {}), ...(parsed.output.note ? { note: parsed.output.note } : {}) });
  };

  const described = (name: string) => ({
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });

  return (
    <form class="note-form answer-form" aria-label={label} onSubmit={submit} noValidate
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}>
      <fieldset class="field" aria-describedby={errors.providerStatus ? `${id}-providerStatus-error` : undefined}>
        <legend>Where it stands</legend>
        <div class="choices">
          {PROVIDER_STATUSES.map((s, i) => (
            <label key={s}>
              <input type="radio" name={`${id}-status`} value={s} ref={i === 0 ? first : undefined} checked={status === s} onChange={() => setStatus(s)} />
              {s === 'waiting_on_client' ? `Waiting on the client (${client})` : PROVIDER_ANSWER_LABEL[s]}
            </label>
          ))}
        </div>
        {errors.providerStatus && <p class="field-error" id={`${id}-providerStatus-error`} role="alert">{errors.providerStatus}</p>}
      </fieldset>
      <div class="field">
        <label for={`${id}-eta`}>Expected by <span class="muted">(optional)</span></label>
        <input id={`${id}-eta`} type="date" value={eta} onInput={(e) => setEta(e.currentTarget.value)} {...described('eta')} />
        {errors.eta && <p class="field-error" id={`${id}-eta-error`} role="alert">{errors.eta}</p>}
      </div>
      <div class="field">
        <label for={`${id}-note`}>{noteLabel} <span class="muted">(optional)</span></label>
        <textarea id={`${id}-note`} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} {...described('note')} />
        {errors.note && <p class="field-error" id={`${id}-note-error`} role="alert">{errors.note}</p>}
      </div>
      {problem && <p class="field-error" role="alert">{problem}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>Send answer</button>
        <button type="button" onClick={onCancel}>Cancel</button>
        <span class="muted">Ctrl+Enter sends · Esc cancels</span>
      </div>
    </form>
  );
}
