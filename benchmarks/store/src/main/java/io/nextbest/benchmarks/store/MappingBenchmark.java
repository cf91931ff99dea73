package io.nextbest.benchmarks.store;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.nextbest.api.v1.Action;
import io.nextbest.api.v1.ActionKind;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.Reason;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.RequestContext;
import io.nextbest.api.v1.RuleSetVersion;
import io.nextbest.api.v1.Suppression;

/**
 * The protobuf side of a decision: parsing a request and building and writing a response.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MappingBenchmark {

	private final byte[] request = DecideRequest.newBuilder()
		.setCustomerId("c00012345")
		.addChannels(Channel.CHANNEL_WEB)
		.addChannels(Channel.CHANNEL_EMAIL)
		.addChannels(Channel.CHANNEL_APP)
		.setContext(RequestContext.newBuilder()
			.setPage("/account/billing")
			.setPlacement("home-hero")
			.setDevice("mobile")
			.setLocale("en-GB")
			.putAttributes("campaign", "spring"))
		.build()
		.toByteArray();

	@Benchmark
	public DecideRequest parseRequest() throws InvalidProtocolBufferException {
		return DecideRequest.parseFrom(this.request);
	}

	@Benchmark
	public byte[] buildResponse() {
		Timestamp now = Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000).build();
		DecideResponse.Builder response = DecideResponse.newBuilder()
			.setDecisionId("9faed87d-0a3c-4f7e-9c1a-3f1d2b5e6a7c")
			.setRuleSet(RuleSetVersion.newBuilder().setVersion("b71de76d7cb4").setLoadedAt(now))
			.setDecidedAt(now);
		response.addChannelsBuilder()
			.setChannel(Channel.CHANNEL_WEB)
			.setAction(Action.newBuilder()
				.setActionId("cross-sell-offer")
				.setKind(ActionKind.ACTION_KIND_OFFER)
				.setPurpose(Purpose.PURPOSE_MARKETING)
				.setJourney("broadband")
				.setContentKey("journey/loyalty/cross-sell-offer")
				.setPriority(62))
			.addReasons(Reason.newBuilder()
				.setRule("Single-product loyal customer gets a cross-sell offer")
				.setMessage("Loyal to broadband and has no other product: offer a second one."));
		for (Channel channel : new Channel[] { Channel.CHANNEL_EMAIL, Channel.CHANNEL_APP }) {
			String message = "No marketing consent on " + channel + " was ever given.";
			response.addChannelsBuilder()
				.setChannel(channel)
				.setSuppression(Suppression.newBuilder().setCode(ReasonCode.REASON_CODE_NO_CONSENT).setMessage(message))
				.addReasons(Reason.newBuilder()
					.setRule("policy:consent")
					.setMessage(message)
					.setCode(ReasonCode.REASON_CODE_NO_CONSENT));
		}
		return response.build().toByteArray();
	}

}
