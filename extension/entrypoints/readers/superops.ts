import { superops as detector } from '../../../shared/tickets/tools/superops';
import { provideReaders } from '../../core/page/readers';
import { superops } from '../../sites/superops/selectors';

// SuperOps's detection and readers, run by the background into a page on SuperOps's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(superops, [detector]));
