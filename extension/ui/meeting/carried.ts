import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ActionItem, Meeting } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import type { Problem } from '../submit';
import { meetingProblem } from './words';

/** Earlier meetings read at most, newest first, to find the items an agenda carries. */
const MEETINGS_READ = 12;

export interface Carried {
  /** By id: the earlier meetings' action items this meeting's agenda carries, as they are now. */
  items: Record<string, ActionItem>;
  problem: Problem | null;
  update(item: ActionItem): void;
  reload(): Promise<void>;
}

/**
 * The open action items of earlier meetings that come back on this meeting's agenda, so the
 * meeting can mark one done (or drop it) when it reaches it. The agenda names them by id; the
 * items themselves are read from the meetings that recorded them.
 */
export function useCarried(meeting: Meeting | null): Carried {
  const refs = meeting?.agenda.filter((a) => a.kind === 'action_item').map((a) => a.ref) ?? [];
  const key = `${meeting?.id ?? ''}|${refs.join(',')}`;
  const [items, setItems] = useState<Record<string, ActionItem>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(async () => {
    if (!meeting || !refs.length) return;
    try {
      const wanted = new Set(refs);
      const found: Record<string, ActionItem> = {};
      const earlier = (await callApi('meetings')).items.filter((m) => m.id !== meeting.id && m.actionItems > 0).slice(0, MEETINGS_READ);
      for (const m of earlier) {
        if (Object.keys(found).length === wanted.size) break;
        for (const a of (await callApi('heldMeeting', m.id)).actionItems) if (wanted.has(a.id)) found[a.id] = a;
      }
      setItems(found);
      setProblem(null);
    } catch (err) {
      setProblem(meetingProblem(err));
    }
  }, [key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const update = useCallback((item: ActionItem) => setItems((x) => ({ ...x, [item.id]: item })), []);
  return { items, problem, update, reload };
}
