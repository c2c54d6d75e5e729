// Added to FerretDB v1.24.2's internal/backends/sqlite package by the policy platform's build
// (server/store/local-database.ts), with index_sort.go.
//
// The check of index_sort.go reads every candidate row, inside SQLite but still about a second per
// 30,000 rows in this pure-Go SQLite: too slow to repeat for every page. A check that held stays
// proven until a document is written that could break it, which only a write can do: InsertAll and
// UpdateAll call documentsWritten with the documents they wrote, once their write is done, and it
// records which class of value each field the checks depend on received (a canonical date, string
// or ObjectId, an array, a missing field, anything else). A proof is reused while no write since it
// gave a pinned field an array or a sort field a value of another class than it proved. Deletes
// cannot break a proof. The generation is read before the check runs, so a write that commits while
// it runs counts as later and the proof is not reused.

package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// proof is a check that held: the generation it was made at, and the classes it found ('e' then one per sort key).
type proof struct {
	generation uint64
	classes    string
}

var proofs = struct {
	sync.Mutex
	generation uint64
	watched    map[string]map[string]bool            // table -> fields some check depends on
	written    map[string]map[string]map[byte]uint64 // table -> field -> class -> generation of its last write
	proven     map[string]proof                      // table, check and its arguments -> proof
}{
	watched: map[string]map[string]bool{},
	written: map[string]map[string]map[byte]uint64{},
	proven:  map[string]proof{},
}

// checkCanonical returns the classes of the candidates and whether the check holds, from a
// proof still valid or by running the check query (which returns min and max of the class codes).
func checkCanonical(ctx context.Context, db *fsql.DB, table, q string, args []any, pinned, sorted []string) (string, bool, error) {
	var cacheKey strings.Builder
	cacheKey.WriteString(table + "\x00" + q)

	for _, a := range args {
		cacheKey.WriteString("\x00" + a.(string))
	}

	proofs.Lock()
	if p, ok := proofs.proven[cacheKey.String()]; ok && stillProven(table, p, pinned, sorted) {
		proofs.Unlock()
		return p.classes, true, nil
	}

	if proofs.watched[table] == nil {
		proofs.watched[table] = map[string]bool{}
	}

	for _, f := range append(append([]string{}, pinned...), sorted...) {
		proofs.watched[table][f] = true
	}

	generation := proofs.generation
	proofs.Unlock()

	var lo, hi sql.NullString
	if err := db.QueryRowContext(ctx, q, args...).Scan(&lo, &hi); err != nil {
		return "", false, lazyerrors.Error(err)
	}

	if !lo.Valid { // no candidates: nothing to order, and nothing worth remembering
		return "", true, nil
	}

	if lo.String != hi.String || strings.Contains(lo.String, "0") {
		return "", false, nil
	}

	proofs.Lock()
	if len(proofs.proven) > 10_000 {
		proofs.proven = map[string]proof{}
	}

	proofs.proven[cacheKey.String()] = proof{generation: generation, classes: lo.String}
	proofs.Unlock()

	return lo.String, true, nil
}

// stillProven: no pinned field received an array, and no sort field a value of another class, since the proof.
func stillProven(table string, p proof, pinned, sorted []string) bool {
	written := proofs.written[table]

	for _, f := range pinned {
		if written[f]['a'] > p.generation {
			return false
		}
	}

	for i, f := range sorted {
		for class, generation := range written[f] {
			if class != p.classes[i+1] && generation > p.generation {
				return false
			}
		}
	}

	return true
}

// documentsWritten records the classes of the watched fields of documents just written to a collection.
func documentsWritten(c *collection, docs []*types.Document) {
	meta := c.r.CollectionGet(context.Background(), c.dbName, c.name)
	if meta == nil {
		return
	}

	table := c.dbName + "." + meta.TableName

	proofs.Lock()
	defer proofs.Unlock()

	if len(proofs.watched[table]) == 0 {
		return
	}

	proofs.generation++

	if proofs.written[table] == nil {
		proofs.written[table] = map[string]map[byte]uint64{}
	}

	for f := range proofs.watched[table] {
		if proofs.written[table][f] == nil {
			proofs.written[table][f] = map[byte]uint64{}
		}

		for _, doc := range docs {
			proofs.written[table][f][valueClassOf(doc, f)] = proofs.generation
		}
	}
}

// valueClassOf is valueClass computed in Go: 'd', 's', 'o' for canonical values, 'a' array, 'm' missing, '0' other.
func valueClassOf(doc *types.Document, field string) byte {
	if !doc.Has(field) {
		return 'm'
	}

	switch v := get(doc.Get(field)).(type) {
	case *types.Array:
		return 'a'
	case types.ObjectID:
		return 'o'
	case time.Time:
		if ms := v.UnixMilli(); ms >= 1e12 && ms < 1e13 {
			return 'd'
		}
	case string:
		if plainText(v) {
			return 's'
		}

		if b, err := sjson.MarshalSingleValue(v); err == nil && !strings.ContainsAny(string(b), `\ !`) {
			return 's'
		}
	}

	return '0'
}

// plainText: printable ASCII that no JSON encoder escapes (no quote, backslash or HTML character) and
// that holds no space or '!': canonical without encoding it, as it is for the platform's ids and codes.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '#' || c > '~' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}

	return true
}
