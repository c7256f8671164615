import type { ActionItem, Meeting } from '../../../shared/schemas';
import { errorText, MessageError } from '../../core/contract/errors';
import { day } from '../annotation-words';
import { problemSaying, type Problem } from '../submit';

/** Summary of a held meeting as the list of meetings gives it. */
export interface MeetingSummary {
  id: string;
  heldOn: string;
  state: Meeting['state'];
  reportLabel: string | null;
  decisions: number;
  actionItems: number;
  openActionItems: number;
  closedAt: string | null;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Minutes sent on 3 Dec · 2 decisions · 1 open action item", or "In progress" for one still open. */
export function meetingLine(m: MeetingSummary): string {
  const parts = [m.state === 'open' ? 'In progress: not closed yet' : m.closedAt ? `Minutes sent on ${day(m.closedAt)}` : 'Closed'];
  parts.push(count(m.decisions, 'decision'));
  parts.push(m.openActionItems ? `${count(m.openActionItems, 'open action item')} of ${m.actionItems}` : m.actionItems ? `${count(m.actionItems, 'action item')}, none open` : 'no action items');
  return parts.join(' · ');
}

/** "Done on 4 Dec", "Late: due 1 Dec", "Due 9 Dec". */
export function actionStateLine(a: Pick<ActionItem, 'state' | 'dueOn' | 'late' | 'doneAt'>): string {
  if (a.state === 'done') return a.doneAt ? `Done on ${day(a.doneAt)}` : 'Done';
  if (a.state === 'dropped') return 'Dropped';
  return a.late ? `Late: was due ${day(a.dueOn)}` : `Due ${day(a.dueOn)}`;
}

/** "Minutes sent on 3 Dec to 4 people" / "Correction sent on 4 Dec: the due date…" with failures counted. */
export function sendingLine(s: Meeting['minutes'][number]): string {
  const what = s.kind === 'minutes' ? 'Minutes' : 'Correction';
  const to = `${what} sent on ${day(s.sentAt)} by ${s.by} to ${count(s.sent, 'person', 'people')}`;
  const failed = s.failed ? ` (${s.failed} could not be sent)` : '';
  return `${to}${failed}${s.note ? `: ${s.note}` : ''}`;
}

/**
 * A failed call from the meeting page, in words that say what happened and what to do. The
 * page keeps everything typed, so each message says so where it matters.
 */
export function meetingProblem(err: unknown): Problem {
  if (err instanceof MessageError) {
    const fields = err.fields ?? {};
    if (err.code === 'network') {
      return { kind: 'offline', code: err.code, fields, message: 'Steward could not be reached: check the internet connection. Nothing typed here is lost; it is sent as soon as Steward answers.' };
    }
    if (err.code === 'unauthorized') {
      return {
        kind: 'signed-out', code: err.code, fields,
        message: `${err.message} Keep this tab open: reconnect in Steward's settings (another tab), and what waits here is sent then.`,
      };
    }
    if (err.code === 'forbidden') return { kind: 'refused', code: err.code, fields, message: `${err.message} Only admins and IT staff run the meeting.` };
    return { kind: 'other', code: err.code, fields, message: err.message };
  }
  return problemSaying(`Steward's background did not answer (${errorText(err)}). Reload this page: everything saved so far is on the server.`);
}

/** A failure worth sending again by itself (the network or the server), as opposed to one the person must fix. */
export function isPassing(p: Problem): boolean {
  return p.kind === 'offline' || p.kind === 'signed-out' || ['internal', 'bad_response', 'bad_gateway', 'rate_limited'].includes(p.code);
}
