package io.nextbest.engine.whatif;

import java.util.List;
import java.util.TreeSet;

/**
 * Example customer ids, at most {@link #MAX}: the smallest ids seen, so that the examples
 * are the same however the population was split and in whatever order it came.
 */
final class Examples {

	/** Examples kept per changed cell and per list. */
	static final int MAX = 20;

	private final TreeSet<String> ids = new TreeSet<>();

	void add(String customerId) {
		if (this.ids.size() < MAX) {
			this.ids.add(customerId);
		}
		else if (customerId.compareTo(this.ids.last()) < 0 && this.ids.add(customerId)) {
			this.ids.pollLast();
		}
	}

	void addAll(Examples other) {
		other.ids.forEach(this::add);
	}

	List<String> list() {
		return List.copyOf(this.ids);
	}

}
