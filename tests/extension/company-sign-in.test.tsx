import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { parsePolicy, syncPolicySites } from '../../extension/core/background/managed-policy';
import { connectionItem } from '../../extension/core/contract/storage';
import { Options } from '../../extension/ui/Options';
import { WORKER_URL } from './support/fake-worker';
import { byLabel, button, click, mount, setUpPage, submit, tearDown, text, type, until } from './support/options-page';
import { fakeSiteApis } from './support/site-apis';

/**
 * Signing in with the company account, and a company's policy for Steward (managed storage),
 * on the options page wired to the real background handlers. The browser's sign-in window is
 * played by a stand-in that answers as the identity provider would (the real window and a real
 * provider: tests/e2e/company-sign-in.test.ts).
 */

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let root: HTMLElement;
let worker: Awaited<ReturnType<typeof setUpPage>>['worker'];
let launch: ReturnType<typeof vi.fn>;

function fakeIdentity(answer: (url: string) => Promise<string | undefined>) {
  launch = vi.fn(({ url }: { url: string }) => answer(url));
  const identity = fakeBrowser.identity as unknown as Record<string, unknown>;
  identity.getRedirectURL = () => REDIRECT;
  identity.launchWebAuthFlow = launch;
}
/** The identity provider's happy answer: back to Steward's address with a code and the same state. */
const backWithCode = async (url: string) => `${REDIRECT}?code=the-code&state=${new URL(url).searchParams.get('state')}`;

async function signedOutPage(policy?: Record<string, unknown>) {
  ({ worker, root } = await setUpPage());
  fakeSiteApis();
  await connectionItem.setValue(null);
  worker.oidc = {
    issuer: 'https://login.example.com/acme/v2.0', clientId: 'steward', hasClientSecret: false, allowedDomains: ['acme.test'],
    newMemberRole: 'staff', requiredForStaff: false, workspaceId: worker.workspace.id, updatedAt: '2026-11-01T09:00:00.000Z',
  };
  if (policy) await fakeBrowser.storage.managed.set(policy);
  fakeIdentity(backWithCode);
  await mount(root, <Options />);
  await until(() => expect(root.querySelector('form.connect')).not.toBeNull());
}

const who = () => text(root.querySelector('[data-testid="who"]') ?? root);

afterEach(() => tearDown(root));

describe('signing in with the company account', () => {
  beforeEach(() => signedOutPage());

  it('opens the identity provider the Worker names in the browser\'s sign-in window, and signs in with what comes back', async () => {
    await click(button(root, 'Sign in with your company account instead'));
    expect(root.querySelector('#code')).toBeNull();
    await type(byLabel(root, 'Steward address'), WORKER_URL);
    await type(byLabel(root, 'Workspace id'), worker.workspace.id);
    await submit(byLabel(root, 'Workspace id'));
    await until(() => expect(who()).toBe('Signed in as Alice Moreau (staff) in Acme Dental'));
    expect(launch).toHaveBeenCalledTimes(1);
    const asked = new URL(launch.mock.calls[0]![0].url);
    expect([asked.origin + asked.pathname, asked.searchParams.get('redirect_uri'), launch.mock.calls[0]![0].interactive]).toEqual(['https://idp.example.com/authorize', REDIRECT, true]);
    expect(worker.calls.filter((c) => c.path.startsWith('/api/v1/auth/oidc')).map((c) => [c.path, c.body])).toEqual([
      ['/api/v1/auth/oidc/start', { workspaceId: 'w1', redirectUri: REDIRECT }],
      ['/api/v1/auth/oidc/finish', { state: asked.searchParams.get('state'), code: 'the-code' }],
    ]);
    expect((await connectionItem.getValue())).toMatchObject({ workerUrl: WORKER_URL, member: { name: 'Alice Moreau' }, token: expect.stringMatching(/^stw_/) });
  });

  it('says what happened when the window is closed, the provider says no, or the Worker refuses; and stays signed out', async () => {
    await click(button(root, 'Sign in with your company account instead'));
    await type(byLabel(root, 'Steward address'), WORKER_URL);
    await type(byLabel(root, 'Workspace id'), worker.workspace.id);
    const alert = () => text(root.querySelector('form.connect [role="alert"]') ?? root);

    launch.mockImplementationOnce(() => Promise.reject(new Error('The user did not approve access.')));
    await submit(byLabel(root, 'Workspace id'));
    await until(() => expect(alert()).toBe('The sign-in window closed before the sign-in finished (The user did not approve access.). Choose "Sign in with your company account" to try again.'));

    launch.mockImplementationOnce(async (o: { url: string }) => `${REDIRECT}?error=access_denied&error_description=The+user+is+not+assigned+to+Steward&state=${new URL(o.url).searchParams.get('state')}`);
    await submit(byLabel(root, 'Workspace id'));
    await until(() => expect(alert()).toBe("Your company's sign-in did not let you in: The user is not assigned to Steward. Try again; if it keeps happening, tell your Steward administrator."));

    launch.mockImplementationOnce(async () => `${REDIRECT}?code=x&state=not-the-one-steward-started`);
    await submit(byLabel(root, 'Workspace id'));
    await until(() => expect(alert()).toBe('The sign-in window came back without a sign-in for Steward. Choose "Sign in with your company account" to try again.'));

    const domain = 'Your account bob@elsewhere.test is not from a domain this workspace accepts (acme.test). Sign in with your work account, or ask your Steward administrator.';
    worker.answerOnce('POST', '/api/v1/auth/oidc/finish', 401, { error: { code: 'unauthorized', message: domain } });
    await submit(byLabel(root, 'Workspace id'));
    await until(() => expect(alert()).toBe(domain));
    expect(await connectionItem.getValue()).toBeNull();
  });

  it('says so for a workspace without a company sign-in, beside the workspace id', async () => {
    worker.oidc = null;
    await click(button(root, 'Sign in with your company account instead'));
    await type(byLabel(root, 'Steward address'), WORKER_URL);
    await type(byLabel(root, 'Workspace id'), 'w1');
    await submit(byLabel(root, 'Workspace id'));
    await until(() => expect(text(root.querySelector('#workspaceId-error') ?? root)).toBe('has no company sign-in'));
    expect(launch).not.toHaveBeenCalled();
  });
});

