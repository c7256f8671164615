import { useEffect, useState } from 'preact/hooks';
import { CONNECTION_KINDS, PUSH_KINDS, type Connection, type ConnectionAuth, type ConnectionKind } from '../../../shared/schemas';
import { TOOL_NAMES } from '../../../shared/tool-names';
import { callApi } from '../../core/contract/messages';
import { useSubmit } from '../submit';
import { ConfirmBox, CopyButton, describedBy, Field, ProblemNotice, relativeTime, useLoad, type Session } from './forms';

/**
 * Connections to the ticket tools' own APIs (issue 13): the kind, the address, the
 * credentials (sent once, shown back only as "…last 4"), for tools that call back the webhook
 * address and secret to paste, *Test connection*, *Check now* (read by the connector queue: the
 * row says it is checking, then shows the connection's new last success or last error), and each
 * one's last success, last error, next try and what the last read found.
 */

/** How each tool signs Steward in, and what its two fields are called there. */
const SIGN_IN: Record<ConnectionKind, { auth: ConnectionAuth[]; user?: string; secret: string; extra?: string; example: string; tenant?: string }> = {
  rt: { auth: ['token', 'basic'], user: 'RT user name', secret: 'Auth token (or password)', example: 'https://rt.example.com/rt' },
  redmine: { auth: ['token'], secret: 'API key', example: 'https://redmine.example.com' },
  zendesk: { auth: ['basic'], user: 'Agent email', secret: 'API token', example: 'https://acme.zendesk.com' },
  jira: { auth: ['basic'], user: 'Atlassian account email', secret: 'API token', example: 'https://acme.atlassian.net' },
  github: { auth: ['token'], secret: 'Fine-grained token (Issues: read)', example: 'https://api.github.com', tenant: 'Owner or owner/repository' },
  freshservice: { auth: ['token'], secret: 'API key', example: 'https://acme.freshservice.com' },
  servicenow: { auth: ['basic', 'oauth'], user: 'User name (or OAuth client id)', secret: 'Password (or client secret)', example: 'https://acme.service-now.com' },
  connectwise: { auth: ['basic'], user: 'Company id + public key (acme+AbC123)', secret: 'Private key', extra: 'Client id', example: 'https://na.myconnectwise.net' },
  autotask: { auth: ['basic'], user: 'API user name', secret: 'API secret', extra: 'API integration code', example: 'https://webservices5.autotask.net' },
  halopsa: { auth: ['oauth'], user: 'Client id', secret: 'Client secret', example: 'https://acme.halopsa.com' },
  zammad: { auth: ['token'], secret: 'Access token', example: 'https://helpdesk.example.com' },
};

const isPush = (kind: ConnectionKind) => (PUSH_KINDS as readonly string[]).includes(kind);

export function ConnectionsPanel({ session }: { session: Session }) {
  const list = useLoad(() => callApi('connections'), [session.member.id]);
  const [secretShown, setSecretShown] = useState<{ id: string; secret: string } | null>(null);
  return (
    <section id="tool-connections" class="panel-section" aria-labelledby="tool-connections-heading">
      <h2 id="tool-connections-heading">Connections</h2>
      <p class="hint">
        Where the company (or its provider) can give Steward read access to a ticket tool, the facts of tagged tickets arrive by themselves every
        hour: status, dates, and the tool's own SLA breaches. Only tagged tickets are read.
      </p>
      <ProblemNotice problem={list.problem} onRetry={() => void list.reload()} />
      {list.data ? (
        list.data.items.length === 0 ? <p class="empty">No tool is connected yet.</p> : (
          <ul class="entries" aria-label="Connected tools">
            {list.data.items.map((c) => (
              <ConnectionRow key={c.id} connection={c} shownSecret={secretShown?.id === c.id ? secretShown.secret : null}
                onSecret={(secret) => setSecretShown({ id: c.id, secret })} onChanged={() => void list.reload()} />
            ))}
          </ul>
        )
      ) : (
        list.loading && <p aria-busy="true">Loading connections…</p>
      )}
      <AddConnection onAdded={(id, secret) => {
        if (secret) setSecretShown({ id, secret });
        void list.reload();
      }} />
    </section>
  );
}

