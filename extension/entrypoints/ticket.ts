import { mountTicketBadge } from '../core/page/ticket-badge';
import { readTicketOnPage } from '../sites';
import { readCustomTicketOnPage } from '../sites/custom';

// The ticket script for self-hosted sites and the sites a user turns Steward on for: every
// tool's detection and selectors, and the user's own URL patterns. It is registered at run time
// for each such site (core/background/sites.ts); the e2e build also lists it in the manifest
// for 127.0.0.1 (wxt.config.ts). Cloud tools get a script of their own (entrypoints/zendesk.ts).
//
// Built as a plain script rather than a WXT content script: it runs in every ticket page, and
// WXT's content-script runtime (and the webextension-polyfill it brings) would be much of its
// weight. core/page/page-context.ts stands in for what the runtime did.
export default defineUnlistedScript(() => {
  mountTicketBadge({ read: readTicketOnPage, readCustom: readCustomTicketOnPage });
});
