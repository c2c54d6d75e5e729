// Added to FerretDB v1.24.2's internal/backends/sqlite package by the policy platform's build
// (server/store/local-database.ts), next to index_pushdown.go. Upstream never pushes a sort down
// (only $natural): a find with a sort reads every row the WHERE lets through, sorts them all in Go
// and only then applies skip and limit, so a list page of 51 cost a read of every match.
//
// This file lets SQLite walk a declared index in the order a find asks for, when that order is
// provably MongoDB's for this query: the filter pins the index's leading fields (equality or `$in`,
// at the top level or inside `$and`), and the sort keys are the index's next fields, all in its
// directions or all reversed. Several pinned values are one index walk each, merged by SQLite. A date
// range on the first sort key (a keyset cursor, or its (time, id) `$or`) bounds the walk. The handler
// then skips its Go sort and applies filter, skip and limit lazily on the stream (msg_find.go), so
// reading stops after the page.
//
// SQLite orders the JSON text of a value (`->`), which is MongoDB's order only for "canonical"
// values, all of one BSON type: dates as 13-digit millisecond numbers (2001-09-09 to 2286), strings
// whose JSON text holds no backslash (an escape), space or '!' (they sort below the closing quote, so
// "ab c" would come before "ab"), and ObjectIds (24 hex digits). The type is read from the document's
// sjson schema (`$s.p.<field>.t`). Before streaming, one SQLite-side query over the candidate rows
// (the superset WHERE of the prefix) proves that every candidate holds exactly a pinned value in
// each prefix field (not an array) and a canonical value of one type in each sort field; if any row
// does not, the sort is not pushed and FerretDB sorts in Go as before. The check reads rows inside
// SQLite only, without decoding documents in FerretDB, and is remembered until a write could break
// it (index_sort_proofs.go). Nested fields are not handled (their type sits in a nested schema),
// nor capped collections.
//
// The check and the page are two statements, not one snapshot: a document written between them
// with a non-canonical value (which the platform never writes) could be misplaced in that one read,
// as if it had been written just after it.

package sqlite

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
)

// indexSort returns the query (selectClause with WHERE and ORDER BY, or a merge of several walks) and
// its arguments under which SQLite returns the rows of a find with `sort` in MongoDB's order from a
// declared index, and what proved that order ("ledger" or "check"); "" when it is not proven.
func indexSort(
	ctx context.Context, db *fsql.DB, dbName string, meta *metadata.Collection, selectClause string, filter, sort *types.Document,
) (string, []any, string, error) {
	if meta == nil || db == nil || sort.Len() == 0 || meta.Capped() {
		return "", nil, "", nil
	}

	for _, k := range sort.Keys() {
		if strings.Contains(k, ".") || !pushablePath(k) {
			return "", nil, "", nil // a nested field's type sits in a nested schema: not handled
		}
	}

	table := dbName + "." + meta.TableName

	// A filter some index serves (indexPushdown) must keep that index: a walk of another index in the
	// sort order that pins none of its fields would read the whole collection to find the same rows.
	filterServed, _ := indexPushdown(meta, filter)

	filter, alternatives := conjuncts(filter)

	for _, index := range meta.Settings.Indexes {
		var prefix []pushedField

		for len(prefix) < len(index.Key) {
			field := index.Key[len(prefix)].Field
			if strings.Contains(field, ".") || !pushablePath(field) || !filter.Has(field) {
				break
			}

			f, pushed := pushField(get(filter.Get(field)))
			if !pushed || f.equal == nil {
				break // a range ends the prefix
			}

			prefix = append(prefix, f)
		}

		if len(prefix) == 0 && filterServed != "" {
			continue
		}

		if sortFollows(index.Key[len(prefix):], sort) {
			return provenIndexSort(ctx, db, dbName, table, meta, selectClause, index.Key, prefix, filter, alternatives, sort)
		}
	}

	return "", nil, "", nil
}

// sortFollows reports whether the sort keys are the next keys, all in their directions or all reversed.
func sortFollows(keys []metadata.IndexKeyPair, sort *types.Document) bool {
	if len(keys) < sort.Len() {
		return false
	}

	same, reversed := true, true

	for i, k := range sort.Keys() {
		descending := get(sort.Get(k)) == int64(-1)
		same = same && keys[i].Field == k && keys[i].Descending == descending
		reversed = reversed && keys[i].Field == k && keys[i].Descending != descending
	}

	return same || reversed
}

