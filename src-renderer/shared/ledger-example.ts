/**
 * The connection string shown as an example wherever the UI says how to set a team ledger: a
 * publishing login, a database, and TLS that checks the server, as docs/ledger.md recommends.
 */
export const LEDGER_URL_EXAMPLE =
  'postgresql://ws_alice@db.example.org/runlog_ledger?sslmode=verify-full';
