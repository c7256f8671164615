import { servicenow as detector } from '../../../shared/tickets/tools/servicenow';
import { provideReaders } from '../../core/page/readers';
import { servicenow } from '../../sites/servicenow/selectors';

// ServiceNow's detection and readers, run by the background into a page on ServiceNow's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(servicenow, [detector]));
