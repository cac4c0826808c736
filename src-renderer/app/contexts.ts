/**
 * What the shell hands to every element below it without passing it down by hand: the service
 * client and the page's live output (one per connection). Only controllers' hosts consume them;
 * leaf elements still say what they want with events.
 */
import { createContext } from '@lit/context';
import type { ApiClient } from '../api/client.js';
import type { LiveOutput } from '../terminal/live-output.js';

/** The connection to the service, once it is made. */
export const clientContext = createContext<ApiClient | undefined>(Symbol('rl-client'));

/** The page's live output of running steps, made with the connection. */
export const outputContext = createContext<LiveOutput | undefined>(Symbol('rl-live-output'));
