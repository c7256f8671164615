import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&mode=0&ticketId=111', 'autotask:ww5.autotask.net:111'],
  ['https://ww14.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&ids%5B0%5D=53203&ticketId=53203', 'autotask:ww14.autotask.net:53203'],
  ['https://ww14.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?workspace=True&ids%5B0%5D=53203&ids%5B1%5D=53204', 'autotask:ww14.autotask.net:53203'],
  ['https://ww14.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?TicketId=35754', 'autotask:ww14.autotask.net:35754'],
  ['https://WW14.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=53203', 'autotask:ww14.autotask.net:53203'],
  // The display number is a second identity for the same ticket: not keyed.
  ['https://ww14.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?TicketNumber=T20260909.0028', null],
  ['https://ww14.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketNumber=T20260909.0028', null],
  ['https://ww14.autotask.net/Mvc/ServiceDesk/TicketGridSearch.mvc/Index', null],
  ['https://ww5.autotask.net/Mvc/ServiceDesk/TicketNew.mvc/Create', null],
  ['https://ww14.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTaskDetail&taskid=45088', null],
  ['https://ww14.autotask.net/Mvc/Projects/TaskDetail.mvc?taskID=45088', null],
  ['https://autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=111', null],
  ['https://ww5.autotask.net.evil.example/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=111', null],
];

describe('Autotask ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
