package client

import "testing"

// Fuzz targets of the ticket decoders (§8.1, §8.8), seeded with KB1039's ticket example.

func FuzzDecodeTicket(f *testing.F) {
	f.Add([]byte(ticketFixture))
	f.Add([]byte(`{"id": 1, "tags": ["a", "b"], "status": 2, "updates": [{"by": null, "message": {"text": 5}}]}`))
	fuzzObject(f, decodeTicket)
}

func FuzzDecodePriority(f *testing.F) {
	f.Add([]byte(`{"id": 3, "name": "High", "order": 3, "default": false}`))
	fuzzObject(f, decodePriority)
}
