package io.nextbest.server.context;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Customer contexts in a Hazelcast map keyed by customer id. Every update is an entry
 * processor run on the member that owns the customer's partition, so concurrent events
 * for one customer never overwrite each other and no caller does read-modify-write. With
 * a {@link DurableContexts durable store}, an update completes only once the owner has
 * committed it.
 */
public final class HazelcastContextStore implements ContextStore {

	/** The name of the map; configured in hazelcast.yaml. */
	public static final String MAP_NAME = "customer-context";

	/**
	 * The executor on which a member waits for its commits for callers on other members;
	 * configured in hazelcast.yaml.
	 */
	public static final String COMMITS_EXECUTOR = "context-commits";

	/** Runs a callback on the thread that completes the future. */
	private static final Executor DIRECT = Runnable::run;

	/** Sends the requests to wait for another member's commit. */
	private static final Executor REMOTE_CALLS = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "context-remote-commits");
		thread.setDaemon(true);
		return thread;
	});

	private final HazelcastInstance hazelcast;

	private final IMap<String, CustomerContext> contexts;

	private final ContextLimits limits;

	/**
	 * Uses the customer-context map of a Hazelcast instance.
	 * @param hazelcast the member or client
	 * @param limits the bounds every update prunes to
	 */
	public HazelcastContextStore(HazelcastInstance hazelcast, ContextLimits limits) {
		this.hazelcast = hazelcast;
		this.contexts = hazelcast.getMap(MAP_NAME);
		this.limits = limits;
	}

	@Override
	public CustomerContext get(String customerId) {
		CustomerContext context = this.contexts.get(customerId);
		return (context != null) ? context : CustomerContext.empty(customerId);
	}

	@Override
	public Map<String, CustomerContext> getAll(Collection<String> customerIds) {
		// One getAll per partition: given keys of many partitions, every partition's
		// operation scans the whole key list, which dominated bulk checks in profiles.
		Map<Integer, Set<String>> byPartition = new HashMap<>();
		for (String customerId : customerIds) {
			int partition = this.hazelcast.getPartitionService().getPartition(customerId).getPartitionId();
			byPartition.computeIfAbsent(partition, (p) -> new HashSet<>()).add(customerId);
		}
		Map<String, CustomerContext> found = new HashMap<>(customerIds.size() * 2);
		for (Set<String> keys : byPartition.values()) {
			found.putAll(this.contexts.getAll(keys));
		}
		return found;
	}

	@Override
	public CompletableFuture<EventDisposition> applyAsync(ContextEvent event) {
		CompletableFuture<EventDisposition> done = new CompletableFuture<>();
		// Continue on the thread that completes the update (registering the wait is
		// cheap): Hazelcast's default executor for callbacks starts a thread per callback
		// on machines with two cores or fewer.
		this.contexts.submitToKey(event.customerId(), new ApplyEvent(event, this.limits))
			.whenCompleteAsync((receipt, failure) -> {
				if (failure != null) {
					done.completeExceptionally(failure);
					return;
				}
				try {
					committed(receipt).whenComplete((committed, notCommitted) -> {
						if (notCommitted != null) {
							done.completeExceptionally(notCommitted);
						}
						else {
							done.complete(receipt.disposition());
						}
					});
				}
				catch (RuntimeException ex) {
					done.completeExceptionally(ex);
				}
			}, DIRECT);
		return done;
	}

	@Override
	public boolean forget(String customerId) {
		WriteReceipt receipt = this.contexts.executeOnKey(customerId, new ForgetContext());
		committed(receipt).join();
		return receipt.existed();
	}

	/**
	 * Completes once the durable write behind a receipt is committed: on this member
	 * directly, on another by asking it (it queued the write as the owner of the
	 * customer's partition).
	 */
	private CompletableFuture<Void> committed(WriteReceipt receipt) {
		if (!receipt.awaitsCommit()) {
			return CompletableFuture.completedFuture(null);
		}
		Member local = this.hazelcast.getCluster().getLocalMember();
		if (receipt.member().equals(local.getUuid())) {
			DurableContexts durable = (DurableContexts) this.hazelcast.getUserContext()
				.get(DurableContexts.USER_CONTEXT_KEY);
			return durable.committed(receipt.ticket());
		}
		Member owner = this.hazelcast.getCluster()
			.getMembers()
			.stream()
			.filter((member) -> member.getUuid().equals(receipt.member()))
			.findFirst()
			.orElse(null);
		if (owner == null) {
			// The owner left before confirming: the change is in its backup's memory but
			// may not be committed. A retry answers DUPLICATE once it is.
			return CompletableFuture.failedFuture(
					new DurableStoreException("The member that stored the change left before its commit", null));
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		// Asked from a thread of this store's own: this may run on a Hazelcast response
		// thread, which must not make remote calls. The call itself does not block.
		REMOTE_CALLS.execute(() -> this.hazelcast.getExecutorService(COMMITS_EXECUTOR)
			.submitToMember(new AwaitCommit(receipt.ticket()), owner, new ExecutionCallback<Boolean>() {
				@Override
				public void onResponse(Boolean response) {
					done.complete(null);
				}

				@Override
				public void onFailure(Throwable failure) {
					done.completeExceptionally(failure);
				}
			}));
		return done;
	}

}
