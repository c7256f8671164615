import { useState } from 'preact/hooks';
import { DEFAULT_WORKER_URL } from '../../core/connection';
import { MessageError, send, type ConnectionState } from '../../core/messages';
import { ROLE_NAMES } from './forms';

/** Connect the extension to a Steward Worker with an invite code; see who you are; sign out. */
export function ConnectionPanel({ state, onState, notice }: { state: ConnectionState; onState: (s: ConnectionState) => void; notice?: string }) {
  const [workerUrl, setWorkerUrl] = useState(state.status === 'disconnected' ? DEFAULT_WORKER_URL : state.workerUrl);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const connect = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage('');
    setErrors({});
    try {
      onState(await send('connection:connect', { workerUrl, code }));
      setCode('');
    } catch (err) {
      if (err instanceof MessageError) {
        setErrors(err.fields ?? {});
        setMessage(err.message);
      } else {
        setMessage(String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    setMessage('');
    try {
      onState(await send('connection:disconnect', {}));
    } catch (err) {
      setMessage(`Signing out failed: ${err instanceof Error ? err.message : String(err)}. Reload this page and try again.`);
    }
  };

  return (
    <section id="connection" class="panel-section" aria-labelledby="connection-heading">
      <h2 id="connection-heading">Connection</h2>
      {notice && <p class="notice" role="status">{notice}</p>}
      {state.status === 'connected' ? (
        <>
          <p class="who" data-testid="who">
            Signed in as <strong>{state.member.name}</strong> ({ROLE_NAMES[state.member.role].toLowerCase()}) in <strong>{state.workspace.name}</strong>
          </p>
          <p class="hint">Steward server: {state.workerUrl}</p>
          <button type="button" onClick={() => void signOut()}>Sign out</button>
          {message && <p class="notice error" role="alert">{message}</p>}
        </>
      ) : (
        <form class="connect" onSubmit={connect} aria-labelledby="connect-heading" noValidate>
          <h3 id="connect-heading">{state.status === 'revoked' ? 'Reconnect' : 'Connect to your workspace'}</h3>
          {state.status === 'revoked' && (
            <p class="notice revoked" role="status">
              The sign-in for {state.member.name} in {state.workspace.name} is no longer valid. Ask your administrator for a new invite code. Tags waiting to be sent are kept.
            </p>
          )}
          <div class="field">
            <label for="workerUrl">Steward address</label>
            <input id="workerUrl" type="url" value={workerUrl} onInput={(e) => setWorkerUrl(e.currentTarget.value)} required
              aria-invalid={errors.workerUrl ? true : undefined} aria-describedby={errors.workerUrl ? 'workerUrl-error' : undefined} />
            {errors.workerUrl && <p class="field-error" id="workerUrl-error">{errors.workerUrl}</p>}
          </div>
          <div class="field">
            <label for="code">Invite code</label>
            <input id="code" value={code} onInput={(e) => setCode(e.currentTarget.value)} placeholder="STW-XXXX-XXXX-XXXX-XXXX-XXXX" autoComplete="off" required
              aria-invalid={errors.code ? true : undefined} aria-describedby={errors.code ? 'code-error' : undefined} />
            {errors.code && <p class="field-error" id="code-error">{errors.code}</p>}
          </div>
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Connecting…' : 'Connect'}</button>
          {message && <p class="notice error" role="alert">{message}</p>}
        </form>
      )}
    </section>
  );
}
