package io.nextbest.server.suppression;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.partition.PartitionService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.SuppressionCheck;
import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.system.NextBestProperties;

/**
 * Checks batches of recipients for a send. A batch reads its contexts in one bulk call,
 * runs on one rule set version, and is split over a fixed pool of workers so that one
 * stream uses every processor; the pool is shared by all streams, so bulk checks cannot
 * take more threads than that however many engines call at once.
 * <p>
 * In a cluster, the recipients another member owns are checked there
 * ({@link OwnerCheck}): the ids go over and the verdicts come back, instead of every
 * context coming over to be deserialized here, which measured two to three times dearer
 * per recipient. Should the owner serve another rule set version, not be ready, or leave
 * meanwhile, this member checks those recipients itself, reading their contexts from the
 * owner. A single Decide stays on the member that received it: there both ways make one
 * trip between members, and reading the context was the cheaper one.
 */
@Service
public class BulkSuppressor implements DisposableBean {

	/** Below this many recipients a slice is not worth a thread hand-off. */
	private static final int MIN_SLICE = 256;

	/**
	 * The key of a member's instance in the Hazelcast user context, where the checks sent
	 * by other members find it.
	 */
	static final String USER_CONTEXT_KEY = "nextbest.bulk-suppressor";

	/**
	 * The executor that runs the checks other members send; configured in hazelcast.yaml.
	 */
	public static final String EXECUTOR = "bulk-checks";

	/** How often a caller waiting for an owner's verdicts looks whether it went away. */
	private static final long CANCEL_POLL_MILLIS = 100;

	private final HazelcastInstance hazelcast;

	private final LongAdder checkedByOwners = new LongAdder();

	private final ContextStore contexts;

	private final CurrentRuleSet rules;

	private final Clock clock;

	private final boolean impliedMarketingConsent;

	private final int workers;

	private final ExecutorService pool;

