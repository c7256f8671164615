import { useEffect, useState } from 'preact/hooks';
import type { Annotation, AnnotationUpdate } from '../../shared/schemas';
import { errorText } from '../core/contract/errors';
import { callApiOn } from '../core/contract/messages';
import type { OutboxEntry } from '../core/contract/outbox-entry';
import { day, dayAndTime, PROVIDER_ANSWER_LABEL, updateText } from './annotation-words';

export interface TimelineProps {
  annotation: Annotation;
  /** Notes (or a provider's answers) the user added that are still on their way. */
  pendingNotes: OutboxEntry[];
  /** The workspace the tag belongs to, when it may not be the active one (a provider's inbox). */
  connectionId?: string;
  /** Whether the Worker has the tag yet (a tag still being sent has no timeline there). */
  saved: boolean;
  id: string;
}

type Loaded = { kind: 'loading' } | { kind: 'ready'; updates: AnnotationUpdate[] } | { kind: 'failed'; message: string };

/**
 * What happened to a tag, oldest first: who made it, notes, state changes and the provider's
 * answers with their expected dates, in sentences. Fetched when opened, and again when the tag
 * changes or a note of ours arrives.
 */
export function Timeline({ annotation, pendingNotes, saved, id, connectionId }: TimelineProps) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const waiting = pendingNotes.length;

  useEffect(() => {
    if (!saved) return;
    let live = true;
    callApiOn(connectionId, 'getAnnotation', annotation.id).then(
      (detail) => live && setLoaded({ kind: 'ready', updates: detail.updates }),
      (err: unknown) => live && setLoaded({ kind: 'failed', message: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [annotation.id, annotation.updatedAt, saved, waiting, connectionId]);

  return (
    <div class="timeline" id={id}>
      <ol aria-label="Timeline, oldest first">
        <li>
          <time dateTime={annotation.createdAt}>{dayAndTime(annotation.createdAt)}</time>
          <span>{annotation.author.name} — Tagged this.</span>
        </li>
        {loaded.kind === 'ready' &&
          loaded.updates.map((u) => (
            <li key={u.id} class={`update update-${u.kind}`}>
              <time dateTime={u.createdAt}>{dayAndTime(u.createdAt)}</time>
              <span>{updateText(u)}</span>
            </li>
          ))}
        {pendingNotes.map((e) => (
          <li key={e.id} class="update is-pending">
            <time dateTime={e.queuedAt}>{dayAndTime(e.queuedAt)}</time>
            <span>You — {pendingText(e)} <em class="pending-word">({e.stuck ? 'not saved' : 'saving…'})</em></span>
          </li>
        ))}
      </ol>
      {saved && loaded.kind === 'loading' && <p class="timeline-note" aria-busy="true">Loading the timeline…</p>}
      {loaded.kind === 'failed' && <p class="timeline-note error" role="alert">Could not load the timeline: {loaded.message}</p>}
      {!saved && <p class="timeline-note">The rest of the timeline starts once this tag reaches Steward.</p>}
    </div>
  );
}

/** A note or answer still on its way, as the timeline will say it. */
function pendingText(e: OutboxEntry): string {
  if (e.answer) return `${PROVIDER_ANSWER_LABEL[e.answer.status]}${e.answer.eta ? `, expected ${day(e.answer.eta)}` : ''}${e.answer.note ? `: ${e.answer.note}` : '.'}`;
  return e.note?.text ?? '';
}
