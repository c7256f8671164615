import { provideReaders } from '../../core/page/readers';
import { rt } from '../../sites/rt/selectors';

// Request Tracker's readers, run by the background into a page whose ticket script recognised a
// Request Tracker ticket (the script for self-hosted and enabled sites carries no tool's readers).
export default defineUnlistedScript(() => provideReaders(rt));