	BulkSuppressor(ContextStore contexts, CurrentRuleSet rules, Clock clock, NextBestProperties properties,
			HazelcastInstance hazelcast) {
		this.hazelcast = hazelcast;
		this.contexts = contexts;
		this.rules = rules;
		this.clock = clock;
		this.impliedMarketingConsent = properties.suppression().impliedMarketingConsent();
		int configured = properties.suppression().workers();
		this.workers = (configured > 0) ? configured : Runtime.getRuntime().availableProcessors();
		AtomicInteger count = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.workers, (task) -> {
			Thread thread = new Thread(task, "suppression-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		hazelcast.getUserContext().put(USER_CONTEXT_KEY, this);
	}

	/**
	 * The send to check, with the configured consent default.
	 * @param campaignId the campaign, or an empty string
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param actionId the action sent, or an empty string
	 * @return the send
	 */
	public Send send(String campaignId, io.nextbest.facts.Channel channel, io.nextbest.facts.Purpose purpose,
			String actionId) {
		return new Send(campaignId, channel, purpose, actionId, this.impliedMarketingConsent);
	}

	/**
	 * @return the rule set serving now
	 */
	public RuleSet ruleSet() {
		return this.rules.get();
	}

	/**
	 * Checks a batch: here, or for the recipients other members own, on those members.
	 * @param ruleSet the rule set to check with (take it once per batch)
	 * @param send what is being sent
	 * @param customerIds the recipients
	 * @param cancelled tells when the caller has gone: the work stops (checks already
	 * sent to other members finish there)
	 * @return one verdict per recipient, in order
	 * @throws CancellationException when the caller went away
	 */
	public List<Verdict> check(RuleSet ruleSet, Send send, List<String> customerIds, BooleanSupplier cancelled) {
		if (this.hazelcast.getCluster().getMembers().size() < 2) {
			return checkHere(ruleSet, send, customerIds, cancelled);
		}
		List<Integer> here = new ArrayList<>();
		Map<Member, List<Integer>> byOwner = new HashMap<>();
		PartitionService partitions = this.hazelcast.getPartitionService();
		for (int i = 0; i < customerIds.size(); i++) {
			Member owner = partitions.getPartition(customerIds.get(i)).getOwner();
			if (owner == null || owner.localMember()) {
				here.add(i);
			}
			else {
				byOwner.computeIfAbsent(owner, (member) -> new ArrayList<>()).add(i);
			}
		}
		IExecutorService owners = this.hazelcast.getExecutorService(EXECUTOR);
		List<Sent> sent = new ArrayList<>(byOwner.size());
		byOwner.forEach((owner, indexes) -> sent.add(new Sent(indexes,
				sendTo(owners, owner, new OwnerCheck(send, ruleSet.version().hash(), select(customerIds, indexes))))));
		Verdict[] verdicts = new Verdict[customerIds.size()];
		place(verdicts, here, checkHere(ruleSet, send, select(customerIds, here), cancelled));
		for (Sent part : sent) {
			List<Integer> indexes = part.indexes();
			List<Verdict> answered = answer(part.verdicts(), indexes.size(), cancelled);
			if (answered != null) {
				this.checkedByOwners.add(indexes.size());
				place(verdicts, indexes, answered);
			}
			else {
				place(verdicts, indexes, checkHere(ruleSet, send, select(customerIds, indexes), cancelled));
			}
		}
		return Arrays.asList(verdicts);
	}

	/**
	 * @return how many recipients other members checked for this one, as their owners
	 */
	public long checkedByOwners() {
		return this.checkedByOwners.sum();
	}

	/** Sends a check to its owner; a failure to send it is answered like a refusal. */
	private static Future<byte[]> sendTo(IExecutorService owners, Member owner, OwnerCheck check) {
		try {
			return owners.submitToMember(check, owner);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(null);
		}
	}

	/** An owner's verdicts, or null when it did not check them (or could not). */
	private static List<Verdict> answer(Future<byte[]> pending, int expected, BooleanSupplier cancelled) {
		try {
			while (true) {
				if (cancelled.getAsBoolean()) {
					throw new CancellationException("The caller went away.");
				}
				try {
					byte[] encoded = pending.get(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
					List<Verdict> verdicts = (encoded != null) ? VerdictCodec.decode(encoded) : null;
					return (verdicts != null && verdicts.size() == expected) ? verdicts : null;
				}
				catch (TimeoutException ex) {
					// Still running: look again whether the caller is still there.
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted.");
		}
		catch (ExecutionException | RuntimeException ex) {
			if (ex instanceof CancellationException cancellation) {
				throw cancellation;
			}
			// The owner left or failed: the caller checks these recipients itself.
			return null;
		}
	}

	private static List<String> select(List<String> customerIds, List<Integer> indexes) {
		List<String> selected = new ArrayList<>(indexes.size());
		indexes.forEach((i) -> selected.add(customerIds.get(i)));
		return selected;
	}

	private static void place(Verdict[] verdicts, List<Integer> indexes, List<Verdict> checked) {
		for (int i = 0; i < indexes.size(); i++) {
			verdicts[indexes.get(i)] = checked.get(i);
		}
	}

	/**
	 * Checks a batch on this member, reading the contexts wherever they are.
	 * @param ruleSet the rule set to check with
	 * @param send what is being sent
	 * @param customerIds the recipients
	 * @param cancelled tells when the caller has gone: the work stops
	 * @return one verdict per recipient, in order
	 * @throws CancellationException when the caller went away
	 */
	List<Verdict> checkHere(RuleSet ruleSet, Send send, List<String> customerIds, BooleanSupplier cancelled) {
		if (customerIds.isEmpty()) {
			return List.of();
		}
		Map<String, CustomerContext> found = this.contexts.getAll(customerIds);
		Instant now = this.clock.instant();
		Verdict[] verdicts = new Verdict[customerIds.size()];
		int slices = Math.max(1, Math.min(this.workers, customerIds.size() / MIN_SLICE));
		int size = (customerIds.size() + slices - 1) / slices;
		List<CompletableFuture<Void>> running = new ArrayList<>(slices);
		for (int from = 0; from < customerIds.size(); from += size) {
			int start = from;
			int end = Math.min(customerIds.size(), from + size);
			Runnable slice = () -> {
				for (int i = start; i < end; i++) {
					if ((i & 63) == 0 && cancelled.getAsBoolean()) {
						throw new CancellationException("The caller went away.");
					}
					String customerId = customerIds.get(i);
					CustomerContext context = found.get(customerId);
					verdicts[i] = SuppressionCheck.verdict(ruleSet,
							(context != null) ? context : CustomerContext.empty(customerId), send, now);
				}
			};
			if (end == customerIds.size()) {
				// The calling thread does the last slice itself rather than wait idle.
				slice.run();
			}
			else {
				running.add(CompletableFuture.runAsync(slice, this.pool));
			}
		}
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
		return Arrays.asList(verdicts);
	}

	/** The recipients of a batch sent to their owner, by position, and its answer. */
	private record Sent(List<Integer> indexes, Future<byte[]> verdicts) {
	}

	/**
	 * Stops the workers, and stops answering other members' checks. The member is still
	 * running when the server stops it; with a Hazelcast configuration that keeps
	 * Hazelcast's own shutdown hook it may be gone already, and its user context with it.
	 */
	@Override
	public void destroy() {
		this.pool.shutdownNow();
		if (this.hazelcast.getLifecycleService().isRunning()) {
			this.hazelcast.getUserContext().remove(USER_CONTEXT_KEY, this);
		}
	}

}
