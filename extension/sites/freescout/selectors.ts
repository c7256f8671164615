import { firstText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/freescout/conversation.html (FreeScout 1.8, conversations/view).

export const freescout: SiteAdapter = {
  tool: 'freescout',
  // The subject block above the threads.
  title: (doc) => textAt(doc, '#conv-subject .conv-subjtext'),
  status: (doc) =>
    firstText(
      // The toolbar's status button: the button group that holds the status menu shows the
      // current status on its .conv-info-val button.
      () => textAt(doc.querySelector('#conv-toolbar ul.conv-status')?.closest('.btn-group'), '.conv-info-val > span'),
      // The status menu marks the current status active.
      () => textAt(doc, '#conv-toolbar ul.conv-status > li.active > a'),
    ),
};
