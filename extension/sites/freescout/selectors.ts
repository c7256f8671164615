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
  // The toolbar's assignee button, beside the menu of people; "Anyone" (user -1) is nobody.
  assignee: (doc) => {
    const group = doc.querySelector('#conv-toolbar ul.conv-user')?.closest('.btn-group');
    return group?.querySelector('ul.conv-user > li.active > a[data-user_id="-1"]') ? undefined : textAt(group, '.conv-info-val > span');
  },
  // FreeScout has no priority; thread dates are local times without their zone.
};
