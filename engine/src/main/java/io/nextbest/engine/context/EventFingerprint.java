package io.nextbest.engine.context;

/**
 * A 64-bit fingerprint of an event id. The context remembers fingerprints rather than the
 * ids themselves: eight bytes instead of forty-odd per remembered event, and two ids
 * colliding among a customer's few dozen recent events is vanishingly unlikely.
 */
final class EventFingerprint {

	private EventFingerprint() {
	}

	static long of(String eventId) {
		// FNV-1a over the UTF-16 code units, then a final avalanche (splitmix64) so that
		// similar ids ("evt-1", "evt-2") spread over the whole range.
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < eventId.length(); i++) {
			hash ^= eventId.charAt(i);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 30;
		hash *= 0xbf58476d1ce4e5b9L;
		hash ^= hash >>> 27;
		hash *= 0x94d049bb133111ebL;
		return hash ^ (hash >>> 31);
	}

}
