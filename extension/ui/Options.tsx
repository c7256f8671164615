import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_WORKER_URL } from '../core/connection';
import { MessageError, send, type ConnectionState } from '../core/messages';

/** Connect the extension to a Steward Worker with an invite code; see who you are; sign out. */
export function Options() {
  const [state, setState] = useState<ConnectionState | null>(null);
  const [workerUrl, setWorkerUrl] = useState(DEFAULT_WORKER_URL);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void send('connection:get', {}).then((s) => {
      setState(s);
      if (s.status !== 'disconnected') setWorkerUrl(s.workerUrl);
    });
  }, []);

  const connect = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage('');
    setErrors({});
    try {
      setState(await send('connection:connect', { workerUrl, code }));
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

  const signOut = async () => setState(await send('connection:disconnect', {}));

  if (!state) return <main class="page" aria-busy="true"><p>Loading…</p></main>;

  return (
    <main class="page">
      <h1>Steward</h1>
      {state.status === 'connected' ? (
        <section aria-labelledby="conn-heading">
          <h2 id="conn-heading">Connected</h2>
          <p class="who" data-testid="who">
            Signed in as <strong>{state.member.name}</strong> ({state.member.role}) in <strong>{state.workspace.name}</strong>
          </p>
          <p class="hint">Steward server: {state.workerUrl}</p>
          <button type="button" onClick={signOut}>Sign out</button>
        </section>
      ) : (
        <form class="connect" onSubmit={connect} aria-labelledby="connect-heading" noValidate>
          <h2 id="connect-heading">{state.status === 'revoked' ? 'Reconnect' : 'Connect to your workspace'}</h2>
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
    </main>
  );
}
