import { env } from 'cloudflare:workers';

/**
 * What a person's browser does at the test identity provider (tests/oidc/provider.mjs):
 * open the authorization address, log in on the provider's own page as `login`, and follow
 * the redirects back to Steward's redirect address. Plain fetches with the provider's
 * cookies kept, as a browser keeps them. Answers the `code` and `state` the provider sent back.
 */
export async function logInAtProvider(authorizationUrl: string, login: string): Promise<{ code: string; state: string; iss: string | null }> {
  const jar = new Map<string, string>();
  const go = async (url: string | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    // workerd has the standard getSetCookie(); the Workers types do not list it yet.
    for (const c of (res.headers as Headers & { getSetCookie(): string[] }).getSetCookie()) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  let res = await go(authorizationUrl);
  for (let hops = 0; hops < 10; hops++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, authorizationUrl);
      if (next.origin !== new URL(env.OIDC_ISSUER).origin) {
        // Back at the browser's redirect address: the provider's answer is in the query.
        const code = next.searchParams.get('code');
        const state = next.searchParams.get('state');
        if (!code || !state) throw new Error(`The provider came back without a code: ${next.href}`);
        return { code, state, iss: next.searchParams.get('iss') };
      }
      res = await go(next);
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (res.status !== 200 || !action || !page.includes('name="login"')) throw new Error(`Unexpected page from the provider (${res.status}): ${page.slice(0, 300)}`);
    res = await go(new URL(action.replace(/&amp;/g, '&'), authorizationUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
    });
  }
  throw new Error('The provider kept redirecting');
}

/** Changes an account's address at the test provider, as a company does when someone's name changes. */
export async function changeEmailAtProvider(login: string, email: string): Promise<void> {
  const res = await fetch(`${env.OIDC_ISSUER}/test/accounts/${login}`, { method: 'POST', body: JSON.stringify({ email }) });
  if (res.status !== 204) throw new Error(`changing ${login}'s email answered ${res.status}`);
}
