import { zendesk as detector } from '../../../shared/tickets/tools/zendesk';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { zendesk } from '../../sites/zendesk/selectors';

// The ticket script on Zendesk's pages: Zendesk's detection and readers alone, not every other tool's.
// Listed in the manifest for Zendesk's hosts, which Steward may run on from the start (wxt.config.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], zendesk)));
