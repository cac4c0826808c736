/**
 * The SQL of the ledger's first schema (PostgreSQL 13 or later: pg_trgm is a trusted extension
 * from 13 on, so the database owner may create it). Everything lives in the `runlog` schema.
 *
 * - `runs`: one row per published run: the signed evidence document exactly as exported, the
 *   fields the team history filters on, and a hash chain over the rows in publication order
 *   (`seq`, `prev_hash`, `entry_hash`) that the database itself computes.
 * - `artifacts` and `blobs`: artifact files, content stored once per SHA-256 (checked by the
 *   database) up to the publisher's size limit, the hash alone beyond it.
 * - `signers`: the team's allowed signers; `runbook_trust`: runbook versions the team trusts.
 *
 * Who did what is stamped by triggers from `session_user`, never taken from the client. Rows of
 * runs, artifacts and blobs can be inserted and never changed or removed: grants give the
 * publishing role INSERT and SELECT only, and triggers refuse UPDATE, DELETE and TRUNCATE for
 * every role (only a superuser, who can disable triggers, gets past them).
 */

/** Group roles the schema grants to; login roles are made members of them. */
export const PUBLISHER_ROLE = 'runlog_publisher';
export const STEWARD_ROLE = 'runlog_steward';

/** The schema the ledger's tables live in. */
export const LEDGER_SCHEMA = 'runlog';

/** The chain value before the first row. */
export const CHAIN_START = '0'.repeat(64);

export const SCHEMA_V1 = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION runlog.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the Runlog ledger is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $fn$;

-- Stamps the columns named by the trigger's arguments with who (session_user) and when.
CREATE FUNCTION runlog.stamp() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user, TG_ARGV[1], now()));
  RETURN NEW;
END $fn$;

-- An end date (a signer's valid_until, a trust's revoked_at) is set once, and by whom is kept.
CREATE FUNCTION runlog.end_once() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF to_jsonb(OLD) ->> TG_ARGV[0] IS NOT NULL THEN
    RAISE EXCEPTION '%.% of row % is already set and cannot change', TG_TABLE_NAME, TG_ARGV[0], OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[1], session_user));
  RETURN NEW;
END $fn$;

CREATE TABLE runlog.runs (
  seq bigint PRIMARY KEY,
  run_id text NOT NULL UNIQUE CHECK (length(run_id) BETWEEN 1 AND 200),
  record_hash text NOT NULL UNIQUE CHECK (record_hash ~ '^[0-9a-f]{64}$'),
  format text NOT NULL,
  runbook_id text NOT NULL,
  runbook_title text NOT NULL,
  runbook_sha256 text NOT NULL,
  operator text NOT NULL,
  host text NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  signed_at timestamptz NOT NULL,
  signer_fingerprint text NOT NULL,
  step_count integer NOT NULL,
  search_text text NOT NULL,
  document text NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  entry_hash text NOT NULL
);
-- Documents reach tens of megabytes: lz4 (where the server has it) compresses them several times
-- faster than the default pglz. Artifact contents are mostly compressed already (captures,
-- archives): stored out of line without a compression attempt.
DO $lz4$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE runlog.runs ALTER COLUMN document SET COMPRESSION lz4;
  END IF;
END $lz4$;
CREATE INDEX runs_by_start ON runlog.runs (started_at DESC, seq DESC);
CREATE INDEX runs_by_runbook ON runlog.runs (runbook_id, started_at DESC, seq DESC);
CREATE INDEX runs_by_operator ON runlog.runs (operator, started_at DESC, seq DESC);
CREATE INDEX runs_by_host ON runlog.runs (host, started_at DESC, seq DESC);
CREATE INDEX runs_by_status ON runlog.runs (status, started_at DESC, seq DESC);
CREATE INDEX runs_text ON runlog.runs USING gin (search_text gin_trgm_ops);
-- Filters combine (an operator who never failed): without statistics on the pairs, the planner
-- assumes independence and walks one index through every row of the operator.
CREATE STATISTICS runlog.runs_runbook_status (mcv) ON runbook_id, status FROM runlog.runs;
CREATE STATISTICS runlog.runs_operator_status (mcv) ON operator, status FROM runlog.runs;
CREATE STATISTICS runlog.runs_host_status (mcv) ON host, status FROM runlog.runs;
CREATE STATISTICS runlog.runs_operator_host (mcv) ON operator, host FROM runlog.runs;

