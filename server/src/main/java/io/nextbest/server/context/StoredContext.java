package io.nextbest.server.context;

import io.nextbest.engine.context.CustomerContext;

/**
 * A context on its way to the durable store as one row. A change applied to the map comes
 * with the bytes its partition thread encoded for the map's value; otherwise the writer
 * thread encodes the context while it builds the transaction, and only when it is the
 * last write of its customer in that transaction.
 *
 * @param context the context to store
 * @param bytes its stored form when already encoded, else null
 */
record StoredContext(CustomerContext context, byte[] bytes) {

	/**
	 * The row of a context, encoded when written.
	 * @param context the context
	 * @return its row
	 */
	static StoredContext of(CustomerContext context) {
		return new StoredContext(context, null);
	}

	/**
	 * The row of a context already encoded.
	 * @param context the context
	 * @param bytes its {@link ContextCodec stored form}
	 * @return its row
	 */
	static StoredContext of(CustomerContext context, byte[] bytes) {
		return new StoredContext(context, bytes);
	}

	/**
	 * @return the customer
	 */
	String customerId() {
		return this.context.customerId();
	}

	/**
	 * @return the context in its {@link ContextCodec stored form}
	 */
	byte[] encoded() {
		return (this.bytes != null) ? this.bytes : ContextCodec.encode(this.context);
	}

	/**
	 * @return when the context last changed, for operators
	 */
	long updatedAt() {
		return this.context.updatedAt();
	}

	/**
	 * @return the context's revision; a row is never replaced by a lower one
	 */
	long revision() {
		return this.context.revision();
	}

}
