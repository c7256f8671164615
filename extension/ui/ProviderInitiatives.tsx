import { useEffect, useRef, useState } from 'preact/hooks';
import { INITIATIVE_STATE_WORDS, PROVIDER_STATUSES, type Initiative, type ProviderStatus } from '../../shared/schemas';
import { callApiOn, type SignedIn } from '../core/contract/messages';
import { day, PROVIDER_ANSWER_LABEL } from './annotation-words';
import { plainProblem, useSubmit } from './submit';

/**
 * The initiatives the provider's company delivers for the active client, below its inbox: what
 * to deliver, how the client will measure it, and the provider's answer (where it stands, when,
 * the plan). Answers go straight to the Worker; a failed one stays in the form with the reason.
 */
export function ProviderInitiatives({ connection }: { connection: SignedIn }) {
  const [items, setItems] = useState<Initiative[] | null>(null);
  const [problem, setProblem] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    callApiOn(connection.id, 'initiatives').then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setProblem('');
      },
      (err: unknown) => live && setProblem(`Initiatives could not be loaded (${plainProblem(err).message}).`),
    );
    return () => {
      live = false;
    };
  }, [connection.id, version]);
  if (problem) return <p class="notice error" role="alert">{problem}</p>;
  if (!items?.length) return null;
  return (
    <section aria-labelledby="provider-initiatives-heading" class="provider-initiatives">
      <h2 id="provider-initiatives-heading">Initiatives you deliver</h2>
      <ul class="annotations inbox">
        {items.map((i) => <InitiativeCard key={i.id} initiative={i} connection={connection} onAnswered={() => setVersion((x) => x + 1)} />)}
      </ul>
    </section>
  );
}

function InitiativeCard({ initiative: i, connection, onAnswered }: { initiative: Initiative; connection: SignedIn; onAnswered(): void }) {
  const [answering, setAnswering] = useState(false);
  const a = i.providerAnswer;
  const id = `provider-initiative-${i.id}`;
  return (
    <li class="annotation initiative-item" data-initiative-id={i.id}>
      <p class="summary">{i.title} <span class="muted">({INITIATIVE_STATE_WORDS[i.state]}{i.targetQuarter ? `, for ${i.targetQuarter}` : ''})</span></p>
      <p>{i.gap}</p>
      {i.specification.length > 0 && <ul class="hint">{i.specification.map((s) => <li key={s}>{s}</li>)}</ul>}
      {i.kpis.map((k) => <p key={k.kpiId} class="hint">Measured by {k.name}: from {k.baseline} to {k.target} {k.unit} by {day(k.targetOn)}</p>)}
      <p class="hint" data-testid="initiative-answer">
        {a ? `Your answer: ${PROVIDER_ANSWER_LABEL[a.status]}${a.eta ? `, expected ${day(a.eta)}` : ''}` : 'Waiting for your answer'}
      </p>
      {answering
        ? <InitiativeAnswerForm id={id} initiative={i} connection={connection} onDone={() => { setAnswering(false); onAnswered(); }} onCancel={() => setAnswering(false)} />
        : <button type="button" onClick={() => setAnswering(true)}>Answer</button>}
    </li>
  );
}

function InitiativeAnswerForm({ id, initiative, connection, onDone, onCancel }: {
  id: string; initiative: Initiative; connection: SignedIn; onDone(): void; onCancel(): void;
}) {
  const [status, setStatus] = useState<ProviderStatus | ''>(initiative.providerAnswer?.status ?? '');
  const [eta, setEta] = useState('');
  const [note, setNote] = useState('');
  // Made once per form: sending again after a lost reply is the same answer.
  const answerId = useRef(crypto.randomUUID());
  const { busy, problem, run, fail } = useSubmit(plainProblem);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const client = connection.workspace.name;

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!status) {
      fail({ kind: 'other', code: 'validation_failed', message: 'Choose where the initiative stands.', fields: { status: 'is required' } });
      return;
    }
    const body = { id: answerId.current, status, ...(eta ? { eta } : {}), ...(note.trim() ? { note } : {}) };
    if (await run(() => callApiOn(connection.id, 'answerInitiative', initiative.id, body))) onDone();
  };

  return (
    <form class="note-form answer-form" aria-label="Answer for the initiative" onSubmit={(e) => void submit(e)} noValidate
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}>
      <fieldset class="field">
        <legend>Where it stands</legend>
        <div class="choices">
          {PROVIDER_STATUSES.map((s, n) => (
            <label key={s}>
              <input type="radio" name={`${id}-status`} value={s} ref={n === 0 ? first : undefined} checked={status === s} onChange={() => setStatus(s)} />
              {s === 'waiting_on_client' ? `Waiting on the client (${client})` : PROVIDER_ANSWER_LABEL[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for={`${id}-eta`}>Expected by <span class="muted">(optional)</span></label>
        <input id={`${id}-eta`} type="date" value={eta} onInput={(e) => setEta(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${id}-note`}>Your plan, for {client} <span class="muted">(optional)</span></label>
        <textarea id={`${id}-note`} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      {problem && <p class="field-error" role="alert">{problem.message}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>Send answer</button>
        <button type="button" onClick={onCancel}>Cancel</button>
        <span class="muted">Ctrl+Enter sends · Esc cancels</span>
      </div>
    </form>
  );
}
