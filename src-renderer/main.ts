/**
 * The renderer's entry. The address token module runs first: it takes the browser host's token
 * out of the address before the app reads its route there. Then rl-app connects to the service.
 */
import './api/address-token.js';
import './components/rl-app.js';
