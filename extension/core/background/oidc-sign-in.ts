import { browser } from 'wxt/browser';
import { createClient } from '../../../shared/api/client';
import type { OidcStarted } from '../../../shared/schemas';
import { errorText, MessageError } from '../contract/errors';
import type { ConnectionState } from '../contract/messages';
import { adopt, checkWorker, normaliseWorkerUrl, toMessageError } from './connection';
import { checkConnectionAllowed } from './managed-policy';

/**
 * Sign-in with the company account: the Worker builds the identity provider's address
 * (authorization code + PKCE, its own state and nonce), the browser shows it in its sign-in
 * window (`identity.launchWebAuthFlow`), and the code that comes back goes to the Worker,
 * which answers a token as an invite code would. The verifier and the token exchange never
 * pass through here.
 */

/** The browser's sign-in window, as a function (the extension tests stand in for the person). */
export type WebAuthFlow = (details: { url: string; interactive: boolean }) => Promise<string | undefined>;

const identity = () => (browser as unknown as { identity?: { launchWebAuthFlow: WebAuthFlow; getRedirectURL(path?: string): string } }).identity;

/** Where the identity provider sends the person back; register it as a redirect address at the provider. */
function redirectAddress(): string {
  const api = identity();
  if (!api) throw new MessageError('unsupported', 'This browser cannot show a sign-in window for extensions. Use an invite code, or Chrome, Edge or Firefox.');
  return api.getRedirectURL();
}

export async function signInWithCompany(workerUrl: string, workspaceId: string, opts: { fetch?: typeof fetch; launch?: WebAuthFlow } = {}): Promise<ConnectionState> {
  const base = normaliseWorkerUrl(workerUrl);
  const id = workspaceId.trim();
  if (!id) throw new MessageError('validation_failed', 'Enter the workspace id your administrator gave you.', { workspaceId: 'is required' });
  await checkConnectionAllowed(base, id);
  await checkWorker(base, opts.fetch);
  const client = createClient({ baseUrl: base, fetch: opts.fetch });
  const redirectUri = redirectAddress();
  let started: OidcStarted;
  try {
    started = await client.startOidcSignIn(id, redirectUri);
  } catch (err) {
    throw toMessageError(err);
  }
  const launch = opts.launch ?? identity()!.launchWebAuthFlow;
  let back: string | undefined;
  try {
    back = await launch({ url: started.authorizationUrl, interactive: true });
  } catch (err) {
    throw new MessageError('cancelled', `The sign-in window closed before the sign-in finished (${errorText(err)}). Choose "Sign in with your company account" to try again.`);
  }
  const answer = back ? new URL(back) : null;
  const error = answer?.searchParams.get('error');
  if (error) {
    const said = answer!.searchParams.get('error_description') ?? error;
    throw new MessageError('refused', `Your company's sign-in did not let you in: ${said}. Try again; if it keeps happening, tell your Steward administrator.`);
  }
  const code = answer?.searchParams.get('code');
  if (!answer || !code || answer.searchParams.get('state') !== started.state) {
    throw new MessageError('refused', 'The sign-in window came back without a sign-in for Steward. Choose "Sign in with your company account" to try again.');
  }
  try {
    const { token, member, workspace } = await client.finishOidcSignIn(started.state, code);
    return await adopt({ workerUrl: base, token, member, workspace }, opts.fetch);
  } catch (err) {
    throw toMessageError(err);
  }
}
