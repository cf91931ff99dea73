package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletionException;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.operationexecutor.OperationHostileThread;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;

/**
 * Customer contexts in a Hazelcast map keyed by customer id. Every update is an entry
 * processor run on the member that owns the customer's partition, so concurrent events
 * for one customer never overwrite each other and no caller does read-modify-write. With
 * a {@link DurableContexts durable store}, an update completes only once the owner has
 * committed it. Reads of the customers whose partitions this member owns are served from
 * an {@link OwnedContextCache} of deserialized contexts, which every update invalidates
 * on the owner before it is acknowledged.
 * <p>
 * A feed sends a customer's events together. While an update of a customer is under way
 * from this member, that customer's next events wait in a line and then go as one update
 * ({@link ApplyEvents}, up to {@link #MAX_BATCH} events): the owner reads and writes the
 * context, and queues its durable row, once for all of them. Each event still gets its
 * own answer, and a customer's events are applied in the order this member took them.
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

	/**
	 * Sends the requests to wait for another member's commit, and a customer's next
	 * update when another member answered the previous one.
	 */
	private static final Executor REMOTE_CALLS = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "context-remote-commits");
		thread.setDaemon(true);
		return thread;
	});

	private final HazelcastInstance hazelcast;

	/** The most events of one customer sent in one update. */
	static final int MAX_BATCH = 256;

	/** Read cache size when none is given. */
	public static final int DEFAULT_CACHE_CAPACITY = 100_000;

	private final IMap<String, CustomerContext> contexts;

	private final ContextLimits limits;

	private final OwnedContextCache cache;

	/** The customers with an update under way from this member, and what waits for it. */
	private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();

	/**
	 * Uses the customer-context map of a Hazelcast instance, with a read cache of
	 * {@link #DEFAULT_CACHE_CAPACITY} contexts.
	 * @param hazelcast the member or client
	 * @param limits the bounds every update prunes to
	 */
	public HazelcastContextStore(HazelcastInstance hazelcast, ContextLimits limits) {
		this(hazelcast, limits, DEFAULT_CACHE_CAPACITY);
	}

	/**
	 * Uses the customer-context map of a Hazelcast instance.
	 * @param hazelcast the member or client
	 * @param limits the bounds every update prunes to
	 * @param cacheCapacity the most contexts a member keeps deserialized for reads, of
	 * the customers whose partitions it owns (0 for none; a client caches nothing)
	 */
	public HazelcastContextStore(HazelcastInstance hazelcast, ContextLimits limits, int cacheCapacity) {
		this.hazelcast = hazelcast;
		this.contexts = hazelcast.getMap(MAP_NAME);
		this.limits = limits;
		this.cache = OwnedContextCache.of(hazelcast, this.contexts, cacheCapacity);
	}

	@Override
	public CustomerContext get(String customerId) {
		CustomerContext cached = this.cache.get(customerId);
		if (cached != null) {
			return (cached != OwnedContextCache.ABSENT) ? cached : CustomerContext.empty(customerId);
		}
		long stamp = this.cache.stamp(customerId);
		CustomerContext context = this.contexts.get(customerId);
		this.cache.offer(customerId, (context != null) ? context : OwnedContextCache.ABSENT, stamp);
		return (context != null) ? context : CustomerContext.empty(customerId);
	}

	@Override
	public Map<String, CustomerContext> getAll(Collection<String> customerIds) {
		Map<String, CustomerContext> found = new HashMap<>(customerIds.size() * 2);
		Map<String, Long> stamps = new HashMap<>();
		for (String customerId : customerIds) {
			CustomerContext cached = this.cache.get(customerId);
			if (cached != null) {
				if (cached != OwnedContextCache.ABSENT) {
					found.put(customerId, cached);
				}
			}
			else {
				stamps.putIfAbsent(customerId, this.cache.stamp(customerId));
			}
		}
		// The rest one key at a time, all in flight at once: each read runs on its own
		// partition's thread, in parallel, and an unknown customer's trip to the durable
		// store holds up no other. (A getAll hands every partition the whole key list,
		// and
		// one getAll per partition waits for each partition in turn.)
		List<String> missing = new ArrayList<>(stamps.keySet());
		List<CompletableFuture<CustomerContext>> reads = new ArrayList<>(missing.size());
		for (String customerId : missing) {
			reads.add(this.contexts.getAsync(customerId).toCompletableFuture());
		}
		for (int i = 0; i < missing.size(); i++) {
			String customerId = missing.get(i);
			CustomerContext context = join(reads.get(i));
			if (context != null) {
				found.put(customerId, context);
			}
			this.cache.offer(customerId, (context != null) ? context : OwnedContextCache.ABSENT,
					stamps.get(customerId));
		}
		return found;
	}

	private static CustomerContext join(CompletableFuture<CustomerContext> read) {
		try {
			return read.join();
		}
		catch (CompletionException ex) {
			// The store's or Hazelcast's own exception, as a blocking get would throw it.
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * @return how many contexts this member holds deserialized for reads
	 */
	public int cachedContexts() {
		return this.cache.size();
	}

	@Override
	public CompletableFuture<EventDisposition> applyAsync(ContextEvent event) {
		Pending pending = new Pending(event, new CompletableFuture<>());
		Line line = this.lines.compute(event.customerId(), (customerId, current) -> {
			if (current == null) {
				return new Line(pending);
			}
			current.waiting.add(pending);
			return current;
		});
		if (line.first == pending) {
			send(event.customerId(), List.of(pending), true);
		}
		return pending.done;
	}

	/**
	 * Sends one update with a batch of a customer's events. When it is the customer's
	 * line (at most one such update per customer is under way from this member), the
	 * events that arrived meanwhile go next, as soon as the owner has applied this batch:
	 * the next batch is applied while this one commits.
	 */
	private void send(String customerId, List<Pending> batch, boolean line) {
		List<ContextEvent> events = new ArrayList<>(batch.size());
		for (Pending pending : batch) {
			events.add(pending.event);
		}
		CompletionStage<WriteReceipt> update;
		try {
			update = this.contexts.submitToKey(customerId, new ApplyEvents(events, this.limits));
		}
		catch (RuntimeException ex) {
			update = CompletableFuture.failedFuture(ex);
		}
		// Continue on the thread that completes the update (registering the wait is
		// cheap): Hazelcast's default executor for callbacks starts a thread per callback
		// on machines with two cores or fewer.
		update.whenCompleteAsync((receipt, failure) -> {
			if (line) {
				sendNext(customerId);
			}
			if (failure != null) {
				batch.forEach((pending) -> pending.done.completeExceptionally(failure));
				return;
			}
			try {
				committed(receipt).whenComplete((committed, notCommitted) -> {
					for (int i = 0; i < batch.size(); i++) {
						if (notCommitted != null) {
							batch.get(i).done.completeExceptionally(notCommitted);
						}
						else {
							batch.get(i).done.complete(receipt.dispositions().get(i));
						}
					}
				});
			}
			catch (RuntimeException ex) {
				batch.forEach((pending) -> pending.done.completeExceptionally(ex));
			}
		}, DIRECT);
	}

	/** Sends the events that waited for a customer's update, or closes the line. */
	private void sendNext(String customerId) {
		List<Pending> next = new ArrayList<>();
		this.lines.computeIfPresent(customerId, (id, line) -> {
			if (line.waiting.isEmpty()) {
				return null;
			}
			next.addAll(line.take(MAX_BATCH));
			return line;
		});
		if (next.isEmpty()) {
			return;
		}
		if (Thread.currentThread() instanceof OperationHostileThread) {
			// A response thread of Hazelcast's own, which may not invoke operations.
			REMOTE_CALLS.execute(() -> send(customerId, next, true));
		}
		else {
			send(customerId, next, true);
		}
	}

	@Override
	public boolean forget(String customerId) {
		// Events this member took before the erasure are applied before it, as they would
		// be had they not waited in the customer's line.
		List<Pending> waiting = new ArrayList<>();
		this.lines.computeIfPresent(customerId, (id, line) -> {
			waiting.addAll(line.take(Integer.MAX_VALUE));
			return line;
		});
		if (!waiting.isEmpty()) {
			send(customerId, waiting, false);
		}
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

	/** An event and its caller's answer. */
	private record Pending(ContextEvent event, CompletableFuture<EventDisposition> done) {
	}

	/**
	 * A customer's update under way from this member and the events waiting for it;
	 * changed only inside the map's compute for the customer.
	 */
	private static final class Line {

		private final Pending first;

		private List<Pending> waiting = new ArrayList<>();

		Line(Pending first) {
			this.first = first;
		}

		List<Pending> take(int most) {
			if (this.waiting.size() <= most) {
				List<Pending> taken = this.waiting;
				this.waiting = new ArrayList<>();
				return taken;
			}
			List<Pending> taken = new ArrayList<>(this.waiting.subList(0, most));
			this.waiting = new ArrayList<>(this.waiting.subList(most, this.waiting.size()));
			return taken;
		}

	}

}
