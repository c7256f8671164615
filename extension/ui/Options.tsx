import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Workspace } from '../../shared/schemas';
import { errorText } from '../core/contract/errors';
import { send, type ConnectionList, type ConnectionState } from '../core/contract/messages';
import { connectionItem, otherConnectionsItem } from '../core/contract/storage';
import { AuditPanel } from './admin/AuditPanel';
import { ConnectionPanel } from './admin/ConnectionPanel';
import { ConnectionsPanel } from './admin/ConnectionsPanel';
import { DataPanel } from './admin/DataPanel';
import { InitiativesPanel } from './admin/InitiativesPanel';
import { MeetingPanel, MeetingRuns } from './admin/MeetingPanel';
import { PanelBoundary, type Session } from './admin/forms';
import { PeoplePanel } from './admin/PeoplePanel';
import { ReadingHealthPanel } from './admin/ReadingHealthPanel';
import { ReportSettingsPanel } from './admin/ReportSettingsPanel';
import { ReportsPanel } from './admin/ReportsPanel';
import { SignInPanel } from './admin/SignInPanel';
import { SitesPanel } from './admin/SitesPanel';
import { TaxonomyPanel } from './admin/TaxonomyPanel';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

export interface SectionLink {
  id: string;
  label: string;
}

/**
 * The sections a person sees, by role: admins run the workspace from here; staff and
 * executives may read the taxonomy (providers may not: the API keeps it from them);
 * everyone has their connection and this browser's sites.
 */
function sectionsFor(state: ConnectionState): SectionLink[] {
  const role = state.status === 'disconnected' ? null : state.member.role;
  const admin = role === 'admin';
  return [
    { id: 'connection', label: 'Connection' },
    ...(role && role !== 'provider' ? [{ id: 'taxonomy', label: 'Taxonomy' }] : []),
    ...(admin ? [{ id: 'people', label: 'People' }, { id: 'sign-in', label: 'Sign-in' }, { id: 'reports', label: 'Reports' }] : []),
    ...(admin ? [{ id: 'tool-connections', label: 'Connections' }] : []),
    { id: 'sites', label: 'Sites' },
    ...(admin ? [{ id: 'data', label: 'Data' }, { id: 'activity', label: 'Activity' }] : []),
  ];
}

/** Follows which section is on screen, so the navigation can mark it. */
function useCurrentSection(ids: string[]): string {
  const [current, setCurrent] = useState(() => location.hash.slice(1) || ids[0] || '');
  const key = ids.join(' ');
  useEffect(() => {
    const onHash = () => setCurrent(location.hash.slice(1));
    window.addEventListener('hashchange', onHash);
    let observer: IntersectionObserver | undefined;
    if (typeof IntersectionObserver !== 'undefined') {
      // A section counts as current once its top passes the upper third of the window.
      observer = new IntersectionObserver((entries) => {
        const top = entries.filter((e) => e.isIntersecting).sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top)[0];
        if (top) setCurrent(top.target.id);
      }, { rootMargin: '0px 0px -66% 0px' });
      for (const id of ids) {
        const el = document.getElementById(id);
        if (el) observer.observe(el);
      }
    }
    return () => {
      window.removeEventListener('hashchange', onHash);
      observer?.disconnect();
    };
  }, [key]);
  return current;
}

