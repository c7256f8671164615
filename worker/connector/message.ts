/** One message per connection due for a pull (worker/connector/queue.ts). Its own file: the Worker's Env names it. */
export interface ConnectorMessage {
  connectionId: string;
}
