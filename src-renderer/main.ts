/**
 * The renderer's entry. The address token module runs first: it takes the browser host's token
 * out of the address before the app reads its route there. Then the shell defines the rest and
 * connects to the service.
 */
import './api/address-token.js';
import './app/rl-app.js';
