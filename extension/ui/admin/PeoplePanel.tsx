import { useEffect, useRef, useState } from 'preact/hooks';
import { ROLES, type Invite, type InviteCreated, type Member, type ProviderLinkCreated, type Role } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import {
  ConfirmBox, CopyButton, describedBy, Field, formatDate, formatDateTime, ProblemNotice, relativeTime, ROLE_NAMES, useLoad, type Session,
} from './forms';
import { useSubmit } from '../submit';

const ROLE_HINTS: Record<Role, string> = {
  staff: 'Your IT staff: they tag tickets.',
  executive: 'Executives get the report by email: adding their address under Reports → Recipients is enough. Invite them only to use Steward themselves.',
  provider: "Someone at your IT provider: sees only what is shared with the provider, and answers for it.",
  admin: 'Sets up Steward: taxonomy, people, reports.',
};

const STATUS_WORDS: Record<Invite['status'], string> = { pending: 'Pending', used: 'Used', expired: 'Expired', revoked: 'Revoked' };

/** The words an admin sends with a new code, so the person knows what to do with it. */
function inviteMessage(workerUrl: string, created: InviteCreated): string {
  return `Install Steward, open Settings, connect to ${workerUrl} with code ${created.code}. The code works once, until ${formatDate(created.expiresAt)}.`;
}

const roleLabel = (role: Role, company: string | null) => `${ROLE_NAMES[role]}${role === 'provider' && company ? ` (${company})` : ''}`;

/** Invites and members: who may use Steward in this workspace, and as what. */
export function PeoplePanel({ session }: { session: Session }) {
  const members = useLoad(() => callApi('members'), [session.member.id]);
  const invites = useLoad(() => callApi('invites'), [session.member.id]);
  const [created, setCreated] = useState<InviteCreated | null>(null);

  // Changing or removing yourself ends your own sign-in: one call lets the background notice now.
  const afterChange = (memberId: string) => {
    void members.reload();
    if (memberId === session.member.id) void callApi('me').catch(() => undefined);
  };

  return (
    <section id="people" class="panel-section" aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      <section class="subsection" aria-labelledby="invite-heading">
        <h3 id="invite-heading">Invite someone</h3>
        <InviteForm onCreated={(c) => {
          setCreated(c);
          void invites.reload();
        }} />
        {created && <NewInvite key={created.code} created={created} workerUrl={session.workerUrl} onDone={() => setCreated(null)} />}
      </section>

      <section class="subsection" aria-labelledby="members-heading">
        <h3 id="members-heading">Members</h3>
        <ProblemNotice problem={members.problem} onRetry={() => void members.reload()} />
        {members.data ? (
          <MemberTable items={members.data.items} session={session} onChanged={afterChange} />
        ) : (
          members.loading && <p aria-busy="true">Loading members…</p>
        )}
      </section>

      <section class="subsection" aria-labelledby="invites-heading">
        <h3 id="invites-heading">Invites</h3>
        <ProblemNotice problem={invites.problem} onRetry={() => void invites.reload()} />
        {invites.data ? (
          <InviteTable items={invites.data.items} onChanged={() => void invites.reload()} />
        ) : (
          invites.loading && <p aria-busy="true">Loading invites…</p>
        )}
      </section>
    </section>
  );
}

