package io.nextbest.server.whatif;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What-if settings, under {@code nextbest.what-if} in application.yaml.
 *
 * @param candidateRoot the directory candidate rule sets must lie within; empty for the
 * rules directory's parent (where a checkout of another branch sits beside it)
 * @param threads the threads that read the durable store and decide, each reading its own
 * key ranges; 0 for one per core
 * @param nice the Linux nice value they run at, from 0 to 19, as rule compiles do
 * @param pageSize customers read from the durable store per query
 * @param maxRate customers read and decided a second at most, over every thread; 0 for no
 * limit: a lower rate makes a run longer and the serving member's collections rarer
 */
@ConfigurationProperties("nextbest.what-if")
public record WhatIfProperties(@DefaultValue("") String candidateRoot, @DefaultValue("0") int threads,
		@DefaultValue("19") int nice, @DefaultValue("1000") int pageSize, @DefaultValue("0") int maxRate) {

	/**
	 * Checks the settings.
	 * @throws IllegalArgumentException naming the setting at fault
	 */
	public WhatIfProperties {
		if (threads < 0) {
			throw new IllegalArgumentException("nextbest.what-if.threads must be 0 or more, got " + threads);
		}
		if (nice < 0 || nice > 19) {
			throw new IllegalArgumentException("nextbest.what-if.nice must be from 0 to 19, got " + nice);
		}
		if (pageSize < 1) {
			throw new IllegalArgumentException("nextbest.what-if.page-size must be 1 or more, got " + pageSize);
		}
		if (maxRate < 0) {
			throw new IllegalArgumentException(
					"nextbest.what-if.max-rate must be 0 (no limit) or more, got " + maxRate);
		}
	}

	/**
	 * @return the threads to run, at least one
	 */
	int threadCount() {
		return (this.threads > 0) ? this.threads : Runtime.getRuntime().availableProcessors();
	}

}
