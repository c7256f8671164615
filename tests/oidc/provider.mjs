// A real OpenID Connect provider for the tests: the certified `oidc-provider` package on a
// local port (plain http is accepted on 127.0.0.1, see shared/schemas/sign-in.ts), with its
// development log-in page (any password; the login names the account) and the accounts below.
// The Worker tests' and the browser tests' global set-ups start one per run.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

// The login is the account's subject (`sub`). `POST /test/accounts/<login>` with a JSON body
// `{ "email": … }` changes an account's address, as a company does when someone's name changes.
// `<issuer>/no-keys` is an issuer whose discovery document has no jwks_uri.
const OIDC_ACCOUNTS = {
  /** At the company's domain: signs in and becomes a member. */
  alice: { email: 'alice@acme.test', name: 'Alice Moreau' },
  /** Another company's account: the workspace does not accept her domain. */
  bob: { email: 'bob@elsewhere.test', name: 'Bob Stone' },
  /** A second person at the company. */
  carol: { email: 'carol@acme.test', name: 'Carol Diaz' },
  /** A third, for the browser tests. */
  dave: { email: 'dave@acme.test', name: 'Dave Okafor' },
};

/** The public client Steward is registered as (PKCE, no secret). */
const OIDC_CLIENT_ID = 'steward-test';
/** A client that must send its secret, as Google's do. */
const OIDC_CONFIDENTIAL_CLIENT = { id: 'steward-confidential', secret: 'test-client-secret-0123456789' };
/** Where the Worker tests say the browser comes back to. */
const TEST_REDIRECT_URI = 'https://steward-tests.chromiumapp.org/';

/**
 * Starts the provider on a free port of 127.0.0.1. `redirectUris`: further sign-in endings it
 * accepts (a browser's identity.getRedirectURL()).
 * @param {string[]} [redirectUris]
 */
export async function startOidcProvider(redirectUris = []) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'steward-test-key', alg: 'RS256', use: 'sig' };
  const redirects = [TEST_REDIRECT_URI, ...redirectUris];
  /** This provider's accounts: each run starts from OIDC_ACCOUNTS and may change them. */
  const accounts = new Map(Object.entries(OIDC_ACCOUNTS).map(([login, a]) => [login, { ...a }]));
  const client = { redirect_uris: redirects, grant_types: ['authorization_code'], response_types: ['code'] };
  // The issuer names the port: listen first, then make the provider for that address.
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const issuer = `http://127.0.0.1:${address.port}`;
  const provider = new Provider(issuer, {
    clients: [
      { ...client, client_id: OIDC_CLIENT_ID, token_endpoint_auth_method: 'none' },
      { ...client, client_id: OIDC_CONFIDENTIAL_CLIENT.id, client_secret: OIDC_CONFIDENTIAL_CLIENT.secret, token_endpoint_auth_method: 'client_secret_post' },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['steward-test-cookies'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Google and Microsoft put the email in the ID token of a code flow; so does this provider.
    conformIdTokenClaims: false,
    /** @param {unknown} _ctx @param {string} id */
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: true, name: account.name }) };
    },
    // The company consented for everyone (as Entra ID's admin consent does): a person only logs in.
    /** @param {any} ctx */
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    // Set, so the provider does not warn about its defaults on every run.
    ttl: { Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60, IdToken: 3600, AccessToken: 600 },
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
  const handle = provider.callback();
  server.on('request', (req, res) => {
    // An issuer whose discovery document forgets where its keys are: Steward must refuse it.
    if (req.url === '/no-keys/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        issuer: `${issuer}/no-keys`, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, response_types_supported: ['code'],
      }));
      return;
    }
    const change = /^\/test\/accounts\/([\w-]+)$/.exec(req.url ?? '');
    if (!change || req.method !== 'POST') return handle(req, res);
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const account = accounts.get(change[1] ?? '');
      if (account) Object.assign(account, JSON.parse(body));
      res.writeHead(account ? 204 : 404).end();
    });
  });
  return {
    issuer,
    signingKey,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve(undefined));
    }),
  };
}
