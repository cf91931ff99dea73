package io.nextbest.server.context;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.MapInterceptor;

/**
 * Tells the {@link OwnedContextCache} of the member it runs on that a context changed.
 * Hazelcast runs a map's interceptors on the partition thread that owns the entry:
 * {@code interceptPut} and {@code interceptRemove} while a put or remove runs, and
 * {@code afterPut} while an entry processor runs (for puts and removes the {@code after}
 * calls come once the caller was answered, too late on their own). Either way the copy is
 * dropped before the caller hears back, and reads of the entry queue behind the change on
 * the same thread: that is what makes a cached read see an acknowledged update.
 * <p>
 * Registered once per cluster (every instance has the same id, and Hazelcast keeps the
 * first registration of an id), shipped to each member, and there it looks up the
 * member's own cache in the Hazelcast user context; until a member has one, it does
 * nothing.
 */
final class ContextCacheInterceptor implements MapInterceptor, HazelcastInstanceAware {

	private static final long serialVersionUID = 1L;

	private transient volatile HazelcastInstance member;

	/**
	 * @param member the member registering it (others get theirs on deserialization)
	 */
	ContextCacheInterceptor(HazelcastInstance member) {
		this.member = member;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
		this.member = hazelcastInstance;
	}

	@Override
	public Object interceptGet(Object value) {
		return null;
	}

	@Override
	public void afterGet(Object value) {
	}

	@Override
	public Object interceptPut(Object oldValue, Object newValue) {
		invalidate(newValue);
		return null;
	}

	@Override
	public void afterPut(Object value) {
		invalidate(value);
	}

	@Override
	public Object interceptRemove(Object removedValue) {
		invalidate(removedValue);
		return null;
	}

	@Override
	public void afterRemove(Object oldValue) {
		invalidate(oldValue);
	}

	private void invalidate(Object value) {
		HazelcastInstance instance = this.member;
		if (instance != null && value instanceof CustomerContext context && instance.getUserContext()
			.get(OwnedContextCache.USER_CONTEXT_KEY) instanceof OwnedContextCache cache) {
			cache.invalidate(context.customerId());
		}
	}

	// One id for every instance: the interceptor id is the class name and the hash code.
	@Override
	public int hashCode() {
		return ContextCacheInterceptor.class.getName().hashCode();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ContextCacheInterceptor;
	}

}
