import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** The local mail sink's HTTP side: GET /messages lists what it received, parsed. */
      MAIL_SINK_URL: string;
      /** The test OpenID Connect provider (tests/oidc/provider.mjs) and its private signing key (JSON JWK). */
      OIDC_ISSUER: string;
      OIDC_SIGNING_KEY: string;
    }
    interface GlobalProps {
      mainModule: typeof import('../../worker/index');
    }
  }
}
