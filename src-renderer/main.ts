/** The renderer's entry: defines the elements; rl-app connects to the service. */
import './components/rl-app.js';