// provenIndexSort runs the check described above and, when it holds, builds the exact WHERE on the
// prefix (plus a date range on the first sort key) and the ORDER BY.
func provenIndexSort(
	ctx context.Context,
	db *fsql.DB,
	dbName string,
	table string,
	meta *metadata.Collection,
	selectClause string,
	key []metadata.IndexKeyPair,
	prefix []pushedField,
	filter *types.Document,
	alternatives []*types.Array,
	sort *types.Document,
) (string, []any, string, error) {
	var pinned []string
	var args []any
	combinations := 1

	for i, f := range prefix {
		pinned = append(pinned, fmt.Sprintf("%s IN (%s)", indexColumn(key[i].Field), strings.TrimSuffix(strings.Repeat("?, ", len(f.equal)), ", ")))
		for _, v := range f.equal {
			args = append(args, v)
		}

		if combinations *= len(f.equal); combinations > 32 {
			return "", nil, "", nil
		}
	}

	check := "1"
	if len(pinned) > 0 {
		check = strings.Join(pinned, " AND ")
	}

	classes := []string{fmt.Sprintf("CASE WHEN %s THEN 'e' ELSE '0' END", check)}
	for _, k := range sort.Keys() {
		classes = append(classes, valueClass(k))
	}

	supersetClause, supersetArgs := supersetWhere(key, prefix)
	q := fmt.Sprintf(`SELECT min(c), max(c) FROM (SELECT %s AS c FROM %q%s)`, strings.Join(classes, " || "), meta.TableName, supersetClause)
	pinnedFields := make([]string, len(prefix))

	for i := range prefix {
		pinnedFields[i] = key[i].Field
	}

	// The ledger of the classes ever written (value_class_ledger.go) proves most orders without reading
	// a row; the check reads the candidates when it cannot.
	provenBy := "ledger"
	found, proven := ledgerProof(ctx, db, dbName, meta.TableName, pinnedFields, sort.Keys())

	if !proven {
		var err error

		provenBy = "check"
		if found, proven, err = checkCanonical(ctx, db, table, q, append(args, supersetArgs...), pinnedFields, sort.Keys()); err != nil || !proven {
			return "", nil, "", err
		}
	}

	var rangeTerms []string
	var rangeArgs []any

	if first := sort.Keys()[0]; found != "" && found[1] == 'd' {
		rangeTerms, rangeArgs = dateRange(indexColumn(first), filter, alternatives, first)
	}

	var order, orderByPosition []string

	for i, k := range sort.Keys() {
		direction := "ASC"
		if get(sort.Get(k)) == int64(-1) {
			direction = "DESC"
		}

		order = append(order, indexColumn(k)+" "+direction)
		orderByPosition = append(orderByPosition, fmt.Sprintf("%d %s", i+2, direction))
	}

	// One index walk per combination of pinned values; several are merged by SQLite (MERGE (UNION ALL)),
	// each still walked in order, so the page still stops the read.
	var branches []string
	var branchArgs []any

	for c := 0; c < combinations; c++ {
		terms := append([]string{}, rangeTerms...)
		var termArgs []any

		for i, rest := len(prefix)-1, c; i >= 0; i-- {
			terms = append([]string{indexColumn(key[i].Field) + " = ?"}, terms...)
			termArgs = append([]any{prefix[i].equal[rest%len(prefix[i].equal)]}, termArgs...)
			rest /= len(prefix[i].equal)
		}

		var where string
		if len(terms) > 0 {
			where = " WHERE " + strings.Join(terms, " AND ")
		}

		if combinations == 1 {
			return selectClause + where + " ORDER BY " + strings.Join(order, ", "), append(termArgs, rangeArgs...), provenBy, nil
		}

		columns := []string{metadata.DefaultColumn}
		for _, k := range sort.Keys() {
			columns = append(columns, indexColumn(k))
		}

		branches = append(branches, fmt.Sprintf("SELECT %s FROM %q%s", strings.Join(columns, ", "), meta.TableName, where))
		branchArgs = append(append(branchArgs, termArgs...), rangeArgs...)
	}

	return fmt.Sprintf(
		"SELECT %s FROM (%s ORDER BY %s)", metadata.DefaultColumn, strings.Join(branches, " UNION ALL "), strings.Join(orderByPosition, ", "),
	), branchArgs, provenBy, nil
}

