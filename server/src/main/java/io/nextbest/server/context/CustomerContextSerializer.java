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

	@Override
	public void write(ObjectDataOutput out, CustomerContext context) throws IOException {
		out.writeLong(context.revision());
		out.writeByteArray(ContextCodec.encode(context));
	}

	@Override
	public CustomerContext read(ObjectDataInput in) throws IOException {
		long revision = in.readLong();
		return ContextCodec.decode(in.readByteArray()).withRevision(revision);
	}

}
