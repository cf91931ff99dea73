package io.nextbest.benchmarks.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;
import io.nextbest.server.suppression.VerdictCodec;

/**
 * A bulk check of 1,000 recipients of a marketing email on a cluster of two members, per
 * recipient: is it cheaper for member {@code b}, which received the batch, to read every
 * context and check them itself, or to send each owner its recipients? Every check runs
 * the recipients one after the other on one thread, so the figures compare the work and
 * the trips, not how many threads a batch spreads over.
 * <ul>
 * <li>{@code bulkLocal}: the baseline, {@code a} checking a batch of its own customers
 * (every context from its read cache);</li>
 * <li>{@code bulkRemoteRead}: {@code b} reads the batch's contexts (its own customers
 * from its read cache, the others from {@code a}, all reads in flight at once) and checks
 * them;</li>
 * <li>{@code bulkOnOwners}: {@code b} sends {@code a} the ids of {@code a}'s customers,
 * checks its own meanwhile, and puts the verdicts {@code a} returns in order.</li>
 * </ul>
 * The batch holds only customers of {@code a} ({@code ownedByA}, as for a single
 * decision) or half of each member's ({@code halfEach}, what a list of random customers
 * is on two members). Batch times are sampled, per recipient: compare the medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OwnerRoutingBulkBenchmark {

	static final int BATCH = 1_000;

	private static final int BATCHES = 4;

	private static final Send SEND = new Send("spring-sale", Channel.EMAIL, Purpose.MARKETING, "", false);

	private TwoMembers cluster;

	private IExecutorService executorOfB;

	private final List<List<String>> ownedByA = new ArrayList<>();

	private final List<List<String>> halfEach = new ArrayList<>();

	private int next;

	/** Which recipients a batch holds. */
	@State(Scope.Benchmark)
	public static class Recipients {

		@Param({ "ownedByA", "halfEach" })
		public String batch;

	}

	@Setup
	public void setUp() throws Exception {
		this.cluster = new TwoMembers(OwnerRoutingBenchmark.CUSTOMERS);
		List<String> a = this.cluster.ownedByA;
		List<String> b = this.cluster.ownedByB;
		for (int n = 0; n < BATCHES; n++) {
			List<String> own = new ArrayList<>(BATCH);
			List<String> half = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				own.add(a.get((n * BATCH + i) % a.size()));
				int k = n * BATCH / 2 + i / 2;
				half.add((i % 2 == 0) ? a.get(k % a.size()) : b.get(k % b.size()));
			}
			this.ownedByA.add(own);
			this.halfEach.add(half);
		}
		this.executorOfB = this.cluster.b.getExecutorService(OwnerSide.EXECUTOR);
		// Every way must give the same verdicts, or they would not do the same work.
		for (List<List<String>> batches : List.of(this.ownedByA, this.halfEach)) {
			for (List<String> batch : batches) {
				List<Verdict> onB = this.cluster.sideB.check(SEND, batch);
				if (!onB.equals(onOwners(batch))) {
					throw new IllegalStateException("different verdicts on the owners");
				}
				if (batches == this.ownedByA && !onB.equals(this.cluster.sideA.check(SEND, batch))) {
					throw new IllegalStateException("different verdicts on a");
				}
			}
		}
		List<Verdict> sample = this.cluster.sideA.check(SEND, this.ownedByA.get(0));
		if (sample.stream().allMatch(Verdict::send) || sample.stream().noneMatch(Verdict::send)) {
			throw new IllegalStateException("expected both sends and suppressions");
		}
	}

	private List<String> nextBatch(List<List<String>> batches) {
		List<String> batch = batches.get(this.next);
		this.next = (this.next + 1) % BATCHES;
		return batch;
	}

	private List<List<String>> batches(Recipients recipients) {
		return "ownedByA".equals(recipients.batch) ? this.ownedByA : this.halfEach;
	}

	/**
	 * @return the verdicts
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public List<Verdict> bulkLocal() {
		return this.cluster.sideA.check(SEND, nextBatch(this.ownedByA));
	}

	/**
	 * @param recipients which recipients
	 * @return the verdicts
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public List<Verdict> bulkRemoteRead(Recipients recipients) {
		return this.cluster.sideB.check(SEND, nextBatch(batches(recipients)));
	}

	/**
	 * @param recipients which recipients
	 * @return the verdicts
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public List<Verdict> bulkOnOwners(Recipients recipients) throws ExecutionException, InterruptedException {
		return onOwners(nextBatch(batches(recipients)));
	}

	/** Splits the ids by owner, sends the other member its share and checks the rest. */
	private List<Verdict> onOwners(List<String> customerIds) throws ExecutionException, InterruptedException {
		Member self = this.cluster.b.getCluster().getLocalMember();
		Map<Member, List<Integer>> byOwner = new LinkedHashMap<>();
		for (int i = 0; i < customerIds.size(); i++) {
			Member owner = this.cluster.ownerSeenByB(customerIds.get(i));
			byOwner.computeIfAbsent((owner != null) ? owner : self, (m) -> new ArrayList<>()).add(i);
		}
		Map<Member, Future<byte[]>> sent = new LinkedHashMap<>();
		for (Map.Entry<Member, List<Integer>> share : byOwner.entrySet()) {
			if (!share.getKey().equals(self)) {
				sent.put(share.getKey(), this.executorOfB.submitToMember(
						new OwnerSide.CheckOnOwner(SEND, ids(customerIds, share.getValue())), share.getKey()));
			}
		}
		Verdict[] verdicts = new Verdict[customerIds.size()];
		List<Integer> mine = byOwner.get(self);
		if (mine != null) {
			place(verdicts, mine, this.cluster.sideB.check(SEND, ids(customerIds, mine)));
		}
		for (Map.Entry<Member, Future<byte[]>> answer : sent.entrySet()) {
			place(verdicts, byOwner.get(answer.getKey()), VerdictCodec.decode(answer.getValue().get()));
		}
		return List.of(verdicts);
	}

	private static List<String> ids(List<String> customerIds, List<Integer> indices) {
		List<String> ids = new ArrayList<>(indices.size());
		for (int index : indices) {
			ids.add(customerIds.get(index));
		}
		return ids;
	}

	private static void place(Verdict[] verdicts, List<Integer> indices, List<Verdict> found) {
		for (int i = 0; i < indices.size(); i++) {
			verdicts[indices.get(i)] = found.get(i);
		}
	}

	@TearDown
	public void tearDown() {
		this.cluster.close();
	}

}