// valueClass is an SQL expression naming a field's value class: 'd' canonical date, 's' canonical
// string, 'o' ObjectId, '0' anything else (another type, a missing field, an array, a non-canonical text).
func valueClass(field string) string {
	column := indexColumn(field)
	typ := fmt.Sprintf(`%s->>'$."$s".p.%q.t'`, metadata.DefaultColumn, field)

	return fmt.Sprintf(
		`CASE %[2]s WHEN 'date' THEN CASE WHEN length(%[1]s) = 13 AND %[1]s NOT GLOB '*[^0-9]*' THEN 'd' ELSE '0' END `+
			`WHEN 'string' THEN CASE WHEN instr(%[1]s, '\') + instr(%[1]s, ' ') + instr(%[1]s, '!') = 0 THEN 's' ELSE '0' END `+
			`WHEN 'objectId' THEN 'o' ELSE '0' END`,
		column, typ,
	)
}

// conjuncts returns the conditions every match satisfies: the filter's own fields merged with those
// of its `$and` elements (a keyset page sends `{$and: [filter, {$or: [...]}]}`), the first condition
// on a field kept (any one of them selects a superset), and the `$or` lists among them.
func conjuncts(filter *types.Document) (*types.Document, []*types.Array) {
	merged := types.MakeDocument(filter.Len())
	var alternatives []*types.Array

	var visit func(d *types.Document)
	visit = func(d *types.Document) {
		for _, k := range d.Keys() {
			v := get(d.Get(k))

			switch list, isArray := v.(*types.Array); {
			case k == "$and" && isArray:
				for i := 0; i < list.Len(); i++ {
					if element, isDocument := get(list.Get(i)).(*types.Document); isDocument {
						visit(element)
					}
				}
			case k == "$or" && isArray:
				alternatives = append(alternatives, list)
			case !strings.HasPrefix(k, "$") && !merged.Has(k):
				merged.Set(k, v)
			}
		}
	}
	visit(filter)

	return merged, alternatives
}

// dateRange turns `$lt`, `$lte`, `$gt` and `$gte` on a date into comparisons of 13-digit texts,
// exact once every candidate is proven a canonical date; other bounds are left to FerretDB. A keyset
// cursor's `$or` of (time, id) positions, `[{t: {$lt: T}}, {t: T, id: {$lt: I}}]`, gives `t <= T`.
func dateRange(column string, filter *types.Document, alternatives []*types.Array, field string) ([]string, []any) {
	var terms []string
	var args []any

	add := func(op string, t time.Time) {
		if ms := t.UnixMilli(); ms >= 1e12 && ms < 1e13 {
			terms = append(terms, fmt.Sprintf("%s %s ?", column, op))
			args = append(args, strconv.FormatInt(ms, 10))
		}
	}

	if d, ok := filter.Map()[field].(*types.Document); ok {
		for _, op := range [][2]string{{"$lt", "<"}, {"$lte", "<="}, {"$gt", ">"}, {"$gte", ">="}} {
			if t, isDate := d.Map()[op[0]].(time.Time); isDate {
				add(op[1], t)
			}
		}
	}

	for _, list := range alternatives {
		if bound, ok := upperBound(list, field); ok {
			add("<=", bound)
		}
	}

	return terms, args
}

// upperBound is the latest date any branch of an `$or` allows the field, when every branch bounds it.
func upperBound(list *types.Array, field string) (time.Time, bool) {
	var bound time.Time

	for i := 0; i < list.Len(); i++ {
		branch, isDocument := get(list.Get(i)).(*types.Document)
		if !isDocument {
			return time.Time{}, false
		}

		var t time.Time

		switch v := branch.Map()[field].(type) {
		case time.Time:
			t = v
		case *types.Document:
			lt, isLt := v.Map()["$lt"].(time.Time)
			lte, isLte := v.Map()["$lte"].(time.Time)

			switch {
			case isLt:
				t = lt
			case isLte:
				t = lte
			default:
				return time.Time{}, false
			}
		default:
			return time.Time{}, false
		}

		if i == 0 || t.After(bound) {
			bound = t
		}
	}

	return bound, list.Len() > 0
}
