package io.nextbest.server.context;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import io.nextbest.engine.context.CustomerContext;

/**
 * How members hold a context in the {@code customer-context} map and send it to each
 * other: its revision, then its stored form ({@link ContextCodec}, the protobuf message
 * the durable store keeps). For the population of the benchmarks that is 515 bytes a
 * context where Hazelcast's Compact form of the same columns took 805: the map's values
 * are most of a member's heap. The stored form carries a format byte of its own, so a
 * member reads what another version wrote as the store does; members of a version that
 * held contexts in the Compact form cannot share a cluster with this one (the durable
 * store is what carries the contexts over a restart of the whole cluster).
 */
public final class CustomerContextSerializer implements StreamSerializer<CustomerContext> {

	/** The type id of contexts in Hazelcast's serialization (positive: a user type). */
	static final int TYPE_ID = 1_701;

	@Override
	public int getTypeId() {
		return TYPE_ID;
	}

	/**
	 * The context last encoded by {@link #encodeForMap} on this thread, with its bytes.
	 */
	private static final ThreadLocal<Encoded> LAST = new ThreadLocal<>();

	/**
	 * Encodes a context an entry processor is about to set as the map's value, and keeps
	 * its bytes for this thread's next {@link #write}: Hazelcast serializes the value on
	 * the same partition thread once the processor returns, and the durable store's row
	 * is the same bytes, so an applied change is encoded once, not once for the map and
	 * again by the group commit's thread.
	 * @param context the context the processor sets
	 * @return its stored form
	 */
	static byte[] encodeForMap(CustomerContext context) {
		byte[] bytes = ContextCodec.encode(context);
		LAST.set(new Encoded(context, bytes));
		return bytes;
	}

	@Override
	public void write(ObjectDataOutput out, CustomerContext context) throws IOException {
		// Used once, and not kept past it: a forgotten customer's context must not stay
		// referenced by a thread.
		Encoded last = LAST.get();
		if (last != null) {
			LAST.remove();
		}
		byte[] bytes = (last != null && last.context() == context) ? last.bytes() : ContextCodec.encode(context);
		out.writeLong(context.revision());
		out.writeByteArray(bytes);
	}

	private record Encoded(CustomerContext context, byte[] bytes) {
	}

	@Override
	public CustomerContext read(ObjectDataInput in) throws IOException {
		long revision = in.readLong();
		return ContextCodec.decode(in.readByteArray()).withRevision(revision);
	}

}
