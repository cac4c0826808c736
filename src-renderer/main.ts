/** The renderer's entry: defines the shell, which defines the rest and connects to the service. */
import './app/rl-app.js';
