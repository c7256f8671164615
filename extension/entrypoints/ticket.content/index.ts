import { mountTicketBadge } from '../../core/page/ticket-badge';

export default defineContentScript({
  // Cloud tools are matched statically; self-hosted tools are registered at run time for
  // the sites a user enables (and the e2e build adds loopback hosts, see wxt.config.ts).
  matches: ['https://*.zendesk.com/*'],
  runAt: 'document_idle',
  // The badge brings its own styles, inlined into its shadow root (core/page/shadow-mount.ts).
  cssInjectionMode: 'manual',
  main(ctx) {
    mountTicketBadge(ctx);
  },
});
