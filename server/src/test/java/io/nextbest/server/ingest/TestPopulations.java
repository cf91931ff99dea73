package io.nextbest.server.ingest;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;

/** Population counters for tests outside this package. */
public final class TestPopulations {

	private TestPopulations() {
	}

	/**
	 * @param hazelcast the member whose counters to use
	 * @return counters that count nothing and never refresh: every decision uses the
	 * prior
	 */
	public static PopulationResponses none(HazelcastInstance hazelcast) {
		return new PopulationResponses(hazelcast, (action) -> false, Duration.ZERO);
	}

}
