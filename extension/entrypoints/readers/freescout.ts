import { provideReaders } from '../../core/page/readers';
import { freescout } from '../../sites/freescout/selectors';

// FreeScout's readers, run by the background into a page whose ticket script recognised a
// FreeScout ticket (the script for self-hosted and enabled sites carries no tool's readers).
export default defineUnlistedScript(() => provideReaders(freescout));
