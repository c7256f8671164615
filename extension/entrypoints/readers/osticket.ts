import { provideReaders } from '../../core/page/readers';
import { osticket } from '../../sites/osticket/selectors';

// osTicket's readers, run by the background into a page whose ticket script recognised a
// osTicket ticket (the script for self-hosted and enabled sites carries no tool's readers).
export default defineUnlistedScript(() => provideReaders(osticket));
