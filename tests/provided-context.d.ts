// Values the Worker tests' global set-up (tests/worker/global-setup.ts) provides to the
// workerd pool (vitest.config.ts): where the local SMTP sink listens.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    smtpPort: number;
    mailSinkUrl: string;
    /** The test OpenID Connect provider's issuer (tests/oidc/provider.mjs), and its signing key as a JSON JWK. */
    oidcIssuer: string;
    oidcSigningKey: string;
    /** The connector lab (tests/connector/lab.ts): real RT/Redmine on demand, the cloud tools' fixture APIs. */
    connectorLab: string;
  }
}
