package io.nextbest.server.context;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import io.nextbest.engine.context.EventDisposition;

/**
 * Compact serialization of the answer of every update: Hazelcast hands entry processor
 * results over in serialized form even to a caller on the same member, so this runs once
 * per update and must be cheap. Dispositions travel as their ordinals.
 */
public final class WriteReceiptSerializer implements CompactSerializer<WriteReceipt> {

	private static final EventDisposition[] DISPOSITIONS = EventDisposition.values();

	@Override
	public String getTypeName() {
		return "nba.WriteReceipt";
	}

	@Override
	public Class<WriteReceipt> getCompactClass() {
		return WriteReceipt.class;
	}

	@Override
	public void write(CompactWriter out, WriteReceipt receipt) {
		List<EventDisposition> dispositions = receipt.dispositions();
		byte[] ordinals = new byte[dispositions.size()];
		for (int i = 0; i < ordinals.length; i++) {
			ordinals[i] = (byte) dispositions.get(i).ordinal();
		}
		out.writeArrayOfInt8("dispositions", ordinals);
		out.writeBoolean("existed", receipt.existed());
		out.writeBoolean("queued", receipt.member() != null);
		out.writeInt64("memberHigh", (receipt.member() != null) ? receipt.member().getMostSignificantBits() : 0);
		out.writeInt64("memberLow", (receipt.member() != null) ? receipt.member().getLeastSignificantBits() : 0);
		out.writeInt64("ticket", receipt.ticket());
	}

	@Override
	public WriteReceipt read(CompactReader in) {
		byte[] ordinals = in.readArrayOfInt8("dispositions");
		EventDisposition[] dispositions = new EventDisposition[ordinals.length];
		for (int i = 0; i < ordinals.length; i++) {
			dispositions[i] = DISPOSITIONS[ordinals[i]];
		}
		boolean existed = in.readBoolean("existed");
		boolean queued = in.readBoolean("queued");
		long high = in.readInt64("memberHigh");
		long low = in.readInt64("memberLow");
		return new WriteReceipt(Arrays.asList(dispositions), existed, queued ? new UUID(high, low) : null,
				in.readInt64("ticket"));
	}

}
