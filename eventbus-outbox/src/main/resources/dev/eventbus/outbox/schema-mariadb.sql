-- The eventbus outbox on MariaDB and MySQL (InnoDB). ${table} is the configured table (default
-- eventbus_outbox, optionally database-qualified). Statements end with ';' on a line.

-- Events written in the caller's transaction and not yet acknowledged by the broker. id orders
-- them: rows of one ordering unit (topic and key) are inserted under a lock held to commit (a row
-- of ${table}_lock), so their ids follow the commit order.
CREATE TABLE IF NOT EXISTS ${table} (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  topic VARCHAR(1024) NOT NULL,
  shard INT NOT NULL,
  msg_key TEXT,
  attributes TEXT NOT NULL,
  headers MEDIUMTEXT NOT NULL,
  body LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  INDEX shard_id (shard, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Events the broker refused permanently, moved aside with the reason.
CREATE TABLE IF NOT EXISTS ${table}_dead (
  id BIGINT NOT NULL PRIMARY KEY,
  topic VARCHAR(1024) NOT NULL,
  shard INT NOT NULL,
  msg_key TEXT,
  attributes TEXT NOT NULL,
  headers MEDIUMTEXT NOT NULL,
  body LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  failed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  reason TEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per shard: the relay that publishes it, until when.
CREATE TABLE IF NOT EXISTS ${table}_lease (
  shard INT NOT NULL PRIMARY KEY,
  owner VARCHAR(200),
  expires_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The relays alive, so that each takes its share of the shards.
CREATE TABLE IF NOT EXISTS ${table}_relay (
  owner VARCHAR(200) NOT NULL PRIMARY KEY,
  expires_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Lock slots: an ordering unit's slot is locked from its first outbox insert to commit.
CREATE TABLE IF NOT EXISTS ${table}_lock (
  slot INT NOT NULL PRIMARY KEY
) ENGINE=InnoDB;
