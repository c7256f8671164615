import { mountTicketBadge } from '../core/page/ticket-badge';

// The ticket script, built as a plain script rather than a WXT content script: it runs in every
// ticket page, and WXT's content-script runtime (and the webextension-polyfill it brings) would
// be most of its weight. Its manifest entry (cloud tools, run at document_idle) is in
// wxt.config.ts; self-hosted sites get it registered at run time (core/background/sites.ts).
// core/page/page-context.ts stands in for what the runtime did: stop when the extension goes
// away or a newer copy starts, follow client-side navigation.
export default defineUnlistedScript(() => {
  mountTicketBadge();
});
