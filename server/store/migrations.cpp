// Schema migrations. Never edit a shipped entry; append a new one.
#include "store/migrations.hpp"

namespace cvw::server {

const std::vector<const char*>& schema_migrations() {
    static const std::vector<const char*> steps{
        // 1: directory, sessions, IM history, per-user policy overrides.
        R"sql(
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name   TEXT NOT NULL,
  extension      TEXT NOT NULL DEFAULT '',
  number         TEXT NOT NULL DEFAULT '',
  password_hash  TEXT NOT NULL DEFAULT '',
  enabled        INTEGER NOT NULL DEFAULT 1,
  availability   TEXT NOT NULL DEFAULT 'available',
  callback_number TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE VIRTUAL TABLE users_fts USING fts5(
  username, display_name, extension, number,
  content='users', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_fts(rowid, username, display_name, extension, number)
  VALUES (new.id, new.username, new.display_name, new.extension, new.number);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_fts(users_fts, rowid, username, display_name, extension, number)
  VALUES ('delete', old.id, old.username, old.display_name, old.extension, old.number);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF username, display_name, extension, number ON users BEGIN
  INSERT INTO users_fts(users_fts, rowid, username, display_name, extension, number)
  VALUES ('delete', old.id, old.username, old.display_name, old.extension, old.number);
  INSERT INTO users_fts(rowid, username, display_name, extension, number)
  VALUES (new.id, new.username, new.display_name, new.extension, new.number);
END;
CREATE TABLE user_policy (
  user_id                   INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  enabled                   INTEGER,
  callback_number           TEXT,
  use_admin_callback_number INTEGER,
  admin_callback_number     TEXT,
  simultaneous_ring         INTEGER
);
CREATE TABLE sessions (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE messages (
  id           INTEGER PRIMARY KEY,
  sender_id    INTEGER NOT NULL REFERENCES users(id),
  recipient_id INTEGER NOT NULL REFERENCES users(id),
  body         TEXT NOT NULL,
  sent_at      INTEGER NOT NULL,
  pair_low     INTEGER NOT NULL,
  pair_high    INTEGER NOT NULL
);
CREATE INDEX messages_by_pair ON messages(pair_low, pair_high, id);
)sql",
        // 2: call history.
        R"sql(
CREATE TABLE calls (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  direction   TEXT NOT NULL,
  peer_name   TEXT NOT NULL,
  number      TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  answered_at INTEGER NOT NULL DEFAULT 0,
  ended_at    INTEGER NOT NULL,
  outcome     TEXT NOT NULL
);
CREATE INDEX calls_by_user ON calls(user_id, started_at DESC);
)sql",
        // 3: calls seen only on the desk phone (its dialog subscription), not placed through cvw.
        R"sql(
ALTER TABLE calls ADD COLUMN via TEXT NOT NULL DEFAULT 'cvw';
)sql",
        // 4: keys the server makes once and keeps (e.g. the one that marks cvw's own SIP Call-IDs).
        R"sql(
CREATE TABLE server_keys (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
        // 5: meetings: a link id, the mixer's room, the numbers keyed on a phone to dial in.
        R"sql(
CREATE TABLE meetings (
  id            TEXT PRIMARY KEY,
  room          INTEGER NOT NULL UNIQUE,
  conference_id TEXT NOT NULL UNIQUE,
  pin           TEXT NOT NULL,
  organizer_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  subject       TEXT NOT NULL,
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX meetings_by_organizer ON meetings(organizer_id, starts_at);
)sql",
        // 6: who is invited to which meeting, and what they answered ('' until they join or decline).
        R"sql(
CREATE TABLE meeting_invitations (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  invited_at INTEGER NOT NULL,
  answer     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_invitations_by_user ON meeting_invitations(user_id, invited_at);
)sql",
        // 7: scheduled meetings are listed (a Meet Now is not); the list reads them soonest first.
        R"sql(
ALTER TABLE meetings ADD COLUMN scheduled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX meetings_scheduled_by_end ON meetings(scheduled, ends_at);
)sql",
        // 8: every way into a meeting is logged with its meeting, an outside number's with no user
        // (user_id becomes nullable, which SQLite only allows by copying the table).
        R"sql(
CREATE TABLE calls_8 (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER REFERENCES users(id) ON DELETE CASCADE,
  direction   TEXT NOT NULL,
  peer_name   TEXT NOT NULL,
  number      TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  answered_at INTEGER NOT NULL DEFAULT 0,
  ended_at    INTEGER NOT NULL,
  outcome     TEXT NOT NULL,
  via         TEXT NOT NULL DEFAULT 'cvw',
  meeting_id  TEXT NOT NULL DEFAULT ''
);
INSERT INTO calls_8 (id, user_id, direction, peer_name, number, started_at, answered_at, ended_at, outcome, via)
  SELECT id, user_id, direction, peer_name, number, started_at, answered_at, ended_at, outcome, via FROM calls;
DROP TABLE calls;
ALTER TABLE calls_8 RENAME TO calls;
CREATE INDEX calls_by_user ON calls(user_id, started_at DESC);
CREATE INDEX calls_by_start ON calls(started_at);
)sql",
        // 9: a meeting's own conversation, kept like IM history.
        R"sql(
CREATE TABLE meeting_messages (
  id         INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  sender_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body       TEXT NOT NULL,
  sent_at    INTEGER NOT NULL
);
CREATE INDEX meeting_messages_by_meeting ON meeting_messages(meeting_id, id);
)sql",
        // 10: the language a user reads cvw in, wherever they sign in; empty follows the browser.
        R"sql(
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
)sql",
        // 11: the colleagues each user keeps at hand, in the order they were added.
        R"sql(
CREATE TABLE favourites (
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  favourite_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at     INTEGER NOT NULL,
  PRIMARY KEY (user_id, favourite_id)
);
)sql",
        // 12: what Do not disturb does with a call: ring the desk phone only, or decline it.
        R"sql(
ALTER TABLE users ADD COLUMN do_not_disturb_calls TEXT NOT NULL DEFAULT 'desk_phone';
)sql",
        // 13: whom each user last wrote to or heard from (the sidebar's recent contacts).
        R"sql(
CREATE INDEX messages_by_sender ON messages(sender_id, id);
CREATE INDEX messages_by_recipient ON messages(recipient_id, id);
)sql",
    };
    return steps;
}

} // namespace cvw::server
