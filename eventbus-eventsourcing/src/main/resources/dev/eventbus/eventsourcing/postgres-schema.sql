-- Schema of PostgresEventStore. Applied by PostgresEventStore.migrate(): every statement is
-- idempotent, and the whole script runs in one transaction under an advisory lock, so several
-- instances may migrate at once. ${schema} is replaced by the configured schema name.

CREATE SCHEMA IF NOT EXISTS ${schema};

-- The head of the global log: one row. An append locks it (SELECT ... FOR UPDATE) for the length
-- of its transaction, takes the positions after it and moves it, so appends commit in position
-- order and a reader never sees a position before all lower ones are committed.
CREATE TABLE IF NOT EXISTS ${schema}.es_log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position  bigint  NOT NULL
);
INSERT INTO ${schema}.es_log_head (singleton, position) VALUES (true, 0) ON CONFLICT DO NOTHING;

-- Every event, in the core's encoded form (CloudEvents attributes, headers, payload bytes).
-- type, eventversion and time are copies of attributes, for queries by hand.
CREATE TABLE IF NOT EXISTS ${schema}.es_events (
  position       bigint      PRIMARY KEY,
  stream_id      text        NOT NULL,
  stream_version bigint      NOT NULL,
  event_id       text        NOT NULL,
  event_type     text        NOT NULL,
  event_version  integer,
  event_time     timestamptz,
  partition_key  text,
  attributes     jsonb       NOT NULL,
  headers        jsonb       NOT NULL,
  payload        bytea       NOT NULL,
  recorded_at    timestamptz NOT NULL,
  CONSTRAINT es_events_stream_version_key UNIQUE (stream_id, stream_version),
  CONSTRAINT es_events_event_id_key UNIQUE (event_id)
);

-- The latest snapshot of an aggregate's state, encoded like an event.
CREATE TABLE IF NOT EXISTS ${schema}.es_snapshots (
  stream_id      text        PRIMARY KEY,
  stream_version bigint      NOT NULL,
  partition_key  text,
  attributes     jsonb       NOT NULL,
  headers        jsonb       NOT NULL,
  payload        bytea       NOT NULL,
  saved_at       timestamptz NOT NULL DEFAULT now()
);

-- Positions of projections and relays: the last position each has fully processed.
CREATE TABLE IF NOT EXISTS ${schema}.es_checkpoints (
  name       text        PRIMARY KEY,
  position   bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Events a projection could not decode and skipped, when configured to dead-letter them.
CREATE TABLE IF NOT EXISTS ${schema}.es_dead_letters (
  name           text        NOT NULL,
  position       bigint      NOT NULL,
  stream_id      text        NOT NULL,
  stream_version bigint      NOT NULL,
  event_id       text        NOT NULL,
  event_type     text,
  event_version  text,
  error          text        NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, position)
);
