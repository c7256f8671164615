import { render } from 'preact';
import '../../ui/page.css';
import '../../ui/meeting/meeting.css';
import { MeetingPage } from '../../ui/meeting/MeetingPage';

const id = new URLSearchParams(location.search).get('id');

// Once the meeting is open, the address names it: a reload (or the tab reopened from history)
// comes back to the same meeting, and shows its minutes once it is closed.
render(
  <MeetingPage meetingId={id} onOpened={(meetingId) => history.replaceState(null, '', `?id=${encodeURIComponent(meetingId)}`)} />,
  document.getElementById('app')!,
);
