// Added to FerretDB v1.24.2's internal/backends/sqlite package by the policy platform's build
// (server/store/local-database.ts). Upstream pushes down only a one-key _id filter; every other
// filter reads the whole table and is filtered in Go. This file adds WHERE terms on the
// expressions of a declared index, so SQLite searches that index instead of scanning.
//
// The WHERE is a SUPERSET of the true matches: FerretDB still applies the full filter to every
// row afterwards (FilterIterator / FilterDocument in the handler), so results stay exact.
// Anything that cannot be shown to select a superset is not pushed down.
//
// What an index column holds: `_ferretdb_sjson->"f"` is SQLite's JSON text of the field (strings
// with their quotes, numbers as digits, dates as milliseconds, arrays as `[...]`), or NULL when the
// field is missing (or, for a nested path `a.b`, when `a` is an array or not an object).
// So for each pushed field the superset is: its value texts (or a text range), OR an array
// (MongoDB equality and ranges match an element; arrays render from '[' up to, not including,
// '\'), OR, for nested paths only, NULL (`a` may be an array of objects).

package sqlite

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
)

// pushedField is what a filter says about one field, as a condition on its JSON text.
type pushedField struct {
	equal  []string // the field's text is one of these; or, when empty, a range:
	lo, hi string   // lo <= text < hi
}

// indexPushdown returns a WHERE clause and its arguments for the declared index that serves the
// filter best, or "" when no index can be used safely. Best is the most fields pinned to values other
// than true or false, then the longest prefix: a boolean pins about half a collection, so
// `{open: true, alertId: {$in: [...]}}` must search the alertId index, not walk every open row
// because `{open, createdAt}` was declared first.
func indexPushdown(meta *metadata.Collection, filter *types.Document) (string, []any) {
	if meta == nil || filter.Len() == 0 {
		return "", nil
	}

	var best []metadata.IndexKeyPair
	var bestFields []pushedField
	bestSelective := 0

	for _, index := range meta.Settings.Indexes {
		var fields []pushedField

		for _, key := range index.Key {
			if !pushablePath(key.Field) || !filter.Has(key.Field) {
				break
			}

			f, ok := pushField(get(filter.Get(key.Field)))
			if !ok {
				break
			}

			fields = append(fields, f)

			if f.equal == nil { // a range ends the usable prefix, as in any B-tree
				break
			}
		}

		selective := 0

		for _, f := range fields {
			if f.equal != nil && !booleanOnly(f.equal) {
				selective++
			}
		}

		if selective > bestSelective || selective == bestSelective && len(fields) > len(bestFields) {
			best, bestFields, bestSelective = index.Key, fields, selective
		}
	}

	return supersetWhere(best, bestFields)
}

// booleanOnly reports whether every value text is true or false.
func booleanOnly(texts []string) bool {
	for _, t := range texts {
		if t != "true" && t != "false" {
			return false
		}
	}

	return true
}

// supersetWhere returns the WHERE clause for fields pushed on the leading keys of an index, or "".
func supersetWhere(best []metadata.IndexKeyPair, bestFields []pushedField) (string, []any) {
	if len(bestFields) == 0 {
		return "", nil
	}

	// (E1 OR A1) AND ... AND (Ek OR Ak), with Ei the field's values and Ai its array/NULL cases,
	// is written as branches each using the index: E1..Ej-1 AND Aj for every j, and E1..Ek.
	var branches []string
	var args []any
	var prefix []string
	var prefixArgs []any

	for i, f := range bestFields {
		column := indexColumn(best[i].Field)

		other := []string{fmt.Sprintf("(%s >= '[' AND %s < '\\')", column, column)}
		if strings.Contains(best[i].Field, ".") {
			other = append(other, column+" IS NULL")
		}

		for _, o := range other {
			branches = append(branches, strings.Join(append(append([]string{}, prefix...), o), " AND "))
			args = append(args, prefixArgs...)
		}

		if f.equal != nil {
			prefix = append(prefix, fmt.Sprintf("%s IN (%s)", column, strings.TrimSuffix(strings.Repeat("?, ", len(f.equal)), ", ")))
			for _, v := range f.equal {
				prefixArgs = append(prefixArgs, v)
			}
		} else {
			prefix = append(prefix, fmt.Sprintf("%s >= ? AND %s < ?", column, column))
			prefixArgs = append(prefixArgs, f.lo, f.hi)
		}
	}

	branches = append(branches, strings.Join(prefix, " AND "))
	args = append(args, prefixArgs...)

	return " WHERE (" + strings.Join(branches, ") OR (") + ")", args
}

// indexColumn is the expression registry.go's indexesCreate gives an index key; SQLite uses an
// expression index only for the very same expression.
func indexColumn(field string) string {
	parts := strings.Split(field, ".")
	for i, p := range parts {
		parts[i] = fmt.Sprintf("%q", p)
	}

	return fmt.Sprintf("%s->%s", metadata.DefaultColumn, strings.Join(parts, "->"))
}

