/**
 * What the shell hands to every element below it without passing it down by hand: the service
 * client. Only controllers' hosts consume it; leaf elements still say what they want with events.
 */
import { createContext } from '@lit/context';
import type { ApiClient } from '../api/client.js';

/** The connection to the service, once it is made. */
export const clientContext = createContext<ApiClient | undefined>(Symbol('rl-client'));
