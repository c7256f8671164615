import { freshservice as detector } from '../../../shared/tickets/tools/freshservice';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { freshservice } from '../../sites/freshservice/selectors';

// The ticket script on Freshservice's pages: Freshservice's detection and readers alone, not every other tool's.
// Registered for Freshservice's hosts when a user enables Freshservice (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], freshservice)));
