import { hostTenant, positiveId, type ToolDetector } from '../types';

// FreeScout: https://{host}/conversation/{id}, possibly under a path, with `?folder_id=…`
// naming the folder it was opened from. New tickets are /mailbox/{id}/new-ticket; lists are
// /mailbox/{id}[/{folder}] and /search.
const CONVERSATION_PATH = /\/conversation\/(\d+)\/?$/;

// FreeScout's conversation view sets body class "body-conv" with data-conversation_id and
// renders #conv-layout.
const FREESCOUT_MARKUP = 'body.body-conv, [data-conversation_id], #conv-layout';

export const freescout: ToolDetector = {
  tool: 'freescout',
  selfHosted: true,
  fromUrl(url) {
    const id = positiveId(CONVERSATION_PATH.exec(url.pathname)?.[1]);
    return id ? { tenant: hostTenant(url), ticketId: id } : null;
  },
  fingerprint(doc) {
    return !!doc.querySelector(FREESCOUT_MARKUP);
  },
};
