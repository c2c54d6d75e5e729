// Added to FerretDB v1.24.2's internal/backends/sqlite package by the policy platform's build
// (server/store/local-database.ts), with index_sort.go and index_sort_proofs.go.
//
// The check of index_sort.go proves a sort order by reading every candidate row: at a million
// loans the first list read of a query shape (the HQ task queue: 1.6 million candidates) took three
// minutes before the proof could be remembered. This ledger proves it without reading a row. For
// each field of a table's declared indexes (and _id) it keeps the set of value classes (valueClassOf:
// a canonical date, string or ObjectId, an array, a missing field, anything else) that any document
// ever written to the table held there. A field is tracked only when its tracking starts on an empty
// table (the platform declares its indexes before it writes), and from then on every InsertAll and
// UpdateAll adds the classes of the documents it writes, inside the same transaction: the set is a
// superset of the classes the table's rows hold now. Deletes and rolled-back writes can only leave
// classes no row holds any more, which makes the ledger refuse, never wrongly prove. So when no
// pinned field ever held an array and each sort field only ever held one canonical class, every
// candidate of every query passes the check, and the check need not run. Anything else falls back to
// the check and its remembered proofs.
//
// The sets are kept in memory and in one small table of each database file, written in the
// transaction of the write that adds a class (rare: a field's classes settle after its first
// documents), so that they survive a restart of the local database. Lock order: SQLite's write lock
// first, then the ledger's mutex; reads of the table take no write lock.

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// ledgerTable holds one row per tracked (table, field): the classes its values ever had, one byte each.
const ledgerTable = "_policy_value_classes"

// ledgerStatements is what both *fsql.DB and *fsql.Tx offer.
type ledgerStatements interface {
	QueryContext(ctx context.Context, query string, args ...any) (*fsql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

var ledger = struct {
	sync.Mutex
	loaded  map[string]bool                         // database -> its ledger table was read in this process
	classes map[string]map[string]map[string]string // database -> table -> tracked field -> its classes, sorted bytes
}{
	loaded:  map[string]bool{},
	classes: map[string]map[string]map[string]string{},
}

// loadLedger reads a database's ledger once per process; the caller holds ledger's mutex.
func loadLedger(ctx context.Context, q ledgerStatements, dbName string) error {
	if ledger.loaded[dbName] {
		return nil
	}

	ledger.classes[dbName] = map[string]map[string]string{}

	rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT table_name, field, classes FROM %q", ledgerTable))
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			ledger.loaded[dbName] = true
			return nil
		}

		return lazyerrors.Error(err)
	}

	defer rows.Close()

	for rows.Next() {
		var table, field, classes string
		if err := rows.Scan(&table, &field, &classes); err != nil {
			return lazyerrors.Error(err)
		}

		if ledger.classes[dbName][table] == nil {
			ledger.classes[dbName][table] = map[string]string{}
		}

		ledger.classes[dbName][table][field] = classes
	}

	if err := rows.Err(); err != nil {
		return lazyerrors.Error(err)
	}

	ledger.loaded[dbName] = true

	return nil
}

// storeClasses writes a field's classes to the ledger table in the caller's transaction.
func storeClasses(ctx context.Context, tx *fsql.Tx, table, field, classes string) error {
	q := fmt.Sprintf(
		`INSERT INTO %q (table_name, field, classes) VALUES (?, ?, ?) ON CONFLICT (table_name, field) DO UPDATE SET classes = excluded.classes`,
		ledgerTable,
	)
	_, err := tx.ExecContext(ctx, q, table, field, classes)

	return err
}

func createLedgerTable(ctx context.Context, q ledgerStatements) error {
	_, err := q.ExecContext(ctx, fmt.Sprintf(
		`CREATE TABLE IF NOT EXISTS %q (table_name TEXT NOT NULL, field TEXT NOT NULL, classes TEXT NOT NULL, PRIMARY KEY (table_name, field))`,
		ledgerTable,
	))

	return err
}

// errTableNotEmpty stops the tracking transaction of a table that already holds rows.
var errTableNotEmpty = errors.New("table not empty")

