import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OIDC_NEW_MEMBER_ROLES, type OidcSettings, type OidcSettingsInput } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { useSubmit } from '../submit';
import { ConfirmBox, CopyButton, describedBy, Field, formatDateTime, ProblemNotice, ROLE_NAMES, useLoad, type Session } from './forms';

interface Draft {
  issuer: string;
  clientId: string;
  /** Typed only to set or replace it; the Worker never sends it back. */
  clientSecret: string;
  removeSecret: boolean;
  domains: string;
  newMemberRole: OidcSettingsInput['newMemberRole'];
  requiredForStaff: boolean;
}

const EMPTY: Draft = { issuer: '', clientId: '', clientSecret: '', removeSecret: false, domains: '', newMemberRole: 'staff', requiredForStaff: false };

const draftOf = (s: OidcSettings | null): Draft => (s ? {
  issuer: s.issuer, clientId: s.clientId, clientSecret: '', removeSecret: false, domains: s.allowedDomains.join(', '),
  newMemberRole: s.newMemberRole, requiredForStaff: s.requiredForStaff,
} : EMPTY);

/** "acme.com, acme.co.uk" or one a line: the domains as typed, blanks dropped. */
const domainList = (text: string) => text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);

/** This browser's address for the end of a sign-in: what the identity provider must list as a redirect URI. */
function redirectAddress(): string | null {
  try {
    return (browser as unknown as { identity?: { getRedirectURL(): string } }).identity?.getRedirectURL() ?? null;
  } catch {
    return null;
  }
}

/**
 * The company sign-in (OpenID Connect): the identity provider people sign in with, which email
 * domains it accepts, the role new people get, and whether staff must use it. The Worker reads
 * the provider's discovery document when this is saved and keeps nothing it could not check.
 */
