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

}
