package io.nextbest.server.context;

/**
 * The durable store could not read or commit. Nothing was acknowledged: the caller may
 * retry (events are idempotent).
 */
public class DurableStoreException extends RuntimeException {

	/**
	 * A failure of the durable store.
	 * @param message what was being done
	 * @param cause the database's error
	 */
	public DurableStoreException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * A refusal while the store is known to be down: no stack trace, since it is the same
	 * every time and the failure behind it is logged once where it happened.
	 * @param message why
	 */
	DurableStoreException(String message) {
		super(message, null, false, false);
	}

}
