package io.nextbest.benchmarks.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.decision.SuppressionCheck;
import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.grpc.RequestMapper;
import io.nextbest.server.grpc.ResponseMapper;
import io.nextbest.server.suppression.VerdictCodec;

/**
 * What a member needs to decide and check for the customers it owns, found by the tasks
 * other members send it in its Hazelcast user context: the context store (whose read
 * cache holds the contexts of the partitions this member owns), the rule set and the
 * clock. Every path of the routing benchmarks ends here, on whichever member, so they
 * differ only in where it runs and what crosses between members.
 */
final class OwnerSide {

	/** Under this key a member's side is found in its Hazelcast user context. */
	static final String USER_CONTEXT_KEY = "nextbest.owner-side";

	/** The executor that runs the tasks on the owners. */
	static final String EXECUTOR = "owner-routing";

	private final ContextStore contexts;

	private final RuleSet rules;

	private final Clock clock;

	OwnerSide(ContextStore contexts, RuleSet rules, Clock clock) {
		this.contexts = contexts;
		this.rules = rules;
		this.clock = clock;
	}

	static OwnerSide of(HazelcastInstance hazelcast) {
		return (OwnerSide) hazelcast.getUserContext().get(USER_CONTEXT_KEY);
	}

	/**
	 * Decides as the gRPC layer would: validates the request, reads the context, decides
	 * and builds the response.
	 * @param request the request as received
	 * @return the response, serialized as it goes on the wire
	 */
	byte[] decide(DecideRequest request) {
		DecisionRequest validated = RequestMapper.decision(request);
		CustomerContext context = this.contexts.get(validated.customerId());
		return ResponseMapper
			.decision(DecisionEngine.decide(this.rules, context, validated, this.clock.instant(), decisionId()))
			.toByteArray();
	}

	/**
	 * Checks recipients in one bulk read, one after the other.
	 * @param send what is being sent
	 * @param customerIds the recipients
	 * @return one verdict per recipient, in order
	 */
	List<Verdict> check(Send send, List<String> customerIds) {
		Map<String, CustomerContext> found = this.contexts.getAll(customerIds);
		Instant now = this.clock.instant();
		Verdict[] verdicts = new Verdict[customerIds.size()];
		for (int i = 0; i < verdicts.length; i++) {
			String customerId = customerIds.get(i);
			CustomerContext context = found.get(customerId);
			verdicts[i] = SuppressionCheck.verdict(this.rules,
					(context != null) ? context : CustomerContext.empty(customerId), send, now);
		}
		return Arrays.asList(verdicts);
	}

	/** As the server makes them: unique, not secret. */
	private static String decisionId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	/** The tasks' serialization: no reflection, no class descriptors on the wire. */
	static final class Tasks implements DataSerializableFactory {

		static final int FACTORY_ID = 7_301;

		static final int DECIDE = 1;

		static final int CHECK = 2;

		@Override
		public IdentifiedDataSerializable create(int typeId) {
			return switch (typeId) {
				case DECIDE -> new DecideOnOwner();
				case CHECK -> new CheckOnOwner();
				default -> null;
			};
		}

	}

	/**
	 * A decision run on the member that owns the customer: request bytes in, response
	 * bytes out.
	 */
	static final class DecideOnOwner implements Callable<byte[]>, HazelcastInstanceAware, IdentifiedDataSerializable {

		private byte[] request;

		private transient HazelcastInstance hazelcast;

		DecideOnOwner() {
		}

		DecideOnOwner(byte[] request) {
			this.request = request;
		}

		@Override
		public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
			this.hazelcast = hazelcastInstance;
		}

		@Override
		public byte[] call() throws InvalidProtocolBufferException {
			return of(this.hazelcast).decide(DecideRequest.parseFrom(this.request));
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeByteArray(this.request);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			this.request = in.readByteArray();
		}

		@Override
		public int getFactoryId() {
			return Tasks.FACTORY_ID;
		}

		@Override
		public int getClassId() {
			return Tasks.DECIDE;
		}

	}

	/**
	 * Checks run on the member that owns the recipients: ids in, encoded verdicts out.
	 */
	static final class CheckOnOwner implements Callable<byte[]>, HazelcastInstanceAware, IdentifiedDataSerializable {

		private Send send;

		private String[] customerIds;

		private transient HazelcastInstance hazelcast;

		CheckOnOwner() {
		}

		CheckOnOwner(Send send, List<String> customerIds) {
			this.send = send;
			this.customerIds = customerIds.toArray(String[]::new);
		}

		@Override
		public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
			this.hazelcast = hazelcastInstance;
		}

		@Override
		public byte[] call() {
			return VerdictCodec.encode(of(this.hazelcast).check(this.send, Arrays.asList(this.customerIds)));
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeString(this.send.campaignId());
			out.writeByte(this.send.channel().ordinal());
			out.writeByte(this.send.purpose().ordinal());
			out.writeString(this.send.actionId());
			out.writeBoolean(this.send.impliedMarketingConsent());
			out.writeStringArray(this.customerIds);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			this.send = new Send(in.readString(), Channel.values()[in.readByte()], Purpose.values()[in.readByte()],
					in.readString(), in.readBoolean());
			this.customerIds = in.readStringArray();
		}

		@Override
		public int getFactoryId() {
			return Tasks.FACTORY_ID;
		}

		@Override
		public int getClassId() {
			return Tasks.CHECK;
		}

	}

}
