package io.nextbest.server.context;

import io.nextbest.engine.context.CustomerContext;

/**
 * A context on its way to the durable store as one row. It is encoded by the writer
 * thread while it builds the transaction, and only when it is the last write of its
 * customer in that transaction: a feed sends a customer's events together, and the
 * partition threads that apply them should not encode versions that are replaced before
 * they are written.
 *
 * @param context the context to store
 */
record StoredContext(CustomerContext context) {

	/**
	 * The row of a context.
	 * @param context the context
	 * @return its row
	 */
	static StoredContext of(CustomerContext context) {
		return new StoredContext(context);
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
		return ContextCodec.encode(this.context);
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