/** The options page: the connection for everyone, and for admins the console that runs the workspace. */
export function Options() {
  const [state, setState] = useState<ConnectionState | null>(null);
  const [connections, setConnections] = useState<ConnectionList>({ activeId: null, items: [] });
  const [loadError, setLoadError] = useState('');
  const [notice, setNotice] = useState('');
  // Settings saved here change the workspace before the background's copy catches up.
  const [savedWorkspace, setSavedWorkspace] = useState<Workspace | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [active, list] = await Promise.all([send('connection:get', {}), send('connection:list', {})]);
      setState(active);
      setConnections(list);
      setLoadError('');
    } catch (err) {
      setLoadError(`Steward did not answer (${errorText(err)}). Reload this page; if that keeps happening, reload Steward on your browser's extensions page.`);
    }
  }, []);

  useEffect(() => {
    void refresh();
    // Sign-in revoked by a call from any page, or connected in another tab: follow it here.
    // The stored value holds the token, so only the fact of a change is used.
    const unwatch = [connectionItem.watch(() => void refresh()), otherConnectionsItem.watch(() => void refresh())];
    return () => unwatch.forEach((stop) => stop());
  }, [refresh]);

  const links = state ? sectionsFor(state) : [];
  const current = useCurrentSection(links.map((l) => l.id));

  // Sections appear only once the connection is known, after the browser tried to scroll to the #hash.
  const ready = state !== null;
  useEffect(() => {
    if (ready && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView?.();
  }, [ready]);

  if (loadError) return <main class="page"><h1>Steward settings</h1><p class="notice error" role="alert">{loadError}</p></main>;
  if (!state) return <main class="page" aria-busy="true"><p>Loading…</p></main>;

  const session: Session | null = state.status === 'disconnected' ? null : {
    workerUrl: state.workerUrl,
    member: state.member,
    workspace: savedWorkspace?.id === state.workspace.id ? savedWorkspace : state.workspace,
    revoked: state.status === 'revoked',
  };
  const admin = session?.member.role === 'admin';
  const show = (id: string) => links.some((l) => l.id === id);

  const onDeleted = async (name: string) => {
    const next = await send('connection:disconnect', {}).catch((): ConnectionState => ({ status: 'disconnected' }));
    setState(next);
    void refresh();
    setNotice(`${name} was deleted, with everything in it. ${next.status === 'disconnected' ? 'This browser is signed out.' : `This browser now works in ${next.workspace.name}.`}`);
    location.hash = '#connection';
  };

  return (
    <div class="options">
      <header class="options-head">
        <h1>Steward settings</h1>
        {session && <p class="hint">{session.workspace.name} · {session.member.name}</p>}
        <WorkspaceSwitcher id="options-workspace" connections={connections} onSwitched={() => void refresh()} />
      </header>
      <nav class="options-nav" aria-label="Settings sections">
        <ul>
          {links.map((l) => (
            <li key={l.id}>
              <a href={`#${l.id}`} aria-current={current === l.id ? 'location' : undefined}>{l.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="options-main">
        {session?.revoked && (
          <p class="notice revoked" role="alert">
            Your sign-in is no longer valid, so changes here cannot be saved. Reconnect under Connection with a new invite code; what you typed in
            the other sections stays on this page.
          </p>
        )}
        <ConnectionPanel state={state} connections={connections} onState={(s) => {
          setNotice('');
          setState(s);
          void refresh();
        }} notice={notice} />
        {session && (
          // A different workspace starts from a clean page; reconnecting to the same one keeps what was typed.
          <div key={session.workspace.id} class="panels">
            {show('taxonomy') && <PanelBoundary id="taxonomy" title="Taxonomy"><TaxonomyPanel session={session} /></PanelBoundary>}
            {admin && <PanelBoundary id="people" title="People"><PeoplePanel session={session} /></PanelBoundary>}
            {admin && <PanelBoundary id="sign-in" title="Sign-in"><SignInPanel session={session} /></PanelBoundary>}
            {admin && <PanelBoundary id="tool-connections" title="Connections"><ConnectionsPanel session={session} /></PanelBoundary>}
            {admin && (
              <section id="reports" class="panel-section" aria-labelledby="reports-heading">
                <h2 id="reports-heading">Reports</h2>
                <PanelBoundary title="Report settings"><ReportSettingsPanel session={session} onSaved={setSavedWorkspace} /></PanelBoundary>
                <PanelBoundary title="Dialogue meeting"><MeetingPanel session={session} /></PanelBoundary>
                <PanelBoundary title="Reports"><ReportsPanel session={session} /></PanelBoundary>
              </section>
            )}
          </div>
        )}
        <PanelBoundary id="sites" title="Sites"><SitesPanel /></PanelBoundary>
        {/* Not in the navigation either (same reason): staff and admins work on initiatives here. */}
        {session && (session.member.role === 'admin' || session.member.role === 'staff') && (
          <PanelBoundary key={`initiatives-${session.workspace.id}`} id="initiatives" title="Initiatives"><InitiativesPanel session={session} /></PanelBoundary>
        )}
        {/* Admins run the meeting from Reports → Dialogue meeting; IT staff from here. */}
        {session?.member.role === 'staff' && (
          <PanelBoundary key={`meetings-${session.workspace.id}`} id="meetings" title="Dialogue meeting">
            <section id="meetings" class="panel-section" aria-labelledby="meetings-heading">
              <h2 id="meetings-heading">Dialogue meeting</h2>
              <MeetingRuns session={session} listed={false} />
            </section>
          </PanelBoundary>
        )}
        {session && (session.member.role === 'admin' || session.member.role === 'staff') && (
          <PanelBoundary key={`reading-health-${session.workspace.id}`} id="reading-health" title="Reading health"><ReadingHealthPanel session={session} /></PanelBoundary>
        )}
        {session && admin && (
          <div key={session.workspace.id} class="panels">
            <PanelBoundary id="data" title="Data"><DataPanel session={session} onDeleted={(name) => void onDeleted(name)} /></PanelBoundary>
            <PanelBoundary id="activity" title="Activity"><AuditPanel session={session} /></PanelBoundary>
          </div>
        )}
      </main>
    </div>
  );
}
