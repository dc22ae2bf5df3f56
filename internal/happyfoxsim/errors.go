package happyfoxsim

import (
	"fmt"
	"net/http"
)

// Django's default form messages (§1 "Backend": the error strings are
// Django's, so the simulator reuses Django wording; L).
const (
	msgRequired       = "This field is required."
	msgInvalidChoice  = "Select a valid choice. That choice is not one of the available choices."
	msgList           = "Enter a list of values."
	msgEmail          = "Enter a valid email address."
	msgNumber         = "Enter a number."
	msgDate           = "Enter a valid date."
	msgValue          = "Enter a valid value."
	msgDecimals       = "Ensure that there are no more than 2 decimal places."
	msgNotFound       = "Not found"
	msgUnauthorized   = "Authentication credentials were not provided or are invalid."
	msgRateLimited    = "Rate limit exceeded. Try again later."
	msgConcurrent     = "Another request on this object is in progress."
	msgMethod         = "Method not allowed"
	msgExpectedObject = "Expected a JSON object."
)

func msgInvalidChoiceValue(v string) string {
	return fmt.Sprintf("Select a valid choice. %s is not one of the available choices.", v)
}

// reply is a fully buffered response. Handlers build replies; the pipeline in
// server.go writes them (or drops them when a fault says so).
type reply struct {
	status int
	body   any    // marshalled as JSON when raw is nil
	raw    []byte // pre-rendered body (fault pages)
	ctype  string // content type of raw
	header http.Header
	lose   bool // carried out, but the connection is dropped instead of answering (BulkFaults)
}

func jsonReply(status int, body any) *reply { return &reply{status: status, body: body} }

func ok(body any) *reply { return jsonReply(http.StatusOK, body) }

// errorReply is the simple {"error": "<message>"} body used for 401, 404,
// 405, 409 and 429 (bodies are undocumented, §1 / §7; L).
func errorReply(status int, msg string) *reply {
	return jsonReply(status, map[string]any{"error": msg})
}

// fieldError is one item of error shape A (§1.2).
type fieldError struct {
	Field  string   `json:"field"`
	Errors []string `json:"errors"`
}

// fieldErrors collects shape A errors in insertion order.
type fieldErrors []fieldError

func (fe *fieldErrors) add(field, msg string) {
	for i := range *fe {
		if (*fe)[i].Field == field {
			(*fe)[i].Errors = append((*fe)[i].Errors, msg)
			return
		}
	}
	*fe = append(*fe, fieldError{Field: field, Errors: []string{msg}})
}

func (fe fieldErrors) empty() bool { return len(fe) == 0 }

// shapeA answers 400 {"error":[{"field":..,"errors":[..]}]} (§1.2, H).
func shapeA(fe fieldErrors) *reply {
	return jsonReply(http.StatusBadRequest, map[string]any{"error": []fieldError(fe)})
}

func errA(field, msg string) *reply {
	var fe fieldErrors
	fe.add(field, msg)
	return shapeA(fe)
}

// shapeBErrors collects shape B errors: a field-keyed object whose values are
// lists of strings, single strings, or (for custom_fields) nested objects
// keyed by field id with single-string values (§1.2, H per KB1201).
type shapeBErrors map[string]any

func (b shapeBErrors) add(field, msg string) {
	if l, ok := b[field].([]string); ok {
		b[field] = append(l, msg)
		return
	}
	b[field] = []string{msg}
}

// set stores a single-string error, as in `"contact_ids": "Enter a list of values."`.
func (b shapeBErrors) set(field, msg string) { b[field] = msg }

func (b shapeBErrors) customField(id, msg string) {
	m, ok := b["custom_fields"].(map[string]string)
	if !ok {
		m = map[string]string{}
		b["custom_fields"] = m
	}
	m[id] = msg
}

func shapeB(b shapeBErrors) *reply {
	return jsonReply(http.StatusBadRequest, map[string]any{"error": map[string]any(b)})
}

func errB(field, msg string) *reply {
	b := shapeBErrors{}
	b.add(field, msg)
	return shapeB(b)
}

// notFound answers an unknown object id. Unknown ids are undocumented (§1 404
// row, "? / L: 404"); by default 404 {"error":"Not found"}. not-found=400
// answers like a Django view that lets DoesNotExist surface as a form error:
// 400 shape A on __all__ with Django's "<Model> matching query does not
// exist." (R7 models a delete of a missing ticket as 400); not-found=html
// answers Django's HTML 404 page, not-found=json-detail Django REST
// framework's {"detail": "Not found."}. kind is the Django model class name,
// e.g. "ContactGroup". The caller holds s.mu.
func (s *Server) notFound(kind string) *reply {
	switch s.st.a.NotFound {
	case "400":
		return errA("__all__", kind+" matching query does not exist.")
	case "html":
		return djangoPage(http.StatusNotFound, "Not Found")
	case "json-detail":
		return jsonReply(http.StatusNotFound, map[string]any{"detail": "Not found."})
	}
	return errorReply(http.StatusNotFound, msgNotFound)
}

// missingPath answers a path this account does not serve (asset-field-path, ticket-field-single): the same
// 404 as an unrouted path.
func missingPath() *reply { return errorReply(http.StatusNotFound, msgNotFound) }