// trackIndexedFields starts the ledger of the top-level fields of the collection's indexes (and _id)
// that no ledger tracks yet, when the table holds no row. Called after CreateIndexes; a table with
// rows is left to the check, and a failure here only leaves the fields untracked.
func trackIndexedFields(ctx context.Context, db *fsql.DB, dbName string, meta *metadata.Collection) {
	if db == nil || meta == nil || meta.Capped() {
		return
	}

	wanted := []string{"_id"}

	for _, index := range meta.Settings.Indexes {
		for _, k := range index.Key {
			if !strings.Contains(k.Field, ".") && pushablePath(k.Field) {
				wanted = append(wanted, k.Field)
			}
		}
	}

	// Every start of the app declares its indexes again: when all their fields are tracked already,
	// no transaction is needed.
	ledger.Lock()
	err := loadLedger(ctx, db, dbName)
	untracked := false

	for _, f := range wanted {
		if _, ok := ledger.classes[dbName][meta.TableName][f]; !ok {
			untracked = true
		}
	}
	ledger.Unlock()

	if err != nil || !untracked {
		return
	}

	// FerretDB's transactions begin deferred: one whose first statement reads fails at once with
	// SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT) when it then writes while another connection writes, instead
	// of waiting for the lock. As the app starts, its collections declare their indexes while others
	// already take writes, and a field left untracked stays so for good (its table holds rows by the
	// next declaration). So the ledger table is created before the transaction, and the transaction's
	// first statement is a write, which waits for the lock as any writer does.
	if err = createLedgerTable(ctx, db); err == nil {
		err = startTracking(ctx, db, dbName, meta, wanted)
	}

	if err != nil && !errors.Is(err, errTableNotEmpty) {
		slog.WarnContext(ctx, "value-class ledger: index fields left untracked", slog.String("table", meta.TableName), slog.String("error", err.Error()))
	}
}

// startTracking starts the ledger of the wanted fields not tracked yet, in one transaction, if the table is empty.
func startTracking(ctx context.Context, db *fsql.DB, dbName string, meta *metadata.Collection, wanted []string) error {
	return db.InTransaction(ctx, func(tx *fsql.Tx) error {
		// A write first: it takes SQLite's write lock, so the emptiness read below is of the latest
		// state and no other write commits before this transaction does.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %q WHERE 0`, ledgerTable)); err != nil {
			return err
		}

		var holdsRows int
		if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %q)`, meta.TableName)).Scan(&holdsRows); err != nil {
			return err
		}

		if holdsRows != 0 {
			return errTableNotEmpty
		}

		ledger.Lock()
		defer ledger.Unlock()

		if err := loadLedger(ctx, tx, dbName); err != nil {
			return err
		}

		tracked := ledger.classes[dbName][meta.TableName]
		if tracked == nil {
			tracked = map[string]string{}
			ledger.classes[dbName][meta.TableName] = tracked
		}

		for _, f := range wanted {
			if _, ok := tracked[f]; ok {
				continue
			}

			if err := storeClasses(ctx, tx, meta.TableName, f, ""); err != nil {
				return err
			}

			tracked[f] = ""
		}

		return nil
	})
}

// recordValueClasses adds the classes of the documents a write is about to commit to the ledger of
// their table, in the write's transaction (which holds SQLite's write lock).
func recordValueClasses(ctx context.Context, tx *fsql.Tx, dbName string, meta *metadata.Collection, docs []*types.Document) error {
	ledger.Lock()
	defer ledger.Unlock()

	if err := loadLedger(ctx, tx, dbName); err != nil {
		return err
	}

	tracked := ledger.classes[dbName][meta.TableName]
	if len(tracked) == 0 {
		return nil
	}

	for field, classes := range tracked {
		seen := classes

		for _, doc := range docs {
			if c := valueClassOf(doc, field); strings.IndexByte(seen, c) < 0 {
				seen = sortedClasses(seen + string(c))
			}
		}

		if seen == classes {
			continue
		}

		// The table is created again here: a database dropped and created anew keeps its ledger in memory.
		if err := createLedgerTable(ctx, tx); err != nil {
			return lazyerrors.Error(err)
		}

		if err := storeClasses(ctx, tx, meta.TableName, field, seen); err != nil {
			return lazyerrors.Error(err)
		}

		tracked[field] = seen
	}

	return nil
}

func sortedClasses(s string) string {
	b := []byte(s)
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })

	return string(b)
}

// ledgerProof returns the classes string of index_sort.go's check ('e', then one class per sort key)
// when the ledger alone proves it: no pinned field ever held an array, and each sort field only ever
// held one canonical class.
func ledgerProof(ctx context.Context, db *fsql.DB, dbName, tableName string, pinned, sorted []string) (string, bool) {
	ledger.Lock()
	defer ledger.Unlock()

	if err := loadLedger(ctx, db, dbName); err != nil {
		return "", false
	}

	tracked := ledger.classes[dbName][tableName]

	for _, f := range pinned {
		classes, ok := tracked[f]
		if !ok || strings.IndexByte(classes, 'a') >= 0 {
			return "", false
		}
	}

	found := "e"

	for _, f := range sorted {
		classes, ok := tracked[f]

		switch {
		case !ok:
			return "", false
		case classes == "": // nothing was ever written to the table: no candidates, as the check would find
			return "", true
		case len(classes) != 1 || strings.IndexByte("dso", classes[0]) < 0:
			return "", false
		}

		found += classes
	}

	return found, true
}
