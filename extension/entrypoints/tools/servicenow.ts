import { servicenow as detector } from '../../../shared/tickets/tools/servicenow';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { inPageOrFrame, oneTool } from '../../sites/read';
import { servicenow } from '../../sites/servicenow/selectors';

// The ticket script on ServiceNow's pages: ServiceNow's detection and readers alone, not every other tool's.
// Registered for ServiceNow's hosts when a user enables ServiceNow (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], servicenow, (detect) => inPageOrFrame(detect, { servicenow }))));
