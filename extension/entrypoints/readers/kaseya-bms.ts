import { kaseyaBms as detector } from '../../../shared/tickets/tools/kaseya-bms';
import { provideReaders } from '../../core/page/readers';
import { kaseyaBms } from '../../sites/kaseya-bms/selectors';

// Kaseya BMS's detection and readers, run by the background into a page on Kaseya BMS's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(kaseyaBms, [detector]));
