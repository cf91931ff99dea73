package io.nextbest.server.whatif;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What-if settings, under {@code nextbest.what-if} in application.yaml.
 *
 * @param candidateRoot the directory candidate rule sets must lie within; empty for the
 * rules directory's parent (where a checkout of another branch sits beside it)
 * @param threads the threads that read the durable store, each its own key ranges, and
 * the worker's threads that decide; 0 for half the cores (at least one), which leaves the
 * rest to the traffic served meanwhile
 * @param nice the Linux nice value they run at, from 0 to 19, as rule compiles do
 * @param pageSize customers read from the durable store per query
 * @param maxRate customers read and decided a second at most, over every thread; 0 for no
 * limit: a lower rate makes a run longer
 * @param worker where the customers are decided: in a worker process or in the server
 * @param workerJvmOptions the options of the worker process's JVM, separated by spaces
 */
@ConfigurationProperties("nextbest.what-if")
public record WhatIfProperties(@DefaultValue("") String candidateRoot, @DefaultValue("0") int threads,
		@DefaultValue("19") int nice, @DefaultValue("1000") int pageSize, @DefaultValue("0") int maxRate,
		@DefaultValue("process") Worker worker, @DefaultValue(WORKER_JVM_OPTIONS) String workerJvmOptions) {

	/**
	 * The worker process's JVM options unless configured: a throughput collector (its
	 * pauses stop only the worker) and a heap for two rule sets and the pages in flight.
	 */
	public static final String WORKER_JVM_OPTIONS = "-XX:+UseParallelGC -Xmx1g";

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
	 * @return the worker process's JVM options
	 */
	List<String> workerJvmOptionList() {
		return Arrays.stream(this.workerJvmOptions.trim().split("\\s+")).filter((o) -> !o.isEmpty()).toList();
	}

	/**
	 * @return the threads to run, at least one
	 */
	int threadCount() {
		return (this.threads > 0) ? this.threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

	/** Where a what-if's customers are decided. */
	public enum Worker {

		/**
		 * In a JVM of the server's classes started for the run, at the nice value: the
		 * server reads the store and sends the stored contexts over.
		 */
		PROCESS,

		/** In the server, on the threads that read the store. */
		IN_SERVER

	}

}