function InviteForm({ onCreated }: { onCreated: (c: InviteCreated) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [company, setCompany] = useState('');
  const save = useSubmit();
  const f = save.fields;
  const submit = async (e: Event) => {
    e.preventDefault();
    let made: InviteCreated | undefined;
    const ok = await save.run(async () => {
      made = await callApi('createInvite', {
        role, name: name.trim(), email: email.trim() || undefined, providerCompany: role === 'provider' ? company.trim() : undefined,
      });
    });
    if (ok && made) {
      setName('');
      setEmail('');
      setCompany('');
      onCreated(made);
    }
  };
  return (
    <form class="invite-form" onSubmit={submit} noValidate>
      <div class="row">
        <Field id="invite-name" label="Name" error={f.name}>
          <input {...describedBy('invite-name', f.name)} value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" maxLength={120} />
        </Field>
        <Field id="invite-email" label="Email" error={f.email} hint="Optional">
          <input type="email" {...describedBy('invite-email', f.email, true)} value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoComplete="off" maxLength={254} />
        </Field>
      </div>
      <div class="row">
        <Field id="invite-role" label="Role" error={f.role} hint={ROLE_HINTS[role]}>
          <select {...describedBy('invite-role', f.role, true)} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {(['staff', 'executive', 'provider', 'admin'] as const).map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}
          </select>
        </Field>
        {role === 'provider' ? (
          <Field id="invite-company" label="Provider company" error={f.providerCompany} hint="Required for provider members">
            <input {...describedBy('invite-company', f.providerCompany, true)} value={company} onInput={(e) => setCompany(e.currentTarget.value)}
              aria-required="true" autoComplete="organization" maxLength={120} />
          </Field>
        ) : (
          <div class="field" />
        )}
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Creating…' : 'Create invite'}</button>
      </div>
      <ProblemNotice problem={save.problem} shownFields={['name', 'email', 'role', 'providerCompany']} />
    </form>
  );
}

/** The new code, shown once: Steward keeps only its hash, so this is the only chance to copy it. */
function NewInvite({ created, workerUrl, onDone, title }: { created: InviteCreated; workerUrl: string; onDone: () => void; title?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const message = inviteMessage(workerUrl, created);
  return (
    <div class="new-invite" role="region" aria-labelledby="new-invite-heading">
      <h4 id="new-invite-heading" tabIndex={-1} ref={heading}>{title ?? `Invite code for ${created.name} (${ROLE_NAMES[created.role]})`}</h4>
      <p class="hint">
        Shown only now: Steward keeps no copy of the code. It works once, until {formatDate(created.expiresAt)}. If it gets lost, revoke it and create a new one.
      </p>
      <div class="field">
        <label for="new-invite-code">New invite code</label>
        <div class="code-line">
          <input id="new-invite-code" data-testid="invite-code" readOnly value={created.code} class="code" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={created.code} label="Copy code" selectId="new-invite-code" />
        </div>
      </div>
      <div class="field">
        <label for="new-invite-message">Message to send with it</label>
        <textarea id="new-invite-message" readOnly rows={3} value={message} onFocus={(e) => e.currentTarget.select()} />
        <div><CopyButton text={message} label="Copy message" selectId="new-invite-message" /></div>
      </div>
      <button type="button" onClick={onDone}>Done</button>
    </div>
  );
}

function MemberTable({ items, session, onChanged }: { items: Member[]; session: Session; onChanged: (memberId: string) => void }) {
  const admins = items.filter((m) => m.role === 'admin').length;
  if (items.length === 0) return <p class="empty">No members.</p>;
  return (
    <table class="data-table" aria-labelledby="members-heading">
      <thead>
        <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Last active</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>
        {items.map((m) => (
          <MemberRow key={m.id} member={m} you={m.id === session.member.id} lastAdmin={m.role === 'admin' && admins <= 1}
            workspaceName={session.workspace.name} workerUrl={session.workerUrl} onChanged={() => onChanged(m.id)} />
        ))}
      </tbody>
    </table>
  );
}

function MemberRow({ member: m, you, lastAdmin, workspaceName, workerUrl, onChanged }: {
  member: Member; you: boolean; lastAdmin: boolean; workspaceName: string; workerUrl: string; onChanged: () => void;
}) {
  const [role, setRole] = useState<Role>(m.role);
  const [company, setCompany] = useState(m.providerCompany ?? '');
  const [removing, setRemoving] = useState(false);
  // A new sign-in code for this same member (a new or lost laptop): asked first, then shown once.
  const [reissuing, setReissuing] = useState(false);
  const [endOthers, setEndOthers] = useState(true);
  const [issued, setIssued] = useState<InviteCreated | null>(null);
  const action = useSubmit();
  const roleChanging = role !== m.role;
  const idBase = `member-${m.id}`;

  const cancel = () => {
    setRole(m.role);
    setRemoving(false);
    setReissuing(false);
    action.clear();
  };
  const reissue = async () => {
    let made: InviteCreated | undefined;
    if (await action.run(async () => {
      made = await callApi('reissueSignIn', m.id, { endOtherSignIns: endOthers });
    })) {
      setReissuing(false);
      setIssued(made ?? null);
      if (you && endOthers) onChanged();
    }
  };
  const changeRole = async () => {
    const ok = await action.run(() => callApi('updateMember', m.id, { role, ...(role === 'provider' ? { providerCompany: company.trim() } : {}) }));
    if (ok) onChanged();
  };
  const remove = async () => {
    if (await action.run(() => callApi('removeMember', m.id))) onChanged();
  };

  return (
    <>
      <tr>
        <th scope="row">
          <span class="member-name">{m.name}{you && ' (you)'}</span>{' '}
          {m.email && <span class="hint">{m.email}</span>}
        </th>
        <td>
          <select aria-label={`Role of ${m.name}`} value={role} disabled={lastAdmin || action.busy}
            aria-describedby={lastAdmin ? `${idBase}-only-admin` : undefined}
            onChange={(e) => {
              setRemoving(false);
              action.clear();
              setRole(e.currentTarget.value as Role);
            }}>
            {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, r === m.role ? m.providerCompany : null)}</option>)}
          </select>
          {lastAdmin && <span class="hint" id={`${idBase}-only-admin`}>The only admin: make someone else admin first.</span>}
        </td>
        <td><span title={m.lastActiveAt ? formatDateTime(m.lastActiveAt) : undefined}>{relativeTime(m.lastActiveAt)}</span></td>
        <td class="row-actions">
          <button type="button" aria-label={`New sign-in code for ${m.name}`} disabled={action.busy}
            onClick={() => {
              setRole(m.role);
              setRemoving(false);
              setIssued(null);
              action.clear();
              setReissuing(true);
            }}>
            New sign-in code
          </button>
          <button type="button" aria-label={`Remove ${m.name}`} disabled={lastAdmin || action.busy}
            aria-describedby={lastAdmin ? `${idBase}-only-admin` : undefined}
            onClick={() => {
              setRole(m.role);
              setReissuing(false);
              action.clear();
              setRemoving(true);
            }}>
            Remove
          </button>
        </td>
      </tr>
      {m.role === 'provider' && !roleChanging && !removing && (
        <tr class="detail-row link-row">
          <td colSpan={4}><ProviderLink member={m} /></td>
        </tr>
      )}
      {issued && (
        <tr class="detail-row">
          <td colSpan={4}>
            <NewInvite created={issued} workerUrl={workerUrl} onDone={() => setIssued(null)} title={`New sign-in code for ${m.name}`} />
          </td>
        </tr>
      )}
      {(roleChanging || removing || reissuing || action.problem) && (
        <tr class="detail-row">
          <td colSpan={4}>
            {reissuing && (
              <ConfirmBox id={`${idBase}-reissue`} confirmLabel="Make a new code" onConfirm={() => void reissue()} onCancel={cancel} busy={action.busy}
                question={`Make a new sign-in code for ${m.name}? It signs in as ${you ? 'you' : m.name}, with the same role and tags, on a new browser; earlier codes made this way stop working.`}>
                <label class="check">
                  <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.currentTarget.checked)} />{' '}
                  Also sign {you ? 'you' : m.name} out everywhere else now (a lost laptop)
                </label>
              </ConfirmBox>
            )}
            {roleChanging && (
              <ConfirmBox id={`${idBase}-role`} confirmLabel="Change role" onConfirm={() => void changeRole()} onCancel={cancel} busy={action.busy}
                question={`Change ${m.name}'s role from ${ROLE_NAMES[m.role]} to ${ROLE_NAMES[role]}? This signs ${you ? 'you' : 'them'} out of Steward on every browser; ${you ? 'you' : 'they'} connect again with a new invite code.${m.role === 'provider' ? ` ${m.name}'s web link is withdrawn too.` : ''}`}>
                {role === 'provider' && (
                  <Field id={`${idBase}-company`} label="Provider company" error={action.fields.providerCompany} hint="Required for provider members">
                    <input {...describedBy(`${idBase}-company`, action.fields.providerCompany, true)} value={company} aria-required="true"
                      onInput={(e) => setCompany(e.currentTarget.value)} maxLength={120} />
                  </Field>
                )}
              </ConfirmBox>
            )}
            {removing && (
              <ConfirmBox id={`${idBase}-remove`} confirmLabel={`Remove ${m.name}`} onConfirm={() => void remove()} onCancel={cancel} busy={action.busy}
                question={`Remove ${m.name} from ${workspaceName}? ${you ? 'You will be signed out at once.' : 'Their sign-ins stop working at once.'} The tags they wrote stay.`} />
            )}
            <ProblemNotice problem={action.problem} shownFields={['providerCompany']} />
          </td>
        </tr>
      )}
    </>
  );
}

