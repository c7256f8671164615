import { provideReaders } from '../../core/page/readers';
import { connectwise } from '../../sites/connectwise/selectors';

// ConnectWise's detection and readers, run by the background into a page on ConnectWise's hosts where the
// script for self-hosted and enabled sites runs: it knows cloud tools by their hosts alone.
export default defineUnlistedScript(() => provideReaders(connectwise));
