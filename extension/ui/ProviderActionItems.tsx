import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionItem } from '../../shared/schemas';
import { callApiOn, type SignedIn } from '../core/contract/messages';
import type { ProviderAnswer } from '../core/contract/outbox-entry';
import { AnswerForm } from './AnswerForm';
import { day, PROVIDER_ANSWER_LABEL } from './annotation-words';
import { actionStateLine } from './meeting/words';
import { plainProblem, useSubmit } from './submit';

/**
 * The action items the client's dialogue meeting gave the provider's company, below its inbox:
 * what, by when, from which meeting, and the provider's answer (done closes it). Answers go
 * straight to the Worker; a failed one stays in the form with the reason.
 */
export function ProviderActionItems({ connection }: { connection: SignedIn }) {
  const [items, setItems] = useState<ActionItem[] | null>(null);
  const [problem, setProblem] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    callApiOn(connection.id, 'providerActionItems').then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setProblem('');
      },
      (err: unknown) => live && setProblem(`Action items from the meetings could not be loaded (${plainProblem(err).message}).`),
    );
    return () => {
      live = false;
    };
  }, [connection.id, version]);
  if (problem) return <p class="notice error" role="alert">{problem}</p>;
  if (!items?.length) return null;
  const open = items.filter((i) => i.state === 'open');
  return (
    <section aria-labelledby="provider-actions-heading" class="provider-actions">
      <h2 id="provider-actions-heading">Action items from the meetings</h2>
      <p class="hint">
        {open.length ? `${open.length} open${open.some((i) => i.late) ? `, ${open.filter((i) => i.late).length} late` : ''}.` : 'All done.'} Decided in {connection.workspace.name}’s dialogue meeting, for {connection.member.providerCompany ?? 'your company'}.
      </p>
      <ul class="annotations inbox">
        {items.map((i) => <ActionCard key={i.id} item={i} connection={connection} onAnswered={() => setVersion((x) => x + 1)} />)}
      </ul>
    </section>
  );
}

function ActionCard({ item, connection, onAnswered }: { item: ActionItem; connection: SignedIn; onAnswered(): void }) {
  const [answering, setAnswering] = useState(false);
  const [status, setStatus] = useState('');
  const { busy, problem, run } = useSubmit(plainProblem);
  const button = useRef<HTMLButtonElement>(null);
  const a = item.providerAnswer;
  const id = `provider-action-${item.id}`;
  const client = connection.workspace.name;
  const save = async ({ status: given, eta, note }: ProviderAnswer) => {
    // The action item's answer has no id of its own: the Worker records each answer sent.
    const body = { status: given, ...(eta ? { eta } : {}), ...(note ? { note } : {}) };
    if (!(await run(() => callApiOn(connection.id, 'answerActionItem', item.id, body)))) return;
    setAnswering(false);
    setStatus(given === 'done' ? `Marked done: ${client} sees it in the next report.` : `Answer sent to ${client}.`);
    onAnswered();
  };
  return (
    <li class={`annotation inbox-item action-item-card state-${item.state}${item.late ? ' late' : ''}`} data-action-id={item.id} aria-labelledby={`${id}-what`}>
      <p class="summary" id={`${id}-what`}>{item.what}</p>
      <p class="meta">
        <span class={`pill${item.late ? ' state-late' : ''}`}>{actionStateLine(item)}</span>
        <span class="pill">Meeting of {day(item.meetingOn)}</span>
      </p>
      <p class={`answer-state ${a ? 'answer-answered' : item.state === 'open' ? 'answer-waiting' : ''}`} data-testid="action-answer">
        {a ? `Your answer: ${PROVIDER_ANSWER_LABEL[a.status]}${a.eta ? `, expected ${day(a.eta)}` : ''}${a.note ? `: ${a.note}` : ''}` : item.state === 'open' ? 'Waiting for your answer' : 'Not answered'}
      </p>
      {answering ? (
        <AnswerForm id={id} busy={busy} current={a?.status} client={client} what="action item" label="Answer for the action item"
          problem={problem?.message} onSave={(x) => void save(x)} onCancel={() => {
            setAnswering(false);
            setTimeout(() => button.current?.focus(), 0);
          }} />
      ) : item.state === 'open' || a ? (
        <div class="card-actions">
          <button type="button" class="primary" ref={button} onClick={() => {
            setStatus('');
            setAnswering(true);
          }} aria-describedby={`${id}-what`}>{a ? 'Update your answer' : 'Answer'}</button>
        </div>
      ) : null}
      <p class="status" role="status" aria-live="polite">{status}</p>
    </li>
  );
}
