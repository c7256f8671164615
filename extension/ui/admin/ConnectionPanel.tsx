import { useRef, useState } from 'preact/hooks';
import { errorText } from '../../core/contract/errors';
import { send, type ConnectionList, type ConnectionState, type SignedIn } from '../../core/contract/messages';
import { plainProblem, problemSaying, useSubmit } from '../submit';
import { ROLE_NAMES } from './forms';

/** Where a local Steward answers (`npm run dev:worker`): the address offered before any was typed. */
const DEFAULT_WORKER_URL = 'http://127.0.0.1:8787';

/**
 * Connect the extension to a Steward Worker with an invite code; see who you are; sign out.
 * One browser may be signed in to several workspaces (a provider's person working for several
 * clients): one is in use, the others are listed to switch to or sign out of.
 */
export function ConnectionPanel({ state, onState, notice, connections }: {
  state: ConnectionState;
  onState: (s: ConnectionState) => void;
  notice?: string;
  /** Every workspace signed in to (default: only the one in use). */
  connections?: ConnectionList;
}) {
  const [adding, setAdding] = useState(false);
  const action = useSubmit(plainProblem);
  const others = (connections?.items ?? []).filter((c) => state.status === 'disconnected' || c.id !== state.id);
  // After signing out, connecting again most often goes to the same server: keep its address.
  const lastUrl = useRef(state.status === 'disconnected' ? (others[0]?.workerUrl ?? (import.meta.env.DEV ? DEFAULT_WORKER_URL : '')) : state.workerUrl);
  if (state.status !== 'disconnected') lastUrl.current = state.workerUrl;

  const signOut = (id?: string) =>
    action.run(
      async () => onState(await send('connection:disconnect', id ? { id } : {})),
      (err) => problemSaying(`Signing out failed: ${errorText(err)}. Reload this page and try again.`),
    );
  const switchTo = (id: string) => action.run(async () => onState(await send('connection:switch', { id })));

  return (
    <section id="connection" class="panel-section" aria-labelledby="connection-heading">
      <h2 id="connection-heading">Connection</h2>
      {notice && <p class="notice" role="status">{notice}</p>}
      {state.status === 'connected' ? (
        <>
          <p class="who" data-testid="who">
            Signed in as <strong>{state.member.name}</strong> ({roleWords(state)}) in <strong>{state.workspace.name}</strong>
          </p>
          <p class="hint">Steward server: {state.workerUrl}</p>
          <div class="actions">
            <button type="button" onClick={() => void signOut()}>Sign out</button>
            {!adding && <button type="button" onClick={() => setAdding(true)}>Connect another workspace</button>}
          </div>
          {adding && (
            <ConnectForm heading="Connect another workspace" initialUrl={state.workerUrl} onCancel={() => setAdding(false)}
              hint="For a provider working for several clients: each client gives you its own invite code. Steward keeps you signed in to each; choose the one to work in at the top of the side panel or here."
              onConnected={(s) => {
                setAdding(false);
                onState(s);
              }} />
          )}
        </>
      ) : (
        <ConnectForm
          heading={state.status === 'revoked' ? 'Reconnect' : others.length ? 'Connect to a workspace' : 'Connect to your workspace'}
          initialUrl={lastUrl.current}
          revoked={state.status === 'revoked' ? state : undefined}
          onConnected={onState}
        />
      )}
      {others.length > 0 && (
        <section class="subsection" aria-labelledby="other-workspaces-heading">
          <h3 id="other-workspaces-heading">Other workspaces on this browser</h3>
          <ul class="workspace-list">
            {others.map((c) => (
              <li key={c.id}>
                <span><strong>{c.workspace.name}</strong> — {c.member.name} ({roleWords(c)}){c.status === 'revoked' ? ', sign-in ended' : ''}</span>
                <span class="hint">{c.workerUrl}</span>
                <span class="row-actions">
                  <button type="button" aria-label={`Work in ${c.workspace.name}`} onClick={() => void switchTo(c.id)}>Work in this one</button>
                  <button type="button" aria-label={`Sign out of ${c.workspace.name}`} onClick={() => void signOut(c.id)}>Sign out</button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {action.problem && <p class="notice error" role="alert">{action.problem.message}</p>}
    </section>
  );
}

const roleWords = (c: SignedIn) =>
  `${ROLE_NAMES[c.member.role].toLowerCase()}${c.member.role === 'provider' && c.member.providerCompany ? ` for ${c.member.providerCompany}` : ''}`;

function ConnectForm({ heading, initialUrl, revoked, hint, onConnected, onCancel }: {
  heading: string;
  initialUrl: string;
  revoked?: SignedIn;
  hint?: string;
  onConnected: (s: ConnectionState) => void;
  onCancel?: () => void;
}) {
  const [workerUrl, setWorkerUrl] = useState(initialUrl);
  const [code, setCode] = useState('');
  const connecting = useSubmit(plainProblem);
  const errors = connecting.fields;

  const connect = (e: Event) => {
    e.preventDefault();
    void connecting.run(async () => {
      onConnected(await send('connection:connect', { workerUrl, code }));
      setCode('');
    });
  };

  return (
    <form class="connect" onSubmit={connect} aria-labelledby="connect-heading" noValidate>
      <h3 id="connect-heading">{heading}</h3>
      {revoked && (
        <p class="notice revoked" role="status">
          The sign-in for {revoked.member.name} in {revoked.workspace.name} is no longer valid. Ask your administrator for a new invite code. Tags waiting to be sent are kept.
        </p>
      )}
      {hint && <p class="hint">{hint}</p>}
      <div class="field">
        <label for="workerUrl">Steward address</label>
        <input id="workerUrl" type="url" value={workerUrl} placeholder="https://steward.example.com" onInput={(e) => setWorkerUrl(e.currentTarget.value)} required
          aria-invalid={errors.workerUrl ? true : undefined} aria-describedby={errors.workerUrl ? 'workerUrl-error' : undefined} />
        {errors.workerUrl && <p class="field-error" id="workerUrl-error">{errors.workerUrl}</p>}
      </div>
      <div class="field">
        <label for="code">Invite code</label>
        <input id="code" value={code} onInput={(e) => setCode(e.currentTarget.value)} placeholder="STW-XXXX-XXXX-XXXX-XXXX-XXXX" autoComplete="off" required
          aria-invalid={errors.code ? true : undefined} aria-describedby={errors.code ? 'code-error' : undefined} />
        {errors.code && <p class="field-error" id="code-error">{errors.code}</p>}
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={connecting.busy}>{connecting.busy ? 'Connecting…' : 'Connect'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
      {connecting.problem && <p class="notice error" role="alert">{connecting.problem.message}</p>}
    </form>
  );
}
