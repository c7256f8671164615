import { kaseyaBms as detector } from '../../../shared/tickets/tools/kaseya-bms';
import { mountTicketBadge } from '../../core/page/ticket-badge';
import { oneTool } from '../../sites/read';
import { kaseyaBms } from '../../sites/kaseya-bms/selectors';

// The ticket script on Kaseya BMS's pages: Kaseya BMS's detection and readers alone, not every other tool's.
// Registered for Kaseya BMS's hosts when a user enables Kaseya BMS (background/cloud-tools.ts).
export default defineUnlistedScript(() => mountTicketBadge(oneTool([detector], kaseyaBms)));