// pushablePath accepts plain field names: no operators, no empty or numeric parts (`a.0` may be
// an array position, which `->` does not follow), nothing %q would escape, and no name SQLite
// reads as a column: `->"oid"` is `-> rowid` (upstream indexes such a field by the row number).
func pushablePath(field string) bool {
	for _, p := range strings.Split(field, ".") {
		if p == "" || strings.Trim(p, "0123456789") == "" {
			return false
		}

		switch strings.ToLower(p) {
		case "oid", "rowid", "_rowid_", metadata.DefaultColumn, metadata.RecordIDColumn:
			return false
		}

		for _, r := range p {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}

	return true
}

// pushField turns a filter value (`v`, `{$eq: v}`, `{$in: [...]}`, string ranges) into a
// condition on the field's text. Other operators beside those are left to FerretDB (the pushed
// ones are ANDed with them, so the result is still a superset).
func pushField(v any) (pushedField, bool) {
	d, ok := v.(*types.Document)
	if !ok {
		texts, ok := valueTexts(v)
		return pushedField{equal: texts}, ok
	}

	keys := d.Keys()
	for _, k := range keys {
		if !strings.HasPrefix(k, "$") {
			return pushedField{}, false // an embedded document compared as a whole
		}
	}

	if d.Has("$eq") {
		texts, ok := valueTexts(get(d.Get("$eq")))
		return pushedField{equal: texts}, ok
	}

	if d.Has("$in") {
		list, isArray := get(d.Get("$in")).(*types.Array)
		if !isArray || list.Len() == 0 {
			return pushedField{}, false
		}

		var all []string

		for i := 0; i < list.Len(); i++ {
			texts, ok := valueTexts(get(list.Get(i)))
			if !ok {
				return pushedField{}, false
			}

			all = append(all, texts...)
		}

		return pushedField{equal: all}, true
	}

	// Strings render as `"…"`, so all of them lie in ['"', '#'). Inside, the text order follows the
	// value order except where JSON escapes a character (as `\…`, byte 0x5C). A lower bound keeps
	// only the leading characters in [#, [] that JSON does not escape: any greater string then has
	// a greater text, escaped or not. An upper bound keeps only leading characters in []..~]:
	// any smaller string's first differing character is smaller, or escaped (0x5C), or ends it.
	f := pushedField{lo: `"`, hi: `#`}
	ranged := false

	for _, op := range []string{"$gt", "$gte"} {
		if s, isString := d.Map()[op].(string); isString {
			if p := leading(s, func(c byte) bool { return c >= '#' && c <= '[' && c != '&' && c != '<' && c != '>' }); `"`+p > f.lo {
				f.lo = `"` + p
			}

			ranged = true
		}
	}

	for _, op := range []string{"$lt", "$lte"} {
		if s, isString := d.Map()[op].(string); isString {
			if p := leading(s, func(c byte) bool { return c >= ']' && c <= '~' }); p != "" {
				if hi := `"` + p[:len(p)-1] + string(p[len(p)-1]+1); hi < f.hi {
					f.hi = hi
				}
			}

			ranged = true
		}
	}

	return f, ranged
}

// leading returns the longest prefix of s whose bytes all satisfy ok.
func leading(s string, ok func(byte) bool) string {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return s[:i]
		}
	}

	return s
}

// valueTexts returns every JSON text a value MongoDB counts as equal to v can have in a
// document, or false when that set cannot be given exactly.
func valueTexts(v any) ([]string, bool) {
	switch v := v.(type) {
	case string, types.ObjectID, bool, time.Time:
		// a string and an ObjectID with the same hex render alike: a superset, which is fine
		b, err := sjson.MarshalSingleValue(v)
		if err != nil {
			return nil, false
		}

		return []string{string(b)}, true
	case int32:
		return integerTexts(float64(v))
	case int64:
		if v > 1<<53 || v < -(1<<53) {
			return nil, false // a double equal to it renders in rounded digits
		}

		return integerTexts(float64(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}

		if v == math.Trunc(v) {
			if math.Abs(v) > 1<<53 {
				return nil, false
			}

			return integerTexts(v)
		}

		// only a double equals a fractional double, and sjson renders it the same way
		b, err := sjson.MarshalSingleValue(v)
		if err != nil {
			return nil, false
		}

		return []string{string(b)}, true
	default:
		return nil, false // null, regex, documents, arrays and others: MongoDB's rules are richer
	}
}

// integerTexts: int32, int64 and integral doubles up to 2^53 all render as plain digits; a
// double zero may be negative ("-0"), which MongoDB counts as equal to 0.
func integerTexts(v float64) ([]string, bool) {
	if v == 0 {
		return []string{"0", "-0"}, true
	}

	return []string{strconv.FormatInt(int64(v), 10)}, true
}

// get returns v; the lookups above are of keys known to exist.
func get(v any, err error) any {
	if err != nil {
		panic(err)
	}

	return v
}
