// Added to FerretDB v1.24.2's internal/handler package by the policy platform's build
// (server/store/local-database.ts), which calls it at the start of execDelete (msg_delete.go).

package handler

import (
	"github.com/FerretDB/FerretDB/internal/types"
)

// stringIDOnly returns the _id of a delete filter that is exactly `{_id: "<string>"}`, which the
// backend can delete through its unique _id index without reading the document. Any other filter
// (operators, other fields, other types) and a string of 24 hex digits (stored as the same JSON
// text as an ObjectId) answer false and take upstream's path, which reads and matches first.
func stringIDOnly(filter *types.Document) (string, bool) {
	if filter == nil || filter.Len() != 1 {
		return "", false
	}

	v, err := filter.Get("_id")
	if err != nil {
		return "", false
	}

	id, ok := v.(string)
	if !ok || looksLikeObjectID(id) {
		return "", false
	}

	return id, true
}

func looksLikeObjectID(s string) bool {
	if len(s) != 24 {
		return false
	}

	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}

	return true
}
