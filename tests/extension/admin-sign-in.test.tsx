import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PeoplePanel } from '../../extension/ui/admin/PeoplePanel';
import { SignInPanel } from '../../extension/ui/admin/SignInPanel';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { button, byLabel, choose, click, mount, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage({
    members: [
      makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin', email: 'priya@example.com' }),
      makeMember({ id: 'm-sam', name: 'Sam Lee', role: 'staff', email: 'sam@example.com' }),
    ],
  }));
});
afterEach(() => tearDown(root));

describe('sign-in settings (admins)', () => {
  async function open() {
    await mount(root, <SignInPanel session={sessionOf(worker)} />);
    await until(() => expect(root.querySelector('form')).not.toBeNull());
  }
  const fill = async (issuer: string) => {
    await type(byLabel(root, 'Issuer'), issuer);
    await type(byLabel(root, 'Client id'), 'steward-app');
    await type(byLabel(root, 'Email domains'), 'ACME.test, acme.co.uk');
  };

  it('saves the company sign-in and says who can now use it; the workspace id people need is there to copy', async () => {
    await open();
    expect(text(root.querySelector('#sign-in-workspace')!)).toBe('w1');
    await fill('https://login.example.com/acme/v2.0');
    await choose(byLabel<HTMLSelectElement>(root, 'Role of new people'), 'executive');
    await submit(byLabel(root, 'Issuer'));
    await until(() => expect(text(root.querySelector('[data-testid="sign-in-saved"]') ?? root)).toBe('Saved. People in your company can now sign in with their company account.'));
    expect(worker.calls.at(-2)).toMatchObject({
      method: 'POST', path: '/api/v1/sign-in/oidc',
      body: { issuer: 'https://login.example.com/acme/v2.0', clientId: 'steward-app', allowedDomains: ['ACME.test', 'acme.co.uk'], newMemberRole: 'executive', requiredForStaff: false },
    });
    expect(worker.oidc).toMatchObject({ allowedDomains: ['acme.test', 'acme.co.uk'], newMemberRole: 'executive' });
    await until(() => expect(byLabel(root, 'Email domains').value).toBe('acme.test, acme.co.uk'));
  });

  it('shows the Worker\'s reason for an issuer it cannot use, beside the field and in full, and keeps what was typed', async () => {
    worker.brokenIssuers['https://idp.acme.test'] = {
      message: "The identity provider's discovery document (https://idp.acme.test/.well-known/openid-configuration) has no jwks_uri, the address of its signing keys, so Steward could not check any sign-in from it. Nothing was saved. Check that the issuer is an OpenID Connect provider.",
      field: 'publishes no signing keys (jwks_uri)',
    };
    await open();
    await fill('https://idp.acme.test');
    await submit(byLabel(root, 'Issuer'));
    await until(() => expect(text(root.querySelector('#oidc-issuer-error') ?? root)).toBe('Issuer publishes no signing keys (jwks_uri).'));
    expect(text(root.querySelector('[role="alert"]')!)).toMatch(/has no jwks_uri.*Nothing was saved/);
    expect(byLabel(root, 'Issuer').value).toBe('https://idp.acme.test');
    expect(worker.oidc).toBeNull();

    await type(byLabel(root, 'Issuer'), 'http://login.example.com/acme');
    await submit(byLabel(root, 'Issuer'));
    await until(() => expect(text(root.querySelector('#oidc-issuer-error') ?? root)).toBe('Issuer must start with https:// (plain http:// is accepted only for a server on this computer).'));
    expect(worker.oidc).toBeNull();
  });

  it('turns the company sign-in off after asking', async () => {
    worker.oidc = {
      issuer: 'https://login.example.com/acme/v2.0', clientId: 'steward-app', hasClientSecret: true, allowedDomains: ['acme.test'],
      newMemberRole: 'staff', requiredForStaff: false, workspaceId: 'w1', updatedAt: '2026-11-01T09:00:00.000Z',
    };
    await open();
    expect(text(root.querySelector('[data-testid="sign-in-state"]')!)).toMatch(/, with a client secret\.$/);
    await click(button(root, 'Turn off…'));
    await click(button(root, 'Turn off the company sign-in'));
    await until(() => expect(worker.oidc).toBeNull());
    expect(worker.audit[0]).toMatchObject({ action: 'sign_in.remove' });
  });
});

describe('a new sign-in code for a member', () => {
  it('asks first, then shows the code once; redeeming it signs in the same member', async () => {
    await mount(root, <PeoplePanel session={sessionOf(worker)} />);
    await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
    await click(button(root, 'New sign-in code for Sam Lee'));
    expect(text(root.querySelector('.confirm')!)).toMatch(/^Make a new sign-in code for Sam Lee\?/);
    expect(byLabel<HTMLInputElement>(root.querySelector('.confirm')!, 'Also sign Sam Lee out everywhere else now (a lost laptop)').checked).toBe(true);
    await click(button(root, 'Make a new code'));
    await until(() => expect(root.querySelector('[data-testid="invite-code"]')).not.toBeNull());
    expect(text(root.querySelector('.new-invite h4')!)).toBe('New sign-in code for Sam Lee');
    const code = root.querySelector<HTMLInputElement>('[data-testid="invite-code"]')!.value;
    expect(worker.calls.find((c) => c.path === '/api/v1/members/m-sam/sign-in')).toMatchObject({ method: 'POST', body: { endOtherSignIns: true } });
    const redeemed = await (await worker.fetch('https://steward.example.com/api/v1/auth/redeem', { method: 'POST', body: JSON.stringify({ code }) })).json();
    expect(redeemed.member).toMatchObject({ id: 'm-sam', name: 'Sam Lee' });
    expect(worker.members.map((m) => m.name)).toEqual(['Priya Shah', 'Sam Lee']);
  });
});