/** When the list is read again while a queued check runs: soon at first, then less often; given up after two minutes. */
const CHECK_POLLS_MS = [1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 15_000, 15_000, 20_000, 20_000];

/** A check on the queue: the connection's marks when it was asked, so a newer one means it is done. */
interface Checking {
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  message: string;
}

function ConnectionRow({ connection: c, shownSecret, onSecret, onChanged }: {
  connection: Connection; shownSecret: string | null; onSecret: (secret: string) => void; onChanged: () => void;
}) {
  const action = useSubmit();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [checking, setChecking] = useState<Checking | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const test = () => void action.run(async () => setResult(await callApi('testConnection', c.id)));
  const check = () => void action.run(async () => {
    const r = await callApi('checkConnection', c.id);
    if (r.queued) {
      // Read by the connector queue, not in this request: wait for the connection's next mark.
      setResult(null);
      setGaveUp(false);
      setChecking({ lastSuccessAt: r.connection.lastSuccessAt, lastErrorAt: r.connection.lastError?.at ?? null, message: r.message });
      return;
    }
    setResult({ ok: r.ok, message: r.message });
    onChanged();
  });
  const lastErrorAt = c.lastError?.at ?? null;
  // The queued check is done when the connection carries a newer success or error than when it was asked.
  const outcome = checking && (c.lastSuccessAt !== checking.lastSuccessAt || lastErrorAt !== checking.lastErrorAt)
    ? (c.lastError && lastErrorAt !== checking.lastErrorAt ? { ok: false, message: c.lastError.message } : { ok: true, message: c.lastResult ?? 'Checked.' })
    : null;
  const pending = !!checking && !outcome;
  const shown = outcome ?? result;
  useEffect(() => {
    if (!outcome) return;
    setChecking(null);
    setResult(outcome);
  }, [outcome?.ok, outcome?.message]);
  // While it runs, read the list again now and then (the Worker has nothing to push).
  useEffect(() => {
    if (!checking) return;
    let step = 0;
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      if (step >= CHECK_POLLS_MS.length) return setGaveUp(true);
      timer = setTimeout(() => {
        onChanged();
        next();
      }, CHECK_POLLS_MS[step++]);
    };
    next();
    return () => clearTimeout(timer);
  }, [checking]);
  const newSecret = () => void action.run(async () => {
    const saved = await callApi('updateConnection', c.id, { newWebhookSecret: true });
    if (saved.webhookSecret) onSecret(saved.webhookSecret);
    onChanged();
  });
  const toggle = () => void action.run(async () => {
    await callApi('updateConnection', c.id, { enabled: !c.enabled });
    onChanged();
  });
  const remove = () => void action.run(async () => {
    await callApi('deleteConnection', c.id);
    onChanged();
  });
  return (
    <li class={`entry${c.enabled ? '' : ' retired'}`}>
      <div class="entry-line">
        <div class="entry-main">
          <span class="entry-name">{c.name}</span>{' '}
          <span class="entry-detail">{c.address}</span>{' '}
          <span class="entry-detail">Signed in as {c.username ? `${c.username}, ` : ''}{c.secretHint ?? 'no credentials'}</span>{' '}
          {!c.enabled && <span class="pill">off</span>}
        </div>
        <div class="entry-actions">
          <button type="button" onClick={test} disabled={action.busy}>Test connection</button>
          <button type="button" onClick={check} disabled={action.busy || !c.enabled || pending}>{pending ? 'Checking…' : 'Check now'}</button>
          <button type="button" onClick={toggle} disabled={action.busy}>{c.enabled ? 'Turn off' : 'Turn on'}</button>
          <button type="button" class="danger" onClick={() => setConfirming(true)} disabled={action.busy}>Disconnect</button>
        </div>
      </div>
      <dl class="facts">
        <dt>Last success</dt><dd>{c.lastSuccessAt ? `${relativeTime(c.lastSuccessAt)}${c.lastTickets !== null ? ` (${c.lastTickets} tagged ticket${c.lastTickets === 1 ? '' : 's'})` : ''}` : 'never'}</dd>
        <dt>Last error</dt><dd>{c.lastError ? `${relativeTime(c.lastError.at)}: ${c.lastError.message}` : 'none'}</dd>
        <dt>Next try</dt><dd>{!c.enabled ? 'turned off' : pending ? 'now (checking)' : c.nextTryAt && Date.parse(c.nextTryAt) > Date.now() ? new Date(c.nextTryAt).toLocaleString() : 'at the next hourly run'}</dd>
        {c.lastResult && <><dt>Last result</dt><dd>{c.lastResult}</dd></>}
        {c.badSignatures > 0 && <><dt>Refused webhooks</dt><dd>{c.badSignatures} (bad or missing signature)</dd></>}
      </dl>
      {c.webhook && (
        <div class="subsection">
          <p>Webhook address to paste into {TOOL_NAMES[c.kind]}:</p>
          <p><input id={`hook-${c.id}`} readOnly value={c.webhook.url} aria-label={`Webhook address for ${c.name}`} /> <CopyButton text={c.webhook.url} label="Copy address" selectId={`hook-${c.id}`} /></p>
          {shownSecret ? (
            <p role="status">
              Webhook secret (shown once; paste it into {TOOL_NAMES[c.kind]} now):{' '}
              <input id={`hook-secret-${c.id}`} readOnly value={shownSecret} aria-label="Webhook secret" /> <CopyButton text={shownSecret} label="Copy secret" selectId={`hook-secret-${c.id}`} />
            </p>
          ) : (
            <p class="hint">Webhook secret: {c.webhook.secretHint ?? 'none yet'}{' '}
              <button type="button" onClick={newSecret} disabled={action.busy}>Make a new webhook secret</button>
            </p>
          )}
        </div>
      )}
      {pending && (
        <p class="notice pending" role="status">
          {gaveUp ? 'Still checking: the tool is slow to answer. The result shows here when it is in (reopen this page to see it).' : checking.message}
        </p>
      )}
      {shown && <p class={`notice ${shown.ok ? 'success' : 'error'}`} role="status">{shown.message}</p>}
      <ProblemNotice problem={action.problem} />
      {confirming && (
        <ConfirmBox id={`disconnect-${c.id}`} question={`Disconnect ${c.name}? Its credentials are deleted; facts already read stay with their tickets.`}
          confirmLabel="Disconnect" busy={action.busy} onConfirm={remove} onCancel={() => setConfirming(false)} />
      )}
    </li>
  );
}

