import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Meeting, MinutesSent } from '../../../shared/schemas';
import { callApi, send, type ConnectionState } from '../../core/contract/messages';
import { connectionItem } from '../../core/contract/storage';
import { formatDate } from '../admin/forms';
import type { Problem } from '../submit';
import { useCarried } from './carried';
import { MeetingRun, mergeMeeting } from './MeetingRun';
import { Minutes } from './Minutes';
import { loadOwners, type OwnerChoice } from './owners';
import { useSaver, type Saver } from './saver';
import { meetingProblem } from './words';

/** "Saved" / "Saving…" / "Not saved — retrying", always in view at the top of the meeting. */
function SaveIndicator({ saver }: { saver: Saver }) {
  const s = saver.status;
  const words = s.kind === 'retrying' ? 'Not saved — retrying' : s.kind === 'refused' ? 'Not saved — see the marked field' : saver.waiting > 0 || s.kind === 'saving' ? 'Saving…' : 'Saved';
  const tone = s.kind === 'retrying' || s.kind === 'refused' ? 'trouble' : words === 'Saved' ? 'saved' : 'saving';
  return (
    <div class={`save-state save-${tone}`}>
      <p role="status" data-testid="save-state">{words}</p>
      {s.kind === 'retrying' && (
        <>
          <p class="save-why">{s.problem.message}</p>
          <button type="button" onClick={saver.retryNow}>Try now</button>
        </>
      )}
      {s.kind === 'refused' && <p class="save-why">{s.problem.message}</p>}
    </div>
  );
}

/**
 * The meeting page (meeting.html): starts or resumes the workspace's meeting (or opens the one
 * named by `?id=`), walks its agenda, and after closing shows the minutes. Only admins and IT
 * staff run it; everyone else is told so.
 */
