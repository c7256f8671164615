import { connectwise as detector } from '../../../shared/tickets/tools/connectwise';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { connectwise } from '../../sites/connectwise/selectors';

// The ticket script on ConnectWise's pages: ConnectWise's detection and readers alone, not every other tool's.
// Registered for ConnectWise's hosts when a user enables ConnectWise (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], connectwise)));
