import { syncro as detector } from '../../../shared/tickets/tools/syncro';
import { provideReaders } from '../../core/page/readers';
import { syncro } from '../../sites/syncro/selectors';

// Syncro's detection and readers, run by the background into a page on Syncro's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(syncro, [detector]));
