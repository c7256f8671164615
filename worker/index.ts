import { app } from './app';
import type { Env } from './env';

// The Worker's entry. Only the default export lives here: workerd treats every named
// export of the main module as an entrypoint.
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
