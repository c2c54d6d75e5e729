// Added to FerretDB v1.24.2's internal/backends/sqlite/metadata/pool package by the policy platform's
// build (server/store/local-database.ts), which starts it in openDB for every database file.

package pool

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/FerretDB/FerretDB/internal/util/logging"
)

// Why: SQLite's automatic checkpoints are PASSIVE. They copy into the database what no reader still
// needs, but the log is only started over when a writer finds every frame copied and no reader in the
// log, which a server with a read always under way almost never offers; and the log file never gets
// smaller. On a million-loan first monitoring day the log of a 15 GB database reached 57 GB in 40
// minutes and nearly filled the disk. The guard looks at the log's size every walGuardInterval and,
// past the limit, copies the log into the database with PASSIVE checkpoints (which block no one) and
// then empties it with a TRUNCATE checkpoint: that one holds the writers back while it waits at most
// walGuardWait for the readers still in the log and copies the little left (writers wait within their
// own busy timeout, which the platform raises to 60 s: the copy's fsync can take seconds under load).
// A TRUNCATE that still finds readers is tried again after a pause that doubles up to walGuardPauseMax:
// when one began again as soon as the last gave up, a reader that kept its snapshot for minutes left the
// writers a few microseconds a second, and a million-loan run's writes failed with SQLITE_BUSY.

// walLimitVariable names the environment variable with the limit in bytes (the platform's tests set a small one).
const walLimitVariable = "POLICY_PLATFORM_WAL_LIMIT_BYTES"

const (
	walGuardInterval = 1 * time.Second
	walGuardWait     = 100 * time.Millisecond
	walGuardPauseMax = 8 * time.Second
	walDefaultLimit  = 256 << 20
	// The TRUNCATE checkpoint runs once the PASSIVE ones left at most this many frames to copy (about 16 MB).
	walTruncateFrames = 4096
	walPassiveTries   = 5
)

func walLimit() int64 {
	if limit, err := strconv.ParseInt(os.Getenv(walLimitVariable), 10, 64); err == nil && limit > 0 {
		return limit
	}

	return walDefaultLimit
}

// guardWAL watches the log of db's file until db is closed (a dropped database) or its file is gone.
// An in-memory database has no file and is not watched.
func guardWAL(db *sql.DB, l *slog.Logger) {
	var file string
	if err := db.QueryRow("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil || file == "" {
		return
	}

	limit := walLimit()

	go func() {
		ticker := time.NewTicker(walGuardInterval)
		defer ticker.Stop()

		var pause time.Duration
		var next time.Time

		for now := range ticker.C {
			if _, err := os.Stat(file); err != nil {
				return
			}

			info, err := os.Stat(file + "-wal")
			if err != nil || info.Size() <= limit || now.Before(next) {
				continue
			}

			outcome, err := checkpointTruncate(db, l)
			if err != nil {
				if err.Error() == "sql: database is closed" {
					return
				}

				l.Warn("wal guard: checkpoint failed", slog.String("file", file), logging.Error(err))

				continue
			}

			// Readers stayed: pause, doubling. Emptied: no pause. Still copying: the next look goes on at once.
			if outcome == walReadersStayed {
				pause = min(max(2*pause, walGuardInterval), walGuardPauseMax)
				next = time.Now().Add(pause)
				l.Debug("wal guard: readers still in the log, pausing", slog.String("file", file), slog.Duration("pause", pause))
			} else if outcome == walEmptied {
				pause = 0
			}
		}
	}()
}

// walOutcome is what one look of the guard achieved.
type walOutcome int

const (
	// walStillCopying: the PASSIVE copies left too much to copy (readers of older snapshots); the next look goes on.
	walStillCopying walOutcome = iota
	// walReadersStayed: the TRUNCATE found readers in the log after its wait; the guard pauses before the next one.
	walReadersStayed
	// walEmptied: the log was copied and emptied.
	walEmptied
)

// checkpointTruncate copies the whole log into the database and empties it. The copy is done first by PASSIVE
// checkpoints, which block no one (repeated while the part they could not copy is large), so that the TRUNCATE
// checkpoint, which holds the writers back while it waits at most walGuardWait for readers and copies the rest,
// stays short: a TRUNCATE that copied a 288 MB backlog itself held a writer past its 10 s busy timeout.
func checkpointTruncate(db *sql.DB, l *slog.Logger) (walOutcome, error) {
	ctx := context.Background()

	conn, err := db.Conn(ctx)
	if err != nil {
		return walStillCopying, err
	}
	defer conn.Close()

	var busy, frames, copied int

	for pass := 0; pass < walPassiveTries; pass++ {
		if err = conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err != nil {
			return walStillCopying, err
		}

		if frames-copied <= walTruncateFrames {
			break
		}
	}

	if frames-copied > walTruncateFrames {
		return walStillCopying, nil
	}

	// The connection goes back to the pool afterwards: its own busy timeout is restored.
	var poolBusyTimeout int
	if err = conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&poolBusyTimeout); err != nil {
		return walStillCopying, err
	}

	if _, err = conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(walGuardWait.Milliseconds(), 10)); err != nil {
		return walStillCopying, err
	}
	defer conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.Itoa(poolBusyTimeout)) //nolint:errcheck // the connection keeps the shorter wait at worst

	start := time.Now()
	if err = conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied); err != nil {
		return walStillCopying, err
	}

	// It holds the writers back while it runs: a long one is worth a line (FerretDB logs at WARN).
	if took := time.Since(start); took > time.Second {
		l.Warn("wal guard: truncate checkpoint held the writers", slog.Duration("took", took), slog.Int("frames", frames), slog.Int("busy", busy))
	}

	if busy != 0 {
		return walReadersStayed, nil
	}

	return walEmptied, nil
}
