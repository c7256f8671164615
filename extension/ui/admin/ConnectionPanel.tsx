import { useRef, useState } from 'preact/hooks';
import { errorText } from '../../core/contract/errors';
import { send, type ConnectionList, type ConnectionState, type SignedIn } from '../../core/contract/messages';
import type { ManagedPolicy } from '../../core/contract/policy';
import { plainProblem, problemSaying, useSubmit } from '../submit';
import { ROLE_NAMES } from './forms';
import { PolicyNotice } from './PolicyNotice';
import { activeOf, usePolicy } from './policy-view';

/** Where a local Steward answers (`npm run dev:worker`): the address offered before any was typed. */
const DEFAULT_WORKER_URL = 'http://127.0.0.1:8787';

/**
 * Connect the extension to a Steward Worker with an invite code or the company account; see
 * who you are; sign out. A company policy may fix the address, the workspace and the way in.
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
  const { view: policyView } = usePolicy();
  const policy = activeOf(policyView);
  const elsewhereAllowed = !policy?.workerUrl || policy.allowOtherWorkspaces;
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
      <PolicyNotice view={policyView} />
      {state.status === 'connected' ? (
        <>
          <p class="who" data-testid="who">
            Signed in as <strong>{state.member.name}</strong> ({roleWords(state)}) in <strong>{state.workspace.name}</strong>
          </p>
          <p class="hint">Steward server: {state.workerUrl}</p>
          <div class="actions">
            <button type="button" onClick={() => void signOut()}>Sign out</button>
            {!adding && elsewhereAllowed && <button type="button" onClick={() => setAdding(true)}>Connect another workspace</button>}
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
          // The policy arrives a moment after the page: the form starts again in its way in.
          key={policy ? `policy:${policy.signInMethod ?? ''}` : 'no-policy'}
          heading={state.status === 'revoked' ? 'Reconnect' : others.length ? 'Connect to a workspace' : 'Connect to your workspace'}
          initialUrl={lastUrl.current}
          revoked={state.status === 'revoked' ? state : undefined}
          onConnected={onState}
          policy={policy}
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

function ConnectForm({ heading, initialUrl, revoked, hint, onConnected, onCancel, policy = null }: {
  heading: string;
  initialUrl: string;
  revoked?: SignedIn;
  hint?: string;
  onConnected: (s: ConnectionState) => void;
  onCancel?: () => void;
  /** The company's policy: its address and workspace are filled in and locked, its way in is the only one. */
  policy?: ManagedPolicy | null;
}) {
  const lockedUrl = policy?.workerUrl;
  const fixedMethod = policy?.signInMethod;
  const [mode, setMode] = useState<'code' | 'company'>(fixedMethod === 'company-account' ? 'company' : 'code');
  const [workerUrl, setWorkerUrl] = useState(lockedUrl ?? initialUrl);
  const [code, setCode] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const connecting = useSubmit(plainProblem);
  const errors = connecting.fields;
  const company = mode === 'company';

  const connect = (e: Event) => {
    e.preventDefault();
    const address = lockedUrl ?? workerUrl;
    void connecting.run(async () => {
      onConnected(company
        ? await send('connection:company', { workerUrl: address, workspaceId: policy?.workspaceId ?? workspaceId })
        : await send('connection:connect', { workerUrl: address, code }));
      setCode('');
    });
  };
  const switchMode = () => {
    connecting.clear();
    setMode(company ? 'code' : 'company');
  };

  return (
    <form class="connect" onSubmit={connect} aria-labelledby="connect-heading" noValidate>
      <h3 id="connect-heading">{heading}</h3>
      {revoked && (
        <p class="notice revoked" role="status">
          The sign-in for {revoked.member.name} in {revoked.workspace.name} is no longer valid.{' '}
          {company ? 'Sign in again with your company account.' : 'Ask your administrator for a new invite code.'} Tags waiting to be sent are kept.
        </p>
      )}
      {hint && <p class="hint">{hint}</p>}
      <div class="field">
        <label for="workerUrl">Steward address</label>
        <input id="workerUrl" type="url" value={lockedUrl ?? workerUrl} placeholder="https://steward.example.com" onInput={(e) => setWorkerUrl(e.currentTarget.value)} required
          readOnly={!!lockedUrl} aria-invalid={errors.workerUrl ? true : undefined}
          aria-describedby={[lockedUrl ? 'workerUrl-policy' : '', errors.workerUrl ? 'workerUrl-error' : ''].filter(Boolean).join(' ') || undefined} />
        {lockedUrl && <p class="hint" id="workerUrl-policy">Set by your company's policy.</p>}
        {errors.workerUrl && <p class="field-error" id="workerUrl-error">{errors.workerUrl}</p>}
      </div>
      {company ? (
        !policy?.workspaceId && (
          <div class="field">
            <label for="workspaceId">Workspace id</label>
            <input id="workspaceId" value={workspaceId} onInput={(e) => setWorkspaceId(e.currentTarget.value)} autoComplete="off" spellcheck={false} required
              aria-invalid={errors.workspaceId ? true : undefined} aria-describedby={errors.workspaceId ? 'workspaceId-error workspaceId-hint' : 'workspaceId-hint'} />
            <p class="hint" id="workspaceId-hint">Your administrator finds it in Steward's settings under Sign-in.</p>
            {errors.workspaceId && <p class="field-error" id="workspaceId-error">{errors.workspaceId}</p>}
          </div>
        )
      ) : (
        <div class="field">
          <label for="code">Invite code</label>
          <input id="code" value={code} onInput={(e) => setCode(e.currentTarget.value)} placeholder="STW-XXXX-XXXX-XXXX-XXXX-XXXX" autoComplete="off" required
            aria-invalid={errors.code ? true : undefined} aria-describedby={errors.code ? 'code-error' : undefined} />
          {errors.code && <p class="field-error" id="code-error">{errors.code}</p>}
        </div>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={connecting.busy}>
          {company ? (connecting.busy ? 'Signing in…' : 'Sign in with your company account') : (connecting.busy ? 'Connecting…' : 'Connect')}
        </button>
        {!fixedMethod && (
          <button type="button" class="link" onClick={switchMode}>{company ? 'Use an invite code instead' : 'Sign in with your company account instead'}</button>
        )}
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
      {connecting.problem && <p class="notice error" role="alert">{connecting.problem.message}</p>}
    </form>
  );
}
