package io.nextbest.benchmarks.store;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.core.IExecutorService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;

/**
 * Decide for a customer whose partition member {@code a} owns, on a cluster of two
 * members: is it cheaper for member {@code b}, which received the call, to read the
 * context from {@code a} and decide itself, or to hand the decision to {@code a}? Each
 * starts from the parsed request and ends with the response's bytes, as the gRPC layer
 * would send them.
 * <ul>
 * <li>{@code local}: the baseline, {@code a} deciding for its own customer (the context
 * from its read cache);</li>
 * <li>{@code remoteRead}: {@code b} reads the context from {@code a} (an operation on a
 * partition thread there, and a deserialization here) and decides;</li>
 * <li>{@code onOwner}: {@code b} sends the request's bytes to {@code a}
 * ({@code submitToKeyOwner}), which decides from its read cache and returns the
 * response's bytes.</li>
 * </ul>
 * Call times are sampled: on a shared machine compare the medians of one run, which other
 * processes disturb much less than the means.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OwnerRoutingBenchmark {

	static final int CUSTOMERS = 10_000;

	private TwoMembers cluster;

	private DecideRequest[] requests;

	private IExecutorService executorOfB;

	private int next;

	@Setup
	public void setUp() throws Exception {
		this.cluster = new TwoMembers(CUSTOMERS);
		List<String> ids = this.cluster.ownedByA;
		this.requests = new DecideRequest[ids.size()];
		for (int i = 0; i < ids.size(); i++) {
			this.requests[i] = DecideRequest.newBuilder()
				.setCustomerId(ids.get(i))
				.addChannels(Channel.CHANNEL_WEB)
				.addChannels(Channel.CHANNEL_EMAIL)
				.addChannels(Channel.CHANNEL_APP)
				.build();
		}
		this.executorOfB = this.cluster.b.getExecutorService(OwnerSide.EXECUTOR);
		// The three must give the same answers, or they would not do the same work.
		for (int i = 0; i < 50; i++) {
			DecideRequest request = this.requests[i * 37 % this.requests.length];
			String local = withoutId(this.cluster.sideA.decide(request));
			String remoteRead = withoutId(this.cluster.sideB.decide(request));
			String onOwner = withoutId(onOwner(request));
			if (!local.equals(remoteRead) || !local.equals(onOwner)) {
				throw new IllegalStateException("different decisions for " + request.getCustomerId());
			}
		}
	}

	private DecideRequest nextRequest() {
		DecideRequest request = this.requests[this.next];
		this.next = (this.next + 1) % this.requests.length;
		return request;
	}

	/**
	 * @return the response's bytes
	 */
	@Benchmark
	public byte[] local() {
		return this.cluster.sideA.decide(nextRequest());
	}

	/**
	 * @return the response's bytes
	 */
	@Benchmark
	public byte[] remoteRead() {
		return this.cluster.sideB.decide(nextRequest());
	}

	/**
	 * @return the response's bytes
	 */
	@Benchmark
	public byte[] onOwner() throws ExecutionException, InterruptedException {
		return onOwner(nextRequest());
	}

	private byte[] onOwner(DecideRequest request) throws ExecutionException, InterruptedException {
		return this.executorOfB
			.submitToKeyOwner(new OwnerSide.DecideOnOwner(request.toByteArray()), request.getCustomerId())
			.get();
	}

	private static String withoutId(byte[] response) throws InvalidProtocolBufferException {
		return DecideResponse.parseFrom(response).toBuilder().clearDecisionId().build().toString();
	}

	@TearDown
	public void tearDown() {
		this.cluster.close();
	}

}
