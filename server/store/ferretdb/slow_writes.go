// Added to FerretDB v1.24.2's internal/util/fsql package by the policy platform's build
// (server/store/local-database.ts), called from DB.ExecContext, Tx.ExecContext and DB.InTransaction.

package fsql

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"strconv"
	"time"
)

// Why: SQLite has one write lock per database file. A statement or transaction that holds it longer than the
// writers' busy timeout (60 s, set by the platform) makes every other write fail with SQLITE_BUSY, and FerretDB
// logs only that failure, not what held the lock. Writes slower than slowWrite are logged at WARN (the level the
// platform runs FerretDB at) with the statement's start, so the holder can be named.
var slowWrite = slowWriteLimit()

// slowWriteVariable names the environment variable with the threshold in milliseconds (the platform's test sets a small one).
const slowWriteVariable = "POLICY_PLATFORM_SLOW_WRITE_MS"

func slowWriteLimit() time.Duration {
	if limit, err := strconv.ParseInt(os.Getenv(slowWriteVariable), 10, 64); err == nil && limit >= 0 {
		return time.Duration(limit) * time.Millisecond
	}

	return 5 * time.Second
}

// warnIfSlow logs what ran since start when it took longer than slowWrite.
func warnIfSlow(ctx context.Context, l *slog.Logger, what string, start time.Time, rows int64) {
	took := time.Since(start)
	if took < slowWrite {
		return
	}

	if len(what) > 160 {
		what = what[:160]
	}

	l.WarnContext(ctx, "slow write", slog.String("what", what), slog.Duration("took", took), slog.Int64("rows", rows))
}

// rowsOf is the number of rows a statement changed, -1 when unknown.
func rowsOf(res sql.Result) int64 {
	if res == nil {
		return -1
	}

	rows, err := res.RowsAffected()
	if err != nil {
		return -1
	}

	return rows
}