function InviteTable({ items, onChanged }: { items: Invite[]; onChanged: () => void }) {
  if (items.length === 0) return <p class="empty">No invites yet.</p>;
  // Pending ones first: those are the ones an admin may still need to act on.
  const sorted = [...items].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.createdAt.localeCompare(a.createdAt));
  return (
    <table class="data-table" aria-labelledby="invites-heading">
      <thead>
        <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>{sorted.map((i) => <InviteRow key={i.id} invite={i} onChanged={onChanged} />)}</tbody>
    </table>
  );
}

function InviteRow({ invite: i, onChanged }: { invite: Invite; onChanged: () => void }) {
  const revoke = useSubmit();
  return (
    <>
      <tr>
        <th scope="row">
          <span class="member-name">{i.name}</span>{' '}
          {i.email && <span class="hint">{i.email}</span>}
        </th>
        <td>{roleLabel(i.role, i.providerCompany)}</td>
        <td>
          <span class={`pill status-${i.status}`}>{STATUS_WORDS[i.status]}</span>{' '}
          {i.status === 'pending' && <span class="hint">until {formatDate(i.expiresAt)}</span>}
        </td>
        <td>{formatDate(i.createdAt)}</td>
        <td class="row-actions">
          {i.status === 'pending' && (
            <button type="button" aria-label={`Revoke the invite for ${i.name}`} disabled={revoke.busy}
              onClick={() => void revoke.run(() => callApi('revokeInvite', i.id)).then((ok) => ok && onChanged())}>
              {revoke.busy ? 'Revoking…' : 'Revoke'}
            </button>
          )}
        </td>
      </tr>
      {revoke.problem && (
        <tr class="detail-row"><td colSpan={5}><ProblemNotice problem={revoke.problem} /></td></tr>
      )}
    </>
  );
}