-- The chain: rows are numbered and linked one at a time, under a lock held to the commit.
CREATE FUNCTION runlog.chain_run() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  last record;
BEGIN
  PERFORM pg_advisory_xact_lock(7213514093001);
  SELECT seq, entry_hash INTO last FROM runlog.runs ORDER BY seq DESC LIMIT 1;
  NEW.seq := COALESCE(last.seq, 0) + 1;
  NEW.prev_hash := COALESCE(last.entry_hash, '${CHAIN_START}');
  NEW.published_by := session_user;
  NEW.published_at := date_trunc('milliseconds', clock_timestamp());
  NEW.entry_hash := encode(sha256(convert_to(concat_ws('|', NEW.seq, NEW.prev_hash, NEW.run_id,
    NEW.record_hash, NEW.published_by,
    to_char(NEW.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), 'UTF8')), 'hex');
  RETURN NEW;
END $fn$;
CREATE TRIGGER runs_chain BEFORE INSERT ON runlog.runs
  FOR EACH ROW EXECUTE FUNCTION runlog.chain_run();

CREATE TABLE runlog.blobs (
  sha256 text PRIMARY KEY,
  content bytea NOT NULL,
  CHECK (encode(sha256(content), 'hex') = sha256)
);
ALTER TABLE runlog.blobs ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE TABLE runlog.artifacts (
  run_id text NOT NULL REFERENCES runlog.runs (run_id),
  path text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  stored boolean NOT NULL,
  PRIMARY KEY (run_id, path, sha256)
);

CREATE TABLE runlog.signers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  fingerprint text NOT NULL CHECK (fingerprint ~ '^SHA256:[A-Za-z0-9+/]{43}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  valid_from timestamptz NOT NULL DEFAULT now(),
  valid_until timestamptz,
  added_by text NOT NULL DEFAULT '',
  added_at timestamptz NOT NULL DEFAULT now(),
  ended_by text,
  CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE INDEX signers_by_fingerprint ON runlog.signers (fingerprint);
CREATE TRIGGER signers_stamp BEFORE INSERT ON runlog.signers
  FOR EACH ROW EXECUTE FUNCTION runlog.stamp('added_by', 'added_at');
CREATE TRIGGER signers_end BEFORE UPDATE ON runlog.signers
  FOR EACH ROW EXECUTE FUNCTION runlog.end_once('valid_until', 'ended_by');

CREATE TABLE runlog.runbook_trust (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  runbook_id text NOT NULL,
  title text NOT NULL,
  note text,
  trusted_by text NOT NULL DEFAULT '',
  trusted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX runbook_trust_by_sha256 ON runlog.runbook_trust (sha256);
CREATE TRIGGER runbook_trust_stamp BEFORE INSERT ON runlog.runbook_trust
  FOR EACH ROW EXECUTE FUNCTION runlog.stamp('trusted_by', 'trusted_at');
CREATE TRIGGER runbook_trust_end BEFORE UPDATE ON runlog.runbook_trust
  FOR EACH ROW EXECUTE FUNCTION runlog.end_once('revoked_at', 'revoked_by');

CREATE TRIGGER runs_append_only BEFORE UPDATE OR DELETE ON runlog.runs
  FOR EACH ROW EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER runs_no_truncate BEFORE TRUNCATE ON runlog.runs
  FOR EACH STATEMENT EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER artifacts_append_only BEFORE UPDATE OR DELETE ON runlog.artifacts
  FOR EACH ROW EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER artifacts_no_truncate BEFORE TRUNCATE ON runlog.artifacts
  FOR EACH STATEMENT EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER blobs_append_only BEFORE UPDATE OR DELETE ON runlog.blobs
  FOR EACH ROW EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER blobs_no_truncate BEFORE TRUNCATE ON runlog.blobs
  FOR EACH STATEMENT EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER signers_no_delete BEFORE DELETE ON runlog.signers
  FOR EACH ROW EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER signers_no_truncate BEFORE TRUNCATE ON runlog.signers
  FOR EACH STATEMENT EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER runbook_trust_no_delete BEFORE DELETE ON runlog.runbook_trust
  FOR EACH ROW EXECUTE FUNCTION runlog.refuse_change();
CREATE TRIGGER runbook_trust_no_truncate BEFORE TRUNCATE ON runlog.runbook_trust
  FOR EACH STATEMENT EXECUTE FUNCTION runlog.refuse_change();

REVOKE ALL ON SCHEMA runlog FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA runlog FROM PUBLIC;
GRANT USAGE ON SCHEMA runlog TO ${PUBLISHER_ROLE}, ${STEWARD_ROLE};
GRANT SELECT ON ALL TABLES IN SCHEMA runlog TO ${PUBLISHER_ROLE}, ${STEWARD_ROLE};
GRANT INSERT ON runlog.runs, runlog.artifacts, runlog.blobs TO ${PUBLISHER_ROLE};
GRANT INSERT ON runlog.signers, runlog.runbook_trust TO ${STEWARD_ROLE};
GRANT UPDATE (valid_until) ON runlog.signers TO ${STEWARD_ROLE};
GRANT UPDATE (revoked_at) ON runlog.runbook_trust TO ${STEWARD_ROLE};
`;
