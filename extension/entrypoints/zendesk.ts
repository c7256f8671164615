import { detectTicketWith } from '../../shared/tickets';
import { zendesk as detector } from '../../shared/tickets/tools/zendesk';
import { mountTicketBadge } from '../core/page/ticket-badge';
import { inPage, ticketReader } from '../sites/read';
import { zendesk } from '../sites/zendesk/selectors';

// The ticket script on Zendesk's pages (listed in the manifest for its hosts, wxt.config.ts):
// Zendesk's detection and selectors alone, so a Zendesk page does not carry every other tool's.
export default defineUnlistedScript(() => {
  mountTicketBadge({ read: ticketReader(inPage((url, doc) => detectTicketWith([detector], url, doc)), { zendesk }) });
});
