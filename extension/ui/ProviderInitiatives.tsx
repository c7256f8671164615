import { useEffect, useRef, useState } from 'preact/hooks';
import { INITIATIVE_STATE_WORDS, type Initiative } from '../../shared/schemas';
import { callApiOn, type SignedIn } from '../core/contract/messages';
import type { ProviderAnswer } from '../core/contract/outbox-entry';
import { AnswerForm } from './AnswerForm';
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
  // Made once per form: sending again after a lost reply is the same answer.
  const answerId = useRef(crypto.randomUUID());
  const { busy, problem, run } = useSubmit(plainProblem);
  const client = connection.workspace.name;
  const save = async ({ status, eta, note }: ProviderAnswer) => {
    const body = { id: answerId.current, status, ...(eta ? { eta } : {}), ...(note ? { note } : {}) };
    if (await run(() => callApiOn(connection.id, 'answerInitiative', initiative.id, body))) onDone();
  };
  return (
    <AnswerForm
      id={id} busy={busy} current={initiative.providerAnswer?.status} client={client} what="initiative"
      label="Answer for the initiative" noteLabel={`Your plan, for ${client}`} problem={problem?.message}
      onSave={(answer) => void save(answer)} onCancel={onCancel}
    />
  );
}
