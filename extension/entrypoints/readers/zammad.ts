import { provideReaders } from '../../core/page/readers';
import { zammad } from '../../sites/zammad/selectors';

// Zammad's readers, run by the background into a page whose ticket script recognised a
// Zammad ticket (the script for self-hosted and enabled sites carries no tool's readers).
export default defineUnlistedScript(() => provideReaders(zammad));