function AddConnection({ onAdded }: { onAdded: (id: string, webhookSecret: string | null) => void }) {
  const [kind, setKind] = useState<ConnectionKind>('rt');
  const [address, setAddress] = useState('');
  const [tenant, setTenant] = useState('');
  const [auth, setAuth] = useState<ConnectionAuth>('token');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [extra, setExtra] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [done, setDone] = useState('');
  const save = useSubmit();
  const f = save.fields;
  const how = SIGN_IN[kind];
  const chosenAuth = how.auth.includes(auth) ? auth : how.auth[0]!;
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone('');
    let made: { id: string; secret: string | null } | null = null;
    const ok = await save.run(async () => {
      const saved = await callApi('createConnection', {
        kind, address: address.trim(), ...(tenant.trim() ? { tenant: tenant.trim() } : {}),
        credentials: { auth: chosenAuth, ...(username.trim() ? { username: username.trim() } : {}), secret, ...(extra.trim() ? { extra: extra.trim() } : {}) },
        ...(kind === 'zendesk' && webhookSecret.trim() ? { webhookSecret: webhookSecret.trim() } : {}),
      });
      made = { id: saved.connection.id, secret: saved.webhookSecret };
    });
    if (ok && made) {
      const m = made as { id: string; secret: string | null };
      setSecret('');
      setExtra('');
      setWebhookSecret('');
      setDone(`Connected ${TOOL_NAMES[kind]}. Press Test connection to see what Steward finds there.`);
      onAdded(m.id, m.secret);
    }
  };
  return (
    <form class="entry-form" onSubmit={submit} noValidate aria-label="Connect a ticket tool">
      <h3>Connect a ticket tool</h3>
      <div class="row">
        <Field id="connection-kind" label="Tool" error={f.kind}>
          <select {...describedBy('connection-kind', f.kind)} value={kind} onChange={(e) => setKind(e.currentTarget.value as ConnectionKind)}>
            {CONNECTION_KINDS.map((k) => <option key={k} value={k}>{TOOL_NAMES[k]}</option>)}
          </select>
        </Field>
        <Field id="connection-address" label="Address" error={f.address} hint={`e.g. ${how.example}. A tool on the company network is reached through Cloudflare Tunnel.`}>
          <input type="url" {...describedBy('connection-address', f.address, true)} value={address} onInput={(e) => setAddress(e.currentTarget.value)} maxLength={500} autoComplete="off" />
        </Field>
        <Field id="connection-tenant" label={how.tenant ?? 'Tenant'} error={f.tenant} hint={how.tenant ? undefined : 'Only when the address is not the one staff open (a tunnel): the host they open.'}>
          <input {...describedBy('connection-tenant', f.tenant, !how.tenant)} value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} maxLength={255} autoComplete="off" />
        </Field>
      </div>
      <div class="row">
        {how.auth.length > 1 && (
          <Field id="connection-auth" label="Sign in with" error={f['credentials.auth']}>
            <select {...describedBy('connection-auth', f['credentials.auth'])} value={chosenAuth} onChange={(e) => setAuth(e.currentTarget.value as ConnectionAuth)}>
              {how.auth.map((a) => <option key={a} value={a}>{a === 'token' ? 'A token' : a === 'basic' ? 'User and password' : 'OAuth client'}</option>)}
            </select>
          </Field>
        )}
        {how.user && chosenAuth !== 'token' && (
          <Field id="connection-username" label={how.user} error={f['credentials.username']}>
            <input {...describedBy('connection-username', f['credentials.username'])} value={username} onInput={(e) => setUsername(e.currentTarget.value)} maxLength={255} autoComplete="off" />
          </Field>
        )}
        <Field id="connection-secret" label={how.secret} error={f['credentials.secret']} hint="Stored encrypted; Steward never shows it again.">
          <input type="password" {...describedBy('connection-secret', f['credentials.secret'], true)} value={secret} onInput={(e) => setSecret(e.currentTarget.value)} maxLength={4000} autoComplete="new-password" />
        </Field>
        {how.extra && (
          <Field id="connection-extra" label={how.extra} error={f['credentials.extra']}>
            <input {...describedBy('connection-extra', f['credentials.extra'])} value={extra} onInput={(e) => setExtra(e.currentTarget.value)} maxLength={500} autoComplete="off" />
          </Field>
        )}
        {kind === 'zendesk' && (
          <Field id="connection-webhook-secret" label="Webhook signing secret" error={f.webhookSecret} hint="Optional: Zendesk shows it on the webhook's page.">
            <input type="password" {...describedBy('connection-webhook-secret', f.webhookSecret, true)} value={webhookSecret} onInput={(e) => setWebhookSecret(e.currentTarget.value)} maxLength={4000} autoComplete="off" />
          </Field>
        )}
      </div>
      {isPush(kind) && kind !== 'zendesk' && <p class="hint">{TOOL_NAMES[kind]} can also tell Steward of changes at once: after connecting, paste the webhook address {kind === 'connectwise' ? '' : 'and secret '}shown here into it.</p>}
      <div class="actions">
        <button type="submit" disabled={save.busy}>{save.busy ? 'Connecting…' : 'Connect'}</button>
        <span class="status" role="status">{done}</span>
      </div>
      <ProblemNotice problem={save.problem} shownFields={['kind', 'address', 'tenant', 'credentials', 'webhookSecret']} />
    </form>
  );
}
