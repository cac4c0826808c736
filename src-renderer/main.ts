/**
 * The renderer's entry. The address token module runs first: it takes the browser host's token
 * out of the address before the app reads its route there. Then the shell defines the rest and
 * connects to the service.
 */
import { watchAddressToken } from './api/address-token.js';

watchAddressToken(window);
await import('./app/rl-app.js');
