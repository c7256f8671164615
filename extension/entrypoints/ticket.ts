import type { CloudToolId } from '../../shared/cloud-tools';
import { detectTicketWith, SELF_HOSTED_DETECTORS, type ToolDetector } from '../../shared/tickets';
import { customTicketOf } from '../../shared/tickets/custom';
import { connectwise } from '../../shared/tickets/tools/connectwise';
import { jira } from '../../shared/tickets/tools/jira';
import { readersFor } from '../core/page/load-readers';
import type { ToolReaders } from '../core/page/readers';
import { mountTicketBadge } from '../core/page/ticket-badge';
import { cloudToolAt } from '../sites/cloud-hosts';
import { custom } from '../sites/custom';
import { inPage, inPageOrFrame, readWith } from '../sites/read';

// The ticket script for self-hosted sites and the sites a user turns Steward on for. It is
// registered at run time for each such site (core/background/sites.ts, and the company policy's
// sites); the e2e build also lists it in the manifest for 127.0.0.1 (wxt.config.ts). Cloud tools
// get a script of their own (entrypoints/tools/).
//
// It recognises every ticket a page there can show: a self-hosted tool's by its address and
// markup, a cloud tool's on that tool's hosts, and the user's own URL patterns. It carries no
// tool's readers, and most cloud tools' detection neither: the tool's are loaded when needed
// (entrypoints/readers/), so a page gets one tool's, not every tool's.
//
// Built as a plain script rather than a WXT content script: it runs in every ticket page, and
// WXT's content-script runtime (and the webextension-polyfill it brings) would be much of its
// weight. core/page/page-context.ts stands in for what the runtime did.

/** Cloud tools whose detection this script carries: its code is mostly their self-hosted variant's. */
const CARRIED: Partial<Record<CloudToolId, readonly ToolDetector[]>> = { jira: [jira], connectwise: [connectwise] };

/** On a cloud tool's host, its detectors come first, as `detectTicket` orders them. */
const detectWith = (cloud: readonly ToolDetector[]) => (url: string, doc: Document) => detectTicketWith([...cloud, ...SELF_HOSTED_DETECTORS], url, doc);

export default defineUnlistedScript(() => {
  mountTicketBadge({
    locate(url, doc) {
      const tool = cloudToolAt(url);
      const carried = tool ? CARRIED[tool] : [];
      if (carried) return inPage(detectWith(carried))(url, doc);
      // Another cloud tool's host: its detection (and readers) first, and where its tickets are (ServiceNow's frame).
      const withTool = (loaded: ToolReaders | undefined) =>
        inPageOrFrame(detectWith(loaded?.detectors ?? []), loaded ? { [loaded.adapter.tool]: loaded.adapter } : {})(url, doc);
      const loading = readersFor(tool!);
      return loading instanceof Promise ? loading.then(withTool) : withTool(loading);
    },
    async read(found) {
      if (found.ref.tool === 'custom') return readWith(found, custom);
      return readWith(found, (await readersFor(found.ref.tool))?.adapter);
    },
    custom: customTicketOf,
  });
});