describe('a company policy for Steward', () => {
  it('fills in and locks the address, offers only the company sign-in, and says which settings it sets', async () => {
    await signedOutPage({ workerUrl: `${WORKER_URL}/`, workspaceId: 'w1', signInMethod: 'company-account', allowOtherWorkspaces: false });
    await until(() => expect(root.querySelector('[data-testid="policy"]')).not.toBeNull());
    expect([...root.querySelectorAll('[data-testid="policy"] li')].map((li) => li.textContent)).toEqual([
      `Steward server: ${WORKER_URL}`, 'Workspace: w1', 'Sign-in: with your company account', 'Connecting to other Steward servers or workspaces: not allowed',
    ]);
    const address = byLabel(root, 'Steward address');
    expect([address.value, address.readOnly]).toEqual([WORKER_URL, true]);
    expect(text(root.querySelector('#workerUrl-policy')!)).toBe("Set by your company's policy.");
    expect(root.querySelector('#code')).toBeNull();
    expect(root.querySelector('#workspaceId')).toBeNull();
    expect(button(root, 'Sign in with your company account')).toBeDefined();
    expect(() => button(root, 'Use an invite code instead')).toThrow();

    await click(button(root, 'Sign in with your company account'));
    await until(() => expect(who()).toBe('Signed in as Alice Moreau (staff) in Acme Dental'));
    // Connecting elsewhere is not offered, and refused if asked for anyway.
    expect(() => button(root, 'Connect another workspace')).toThrow();
  });

  it('refuses a connection to another server when the policy forbids it', async () => {
    await signedOutPage({ workerUrl: 'https://steward.acme.example', allowOtherWorkspaces: false, signInMethod: 'invite-code' });
    await until(() => expect(root.querySelector('[data-testid="policy"]')).not.toBeNull());
    const { dispatch } = await import('../../extension/core/background/handlers');
    const answer = await dispatch({ type: 'connection:connect', payload: { workerUrl: 'https://elsewhere.example', code: 'STW-AAAA-BBBB' } }, {});
    expect(answer).toMatchObject({ code: 'policy', message: "Your company's policy lets Steward connect only to https://steward.acme.example." });
    expect(worker.calls).toEqual([]);
  });

  it('applies nothing of a policy with a mistake in it, and says what to fix', async () => {
    await signedOutPage({ workerUrl: 'steward dot acme', sigInMethod: 'company-account', sites: ['*.service-now.com'] });
    await until(() => expect(root.querySelector('[data-testid="policy-problems"]')).not.toBeNull());
    expect([...root.querySelectorAll('[data-testid="policy-problems"] li')].map((li) => li.textContent)).toEqual([
      '"sigInMethod" is not a Steward policy setting (they are: workerUrl, workspaceId, allowOtherWorkspaces, signInMethod, sites). Check its spelling.',
      'workerUrl must be the Steward server\'s full address, such as https://steward.example.com; the policy has "steward dot acme".',
      'sites[0] ("*.service-now.com") is not a host pattern such as https://*.service-now.com/* or https://rt.example.com/*.',
    ]);
    const address = byLabel(root, 'Steward address');
    expect(address.readOnly).toBe(false);
    expect(root.querySelector('#code')).not.toBeNull();
  });
});

