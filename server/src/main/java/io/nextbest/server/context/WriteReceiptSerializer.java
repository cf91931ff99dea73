package io.nextbest.server.context;

import java.util.UUID;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Compact serialization of the answer of every update: Hazelcast hands entry processor
 * results over in serialized form even to a caller on the same member, so this runs once
 * per event and must be cheap.
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
		out.writeInt8("disposition", (byte) ((receipt.disposition() != null) ? receipt.disposition().ordinal() : -1));
		out.writeBoolean("existed", receipt.existed());
		out.writeBoolean("queued", receipt.member() != null);
		out.writeInt64("memberHigh", (receipt.member() != null) ? receipt.member().getMostSignificantBits() : 0);
		out.writeInt64("memberLow", (receipt.member() != null) ? receipt.member().getLeastSignificantBits() : 0);
		out.writeInt64("ticket", receipt.ticket());
	}

	@Override
	public WriteReceipt read(CompactReader in) {
		byte disposition = in.readInt8("disposition");
		boolean existed = in.readBoolean("existed");
		boolean queued = in.readBoolean("queued");
		long high = in.readInt64("memberHigh");
		long low = in.readInt64("memberLow");
		return new WriteReceipt((disposition >= 0) ? DISPOSITIONS[disposition] : null, existed,
				queued ? new UUID(high, low) : null, in.readInt64("ticket"));
	}

}