/**
 * A provider member's personal web page (`/p/…`): what the client shared with their company,
 * answerable without the extension. The address is shown once when made (Steward keeps no
 * copy); replacing it ends the old one, and withdrawing ends it at once.
 */
function ProviderLink({ member: m }: { member: Member }) {
  const status = useLoad(() => callApi('providerLinkStatus', m.id), [m.id]);
  const action = useSubmit();
  const [made, setMade] = useState<ProviderLinkCreated | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const idBase = `link-${m.id}`;
  const s = status.data;

  const create = async () => {
    let created: ProviderLinkCreated | undefined;
    if (await action.run(async () => {
      created = await callApi('createProviderLink', m.id);
    })) {
      setMade(created ?? null);
      void status.reload();
    }
  };
  const withdraw = async () => {
    if (await action.run(() => callApi('revokeProviderLink', m.id))) {
      setWithdrawing(false);
      setMade(null);
      void status.reload();
    }
  };

  return (
    <div class="provider-link" role="group" aria-labelledby={`${idBase}-label`}>
      <p>
        <strong id={`${idBase}-label`}>Web link for {m.name}</strong>{' '}
        <span data-testid="link-status">
          {!s
            ? (status.loading ? 'Loading…' : '')
            : s.active
              ? `Active · made ${s.createdAt ? formatDate(s.createdAt) : 'earlier'} · last used ${relativeTime(s.lastUsedAt)}`
              : 'None'}
        </span>
      </p>
      <p class="hint" id={`${idBase}-hint`}>
        A personal page where {m.name} sees what is shared with {m.providerCompany ?? 'their company'} and answers, without the extension.
        {s?.active ? ' Replacing it ends the current link at once.' : ''} Changing {m.name}'s company or role withdraws it.
      </p>
      <ProblemNotice problem={status.problem ?? action.problem} onRetry={status.problem ? () => void status.reload() : undefined} />
      {made && (
        <div class="new-invite" role="region" aria-labelledby={`${idBase}-made`}>
          <p id={`${idBase}-made`}><strong>New web link for {m.name}</strong></p>
          <p class="hint">Shown only now: Steward keeps no copy. Send it to {m.name} privately; anyone with it can answer as them. If it gets lost, replace it.</p>
          <div class="field">
            <label for={`${idBase}-url`}>Web link</label>
            <div class="code-line">
              <input id={`${idBase}-url`} data-testid="provider-link-url" readOnly value={made.url} class="code" onFocus={(e) => e.currentTarget.select()} />
              <CopyButton text={made.url} label="Copy link" selectId={`${idBase}-url`} />
            </div>
          </div>
          <button type="button" onClick={() => setMade(null)}>Done</button>
        </div>
      )}
      {withdrawing ? (
        <ConfirmBox id={`${idBase}-withdraw`} confirmLabel="Withdraw link" busy={action.busy} onConfirm={() => void withdraw()}
          onCancel={() => setWithdrawing(false)}
          question={`Withdraw ${m.name}'s web link? It stops working at once; ${m.name} keeps using the extension if they have it.`} />
      ) : (
        s && (
          <div class="actions">
            <button type="button" disabled={action.busy} aria-describedby={`${idBase}-hint`} onClick={() => void create()}
              aria-label={`${s.active ? 'Replace web link' : 'Create web link'} for ${m.name}`}>
              {action.busy ? 'Making…' : s.active ? 'Replace web link' : 'Create web link'}
            </button>
            {s.active && (
              <button type="button" disabled={action.busy} aria-label={`Withdraw the web link of ${m.name}`} onClick={() => setWithdrawing(true)}>Withdraw</button>
            )}
          </div>
        )
      )}
    </div>
  );
}