describe('the policy\'s sites', () => {
  let apis: ReturnType<typeof fakeSiteApis>;
  beforeEach(async () => {
    ({ worker, root } = await setUpPage());
    apis = fakeSiteApis({ required: ['https://*.zendesk.com/*', 'https://rt.acme.example/*'] });
  });

  it('runs Steward at once where the browser already grants the hosts, and asks once where it does not', async () => {
    await fakeBrowser.storage.managed.set({ sites: ['https://rt.acme.example/*', 'https://*.service-now.com/*'] });
    expect(await syncPolicySites()).toMatchObject({ status: 'ok', sites: [{ pattern: 'https://rt.acme.example/*', on: true }, { pattern: 'https://*.service-now.com/*', on: false }] });
    expect([...apis.registered.keys()]).toEqual(['steward-policy:https://rt.acme.example/*']);
    expect(apis.request).not.toHaveBeenCalled();

    await mount(root, <Options />);
    await until(() => expect(root.querySelector('[data-pattern="https://*.service-now.com/*"]')).not.toBeNull());
    expect(text(root.querySelector('[data-pattern="https://rt.acme.example/*"]')!)).toBe('https://rt.acme.example/* on');
    await click(button(root, 'Allow Steward on https://*.service-now.com/*'));
    await until(() => expect(text(root.querySelector('[data-pattern="https://*.service-now.com/*"]')!)).toBe('https://*.service-now.com/* on'));
    expect(apis.request).toHaveBeenCalledWith({ origins: ['https://*.service-now.com/*'] });
    expect([...apis.registered.keys()].sort()).toEqual(['steward-policy:https://*.service-now.com/*', 'steward-policy:https://rt.acme.example/*']);

    // IT takes a site out of the policy: Steward stops running there.
    await fakeBrowser.storage.managed.set({ sites: ['https://*.service-now.com/*'] });
    await syncPolicySites();
    expect([...apis.registered.keys()]).toEqual(['steward-policy:https://*.service-now.com/*']);
  });
});

describe('reading a policy', () => {
  it('accepts every setting, normalising the address', () => {
    expect(parsePolicy({ workerUrl: ' https://steward.acme.example/ ', workspaceId: 'w1', allowOtherWorkspaces: false, signInMethod: 'company-account', sites: ['https://*.service-now.com/*'] }))
      .toEqual({
        status: 'ok',
        policy: { workerUrl: 'https://steward.acme.example', workspaceId: 'w1', allowOtherWorkspaces: false, signInMethod: 'company-account', sites: ['https://*.service-now.com/*'] },
        sites: [{ pattern: 'https://*.service-now.com/*', on: false }],
      });
  });

  it.each([
    [{ workerUrl: 'http://steward.acme.example' }, 'workerUrl must start with https:// (plain http:// only for a server on the same computer); the policy has "http://steward.acme.example".'],
    [{ workerUrl: 42 }, 'workerUrl must be the Steward server\'s full address, such as https://steward.example.com; the policy has 42.'],
    [{ allowOtherWorkspaces: 'no' }, 'allowOtherWorkspaces must be true or false; the policy has "no".'],
    [{ signInMethod: 'sso' }, 'signInMethod must be "company-account" or "invite-code"; the policy has "sso".'],
    [{ signInMethod: 'company-account', workerUrl: 'https://steward.acme.example' }, 'signInMethod "company-account" needs workerUrl and workspaceId too: the sign-in must know which Steward server and workspace to ask.'],
    [{ sites: 'https://*.service-now.com/*' }, 'sites must be a list of host patterns such as ["https://*.service-now.com/*"]; the policy has "https://*.service-now.com/*".'],
    [{ sites: ['ftp://files.acme.example/*'] }, 'sites[0] ("ftp://files.acme.example/*") is not a host pattern such as https://*.service-now.com/* or https://rt.example.com/*.'],
  ])('refuses %j', (raw, problem) => {
    expect(parsePolicy(raw)).toEqual({ status: 'invalid', problems: [problem] });
  });
});
