import { atera as detector } from '../../../shared/tickets/tools/atera';
import { provideReaders } from '../../core/page/readers';
import { atera } from '../../sites/atera/selectors';

// Atera's detection and readers, run by the background into a page on Atera's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(atera, [detector]));
