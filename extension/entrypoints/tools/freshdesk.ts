import { freshdesk as detector } from '../../../shared/tickets/tools/freshdesk';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { freshdesk } from '../../sites/freshdesk/selectors';

// The ticket script on Freshdesk's pages: Freshdesk's detection and readers alone, not every other tool's.
// Registered for Freshdesk's hosts when a user enables Freshdesk (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], freshdesk)));
