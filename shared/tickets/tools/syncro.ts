import { positiveId, subdomainOf, type ToolDetector } from '../types';

// Syncro: https://{sub}.syncromsp.com/tickets/{id}, also served as
// {sub}.shield.syncromsp.com for the same account, so both give tenant `{sub}`. The id is
// Syncro's internal ticket id (the #number shown on screen is a separate counter).
const TICKET_PATH = /^\/tickets\/(\d+)\/?$/;

export const syncro: ToolDetector = {
  tool: 'syncro',
  selfHosted: false,
  fromUrl(url) {
    const tenant = subdomainOf(url, 'shield.syncromsp.com') ?? subdomainOf(url, 'syncromsp.com');
    const id = positiveId(TICKET_PATH.exec(url.pathname)?.[1]);
    return tenant && tenant !== 'shield' && id ? { tenant, ticketId: id } : null;
  },
};
