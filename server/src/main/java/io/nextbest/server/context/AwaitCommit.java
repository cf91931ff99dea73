package io.nextbest.server.context;

import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

/**
 * Runs on the member that queued a durable write and returns once that write is
 * committed: how a member answering a caller waits for a commit made by the member that
 * owns the customer's partition.
 */
final class AwaitCommit implements Callable<Boolean>, HazelcastInstanceAware, Serializable {

	private static final long serialVersionUID = 1L;

	/** Longer than any healthy commit; a stuck database fails the call instead. */
	private static final long TIMEOUT_SECONDS = 30;

	private final long ticket;

	private transient HazelcastInstance hazelcast;

	AwaitCommit(long ticket) {
		this.ticket = ticket;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
		this.hazelcast = hazelcastInstance;
	}

	@Override
	public Boolean call() throws InterruptedException {
		DurableContexts durable = (DurableContexts) this.hazelcast.getUserContext()
			.get(DurableContexts.USER_CONTEXT_KEY);
		if (durable == null) {
			throw new DurableStoreException("This member has no durable store", null);
		}
		try {
			durable.committed(this.ticket).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			return Boolean.TRUE;
		}
		catch (ExecutionException ex) {
			throw new DurableStoreException("The commit of a context failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new DurableStoreException("The commit of a context took longer than " + TIMEOUT_SECONDS + " s", ex);
		}
	}

}
