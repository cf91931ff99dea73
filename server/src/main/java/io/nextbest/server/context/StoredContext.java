package io.nextbest.server.context;

/**
 * A context as one row of the durable store: encoded on the partition thread that changed
 * it, so the single writer thread only talks to the database.
 *
 * @param customerId the customer
 * @param context the context in its {@link ContextCodec stored form}
 * @param updatedAt when the context last changed, for operators
 * @param revision the context's revision; a row is never replaced by a lower one
 */
record StoredContext(String customerId, byte[] context, long updatedAt, long revision) {

	/**
	 * Encodes a context.
	 * @param context the context
	 * @return its row
	 */
	static StoredContext of(CustomerContext context) {
		return new StoredContext(context.customerId(), ContextCodec.encode(context), context.updatedAt(),
				context.revision());
	}

}
