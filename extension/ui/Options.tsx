import { useEffect, useState } from 'preact/hooks';
import { PATTERN_EXAMPLE } from '../../shared/tickets';
import { DEFAULT_WORKER_URL } from '../core/connection';
import { addPattern, checkPattern, removePattern } from '../core/custom-patterns';
import { MessageError, send, type ConnectionState } from '../core/messages';
import { enableSiteFromClick } from '../core/page-actions';
import { isBuiltIn, siteOf } from '../core/sites';
import { customPatternsItem, enabledSitesItem, type EnabledSite, type SavedPattern } from '../core/storage';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Keeps a storage item's value in component state, following changes made elsewhere. */
function useStored<T>(item: { getValue(): Promise<T>; watch(cb: (value: T) => void): () => void }, fallback: T): T {
  const [value, setValue] = useState<T>(fallback);
  useEffect(() => {
    void item.getValue().then(setValue);
    return item.watch(setValue);
  }, [item]);
  return value;
}

/** Self-hosted sites Steward was turned on for, each with a way to turn it off. */
function SitesSection() {
  const sites = useStored<EnabledSite[]>(enabledSitesItem, []);
  const [message, setMessage] = useState('');

  const disable = (origin: string) => {
    setMessage('');
    send('site:disable', { origin }).catch((err: unknown) => setMessage(`Steward could not be turned off for ${origin}: ${errorText(err)}`));
  };

  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
      {sites.length === 0 ? (
        <p class="hint">
          Steward works on Zendesk out of the box. For a ticketing tool on your own server (Request Tracker, Redmine, GLPI, osTicket,
          Zammad, FreeScout, Jira or ConnectWise on-premises), open one of its pages, click the Steward button in the toolbar and choose
          "Enable Steward on this site".
        </p>
      ) : (
        <ul class="plain-list" aria-label="Sites Steward is on for">
          {sites.map((s) => (
            <li key={s.origin}>
              <span>{s.origin}</span>
              <button type="button" onClick={() => disable(s.origin)} aria-label={`Disable Steward on ${s.origin}`}>Disable</button>
            </li>
          ))}
        </ul>
      )}
      {message && <p class="notice error" role="alert">{message}</p>}
    </section>
  );
}

/** Ticket addresses of tools Steward does not know, typed by the user. */
function PatternsSection() {
  const patterns = useStored<SavedPattern[]>(customPatternsItem, []);
  const [input, setInput] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const add = (e: Event) => {
    e.preventDefault();
    setFieldError('');
    setMessage(null);
    let origin: string;
    try {
      origin = checkPattern(input).origin;
    } catch (err) {
      setFieldError(err instanceof MessageError ? (err.fields?.pattern ?? err.message) : errorText(err));
      return;
    }
    const site = siteOf(origin)!;
    setBusy(true);
    // Access to the pattern's site is asked for first, inside this submit: browsers show the
    // prompt only during the user's gesture. A site Steward already runs on needs nothing.
    const access = isBuiltIn(`${site.origin}/`) ? Promise.resolve() : enableSiteFromClick(site);
    access
      .then(() => addPattern(input))
      .then(() => {
        setInput('');
        setMessage({ kind: 'ok', text: `Added. Ticket pages on ${site.host} that match it now show the Steward badge.` });
      })
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorText(err) }))
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="patterns-heading">
      <h2 id="patterns-heading">URL patterns</h2>
      <p class="hint">
        For a tool Steward does not know: the address of one ticket with {'{id}'} where the ticket number goes, and * for any text.
        A regular expression between slashes with a group named id works too.
      </p>
      {patterns.length > 0 && (
        <ul class="plain-list" aria-label="Your URL patterns">
          {patterns.map((p) => (
            <li key={p.id}>
              <code>{p.pattern}</code>
              <button type="button" onClick={() => void removePattern(p.id)} aria-label={`Remove ${p.pattern}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <form class="add-pattern" onSubmit={add} noValidate>
        <div class="field">
          <label for="pattern">Ticket address</label>
          <input id="pattern" value={input} onInput={(e) => setInput(e.currentTarget.value)} placeholder={PATTERN_EXAMPLE} autoComplete="off"
            spellcheck={false} aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? 'pattern-error' : undefined} />
          {fieldError && <p class="field-error" id="pattern-error">The pattern {fieldError}.</p>}
        </div>
        <button type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add pattern'}</button>
        {message && <p class={message.kind === 'ok' ? 'status' : 'notice error'} role={message.kind === 'ok' ? 'status' : 'alert'}>{message.text}</p>}
      </form>
    </section>
  );
}

/** Connect the extension to a Steward Worker with an invite code; see who you are; sign out. */
export function Options() {
  const [state, setState] = useState<ConnectionState | null>(null);
  const [workerUrl, setWorkerUrl] = useState(DEFAULT_WORKER_URL);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const [loadError, setLoadError] = useState('');

  useEffect(() => {
    send('connection:get', {}).then(
      (s) => {
        setState(s);
        if (s.status !== 'disconnected') setWorkerUrl(s.workerUrl);
      },
      (err: unknown) =>
        setLoadError(`Steward did not answer (${errorText(err)}). Reload this page; if that keeps happening, reload Steward on your browser's extensions page.`),
    );
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

  if (loadError) return <main class="page"><h1>Steward</h1><p class="notice error" role="alert">{loadError}</p></main>;
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
      <SitesSection />
      <PatternsSection />
    </main>
  );
}