export function SignInPanel({ session }: { session: Session }) {
  const loaded = useLoad(() => callApi('oidcSettings'), [session.member.id]);
  const [edited, setEdited] = useState<Draft | null>(null);
  const current = loaded.data?.settings ?? null;
  const draft = edited ?? (loaded.data ? draftOf(current) : null);
  const [saved, setSaved] = useState('');
  const [turningOff, setTurningOff] = useState(false);
  const save = useSubmit();
  const f = save.fields;
  const redirect = redirectAddress();

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved('');
    if (draft) setEdited({ ...draft, [key]: value });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    const body: OidcSettingsInput = {
      issuer: draft.issuer.trim(), clientId: draft.clientId.trim(), allowedDomains: domainList(draft.domains),
      newMemberRole: draft.newMemberRole, requiredForStaff: draft.requiredForStaff,
      ...(draft.removeSecret ? { clientSecret: null } : draft.clientSecret.trim() ? { clientSecret: draft.clientSecret.trim() } : {}),
    };
    if (await save.run(async () => {
      const answer = await callApi('saveOidcSettings', body);
      setEdited(draftOf(answer.settings));
    })) {
      setSaved('Saved. People in your company can now sign in with their company account.');
      void loaded.reload();
    }
  };

  const turnOff = async () => {
    if (await save.run(() => callApi('removeOidcSettings'))) {
      setTurningOff(false);
      setEdited(null);
      setSaved('The company sign-in is off: people join with invite codes. Everyone signed in stays signed in.');
      void loaded.reload();
    }
  };

  return (
    <section id="sign-in" class="panel-section" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign-in</h2>
      <p class="hint">
        Let people sign in with their company account (Microsoft Entra ID, Google Workspace, Okta or any OpenID Connect provider) instead of an
        invite code. Invite codes keep working for your provider's people.
      </p>
      <ProblemNotice problem={loaded.problem} onRetry={() => void loaded.reload()} />
      <dl class="facts" data-testid="sign-in-facts">
        <dt>Workspace id</dt>
        <dd><code id="sign-in-workspace">{session.workspace.id}</code> <CopyButton text={session.workspace.id} label="Copy workspace id" /></dd>
        <dt>Redirect address to register at your identity provider</dt>
        <dd>{redirect ? <><code>{redirect}</code> <CopyButton text={redirect} label="Copy redirect address" /></> : 'Shown in Chrome, Edge and Firefox.'}</dd>
      </dl>
      {current && <p class="hint" data-testid="sign-in-state">On since {formatDateTime(current.updatedAt)}{current.hasClientSecret ? ', with a client secret' : ''}.</p>}
      {!draft ? (loaded.loading && <p aria-busy="true">Loading…</p>) : (
        <form onSubmit={submit} noValidate>
          <Field id="oidc-issuer" label="Issuer" error={f.issuer} hint="e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or https://accounts.google.com">
            <input {...describedBy('oidc-issuer', f.issuer, true)} type="url" value={draft.issuer} onInput={(e) => set('issuer', e.currentTarget.value)} autoComplete="off" spellcheck={false} />
          </Field>
          <div class="row">
            <Field id="oidc-client" label="Client id" error={f.clientId} hint="The application (client) id you registered for Steward">
              <input {...describedBy('oidc-client', f.clientId, true)} value={draft.clientId} onInput={(e) => set('clientId', e.currentTarget.value)} autoComplete="off" spellcheck={false} />
            </Field>
            <Field id="oidc-secret" label="Client secret" error={f.clientSecret}
              hint={current?.hasClientSecret ? 'Kept; type a new one to replace it' : 'Only if your provider requires one (Google does)'}>
              <input {...describedBy('oidc-secret', f.clientSecret, true)} type="password" value={draft.clientSecret} disabled={draft.removeSecret}
                onInput={(e) => set('clientSecret', e.currentTarget.value)} autoComplete="new-password" />
            </Field>
          </div>
          {current?.hasClientSecret && (
            <label class="check"><input type="checkbox" checked={draft.removeSecret} onChange={(e) => set('removeSecret', e.currentTarget.checked)} /> Remove the client secret</label>
          )}
          <Field id="oidc-domains" label="Email domains" error={f.allowedDomains ?? f['allowedDomains.0']} hint="Only accounts at these domains may sign in, e.g. acme.com, acme.co.uk">
            <input {...describedBy('oidc-domains', f.allowedDomains ?? f['allowedDomains.0'], true)} value={draft.domains} onInput={(e) => set('domains', e.currentTarget.value)} autoComplete="off" spellcheck={false} />
          </Field>
          <Field id="oidc-role" label="Role of new people" error={f.newMemberRole} hint="People invited before keep their role; make someone an admin under People">
            <select {...describedBy('oidc-role', f.newMemberRole, true)} value={draft.newMemberRole}
              onChange={(e) => set('newMemberRole', e.currentTarget.value as Draft['newMemberRole'])}>
              {OIDC_NEW_MEMBER_ROLES.map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}
            </select>
          </Field>
          <label class="check">
            <input type="checkbox" checked={draft.requiredForStaff} onChange={(e) => set('requiredForStaff', e.currentTarget.checked)}
              aria-describedby={f.requiredForStaff ? 'oidc-required-error' : undefined} />{' '}
            Admins and staff must sign in with the company account (their invite codes stop working)
          </label>
          {f.requiredForStaff && <p class="field-error" id="oidc-required-error">{f.requiredForStaff}.</p>}
          <div class="actions">
            <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Checking the provider…' : 'Save sign-in settings'}</button>
            {current && !turningOff && <button type="button" disabled={save.busy} onClick={() => setTurningOff(true)}>Turn off…</button>}
          </div>
          {turningOff && (
            <ConfirmBox id="oidc-off" confirmLabel="Turn off the company sign-in" busy={save.busy} onConfirm={() => void turnOff()} onCancel={() => setTurningOff(false)}
              question="Turn off the company sign-in? People join with invite codes again; everyone signed in now stays signed in." />
          )}
          {saved && <p class="status" role="status" data-testid="sign-in-saved">{saved}</p>}
          <ProblemNotice problem={save.problem} shownFields={['clientId', 'clientSecret', 'allowedDomains', 'newMemberRole']} />
        </form>
      )}
    </section>
  );
}
