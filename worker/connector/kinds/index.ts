import type { ConnectionKind } from '../../../shared/schemas';
import type { KindModule } from '../types';
import { autotask } from './autotask';
import { connectwise } from './connectwise';
import { freshservice } from './freshservice';
import { github } from './github';
import { halopsa } from './halopsa';
import { jira } from './jira';
import { redmine } from './redmine';
import { rt } from './rt';
import { servicenow } from './servicenow';
import { zammad } from './zammad';
import { zendesk } from './zendesk';

/** One module per tool: how to sign in, read tagged tickets, and find one for *Test connection*. */
export const KINDS: Record<ConnectionKind, KindModule> = {
  rt, redmine, zendesk, jira, github, freshservice, servicenow, connectwise, autotask, halopsa, zammad,
};
