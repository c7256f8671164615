/**
 * A failure with a code the code can act on, a message a person can act on, and, when the
 * input was at fault, what is wrong with each field. The background throws it; the message
 * contract carries it to pages, where `send` throws it again.
 */
export class MessageError extends Error {
  constructor(readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
    this.name = 'MessageError';
  }
}

/** The words of whatever was thrown: an error's message, else the value itself. */
export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