export function MeetingPage({ meetingId, onOpened }: {
  /** A held meeting to open; null starts the meeting on the latest report's agenda, or resumes the open one. */
  meetingId: string | null;
  /** The meeting is open on this page: the address can name it, so a reload comes back to it. */
  onOpened?(id: string): void;
}) {
  const [connection, setConnection] = useState<ConnectionState | null>(null);
  const [meeting, setMeetingState] = useState<Meeting | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [choices, setChoices] = useState<OwnerChoice[]>([]);
  const [ownersProblem, setOwnersProblem] = useState<Problem | null>(null);
  const [sent, setSent] = useState<{ outcomes: MinutesSent['outcomes']; what: 'minutes' | 'correction' } | null>(null);
  const [reloaded, setReloaded] = useState('');
  const saver = useSaver();
  const carried = useCarried(meeting?.state === 'open' ? meeting : null);

  const setMeeting = useCallback((update: (m: Meeting) => Meeting) => setMeetingState((m) => (m ? update(m) : m)), []);

  const open = useCallback(async () => {
    setProblem(null);
    let state: ConnectionState;
    try {
      state = await send('connection:get', {});
    } catch (err) {
      setProblem(meetingProblem(err));
      return;
    }
    setConnection(state);
    if (state.status === 'disconnected' || (state.member.role !== 'admin' && state.member.role !== 'staff')) return;
    loadOwners().then(
      (list) => {
        setChoices(list);
        setOwnersProblem(null);
      },
      (err: unknown) => setOwnersProblem(meetingProblem(err)),
    );
    try {
      const m = meetingId ? await callApi('heldMeeting', meetingId) : await callApi('startMeeting');
      setMeetingState((prev) => mergeMeeting(prev, m));
      if (!meetingId) onOpened?.(m.id);
    } catch (err) {
      setProblem(meetingProblem(err));
    }
  }, [meetingId]);

  useEffect(() => {
    void open();
    // Signed out or reconnected in another tab: follow it (what waits is sent once reconnected).
    const stop = connectionItem.watch(() => {
      void send('connection:get', {}).then(setConnection, () => undefined);
      saver.retryNow();
    });
    return stop;
  }, [open]);

  /** Reads the meeting again after someone else changed it, and says so. */
  const reload = useCallback(async () => {
    if (!meeting) return;
    try {
      const m = await callApi('heldMeeting', meeting.id);
      setMeetingState(m);
      setReloaded(m.state === 'closed' && meeting.state === 'open'
        ? 'The meeting was closed meanwhile (in another tab or by someone else): its minutes are shown below. Send a correction for anything they miss.'
        : 'Someone changed this meeting meanwhile: it is shown as it is now.');
    } catch (err) {
      setProblem(meetingProblem(err));
    }
  }, [meeting?.id, meeting?.state]);

  useEffect(() => {
    if (meeting) document.title = `Dialogue meeting, ${formatDate(meeting.heldOn)} · Steward`;
  }, [meeting?.heldOn]);

  if (connection?.status === 'disconnected') {
    return (
      <main class="meeting-page narrow">
        <h1>Dialogue meeting</h1>
        <p class="notice">Steward is not connected in this browser. Connect it in Steward’s settings with the address and invite code from your administrator, then open the meeting again.</p>
        <button type="button" class="primary" onClick={() => void send('options:open', {})}>Open Steward’s settings</button>
      </main>
    );
  }
  if (connection && connection.member.role !== 'admin' && connection.member.role !== 'staff') {
    return (
      <main class="meeting-page narrow">
        <h1>Dialogue meeting</h1>
        <p class="notice">The meeting is run by an admin or someone from IT staff; you are signed in to {connection.workspace.name} as {connection.member.role === 'provider' ? 'the provider' : 'an executive'}. The minutes reach you by email.</p>
      </main>
    );
  }
  if (!meeting) {
    return (
      <main class="meeting-page narrow" aria-busy={problem ? undefined : 'true'}>
        <h1>Dialogue meeting</h1>
        {problem ? (
          <div class={`notice ${problem.kind === 'offline' ? 'offline' : 'error'}`} role="alert">
            <p>The meeting could not be opened. {problem.message}</p>
            <button type="button" onClick={() => void open()}>Try again</button>
          </div>
        ) : <p>{meetingId ? 'Opening the meeting…' : 'Starting the meeting…'}</p>}
      </main>
    );
  }

  return (
    <div class="meeting-page">
      <header class="meeting-head">
        <div>
          <p class="tool">Steward · {connection?.workspace.name}</p>
          <h1>Dialogue meeting, {formatDate(meeting.heldOn)}{meeting.state === 'closed' ? ' (closed)' : ''}</h1>
          {meeting.reportLabel && <p class="hint">Agenda from the report: {meeting.reportLabel}</p>}
        </div>
        {meeting.state === 'open' && <SaveIndicator saver={saver} />}
      </header>
      <main>
        {connection?.status === 'revoked' && (
          <p class="notice revoked" role="alert">
            Your sign-in is no longer valid, so changes cannot be saved. Keep this tab open and reconnect in Steward’s settings (another tab): what waits here is sent then.
          </p>
        )}
        {ownersProblem && (
          <p class="notice" role="status">The people to give action items to could not be loaded ({ownersProblem.message}). You can still give an action item to someone by email address.</p>
        )}
        {problem && <p class={`notice ${problem.kind === 'offline' ? 'offline' : 'error'}`} role="alert">{problem.message}</p>}
        {reloaded && <p class="notice" role="status">{reloaded}</p>}
        {meeting.state === 'open' ? (
          <MeetingRun key={meeting.id} meeting={meeting} setMeeting={setMeeting} reload={reload} choices={choices} saver={saver} carried={carried}
            onClosed={(answer) => {
              setMeetingState(answer.meeting);
              setSent({ outcomes: answer.outcomes, what: 'minutes' });
            }} />
        ) : (
          <Minutes key={meeting.id} meeting={meeting} setMeeting={setMeeting} reload={reload} choices={choices} sent={sent} />
        )}
      </main>
    </div>
  );
}
