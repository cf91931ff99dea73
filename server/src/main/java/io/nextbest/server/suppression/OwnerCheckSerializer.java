package io.nextbest.server.suppression;

import java.util.Arrays;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;

/**
 * Compact serialization of an {@link OwnerCheck}; enums travel by name, so members of
 * different builds agree on them.
 */
public final class OwnerCheckSerializer implements CompactSerializer<OwnerCheck> {

	@Override
	public String getTypeName() {
		return "nba.OwnerCheck";
	}

	@Override
	public Class<OwnerCheck> getCompactClass() {
		return OwnerCheck.class;
	}

	@Override
	public void write(CompactWriter out, OwnerCheck check) {
		Send send = check.send();
		out.writeString("campaignId", send.campaignId());
		out.writeString("channel", send.channel().name());
		out.writeString("purpose", send.purpose().name());
		out.writeString("actionId", send.actionId());
		out.writeBoolean("impliedMarketingConsent", send.impliedMarketingConsent());
		out.writeString("ruleSetHash", check.ruleSetHash());
		out.writeArrayOfString("customerIds", check.customerIds().toArray(String[]::new));
	}

	@Override
	public OwnerCheck read(CompactReader in) {
		Send send = new Send(in.readString("campaignId"), Channel.valueOf(in.readString("channel")),
				Purpose.valueOf(in.readString("purpose")), in.readString("actionId"),
				in.readBoolean("impliedMarketingConsent"));
		return new OwnerCheck(send, in.readString("ruleSetHash"), Arrays.asList(in.readArrayOfString("customerIds")));
	}

}
