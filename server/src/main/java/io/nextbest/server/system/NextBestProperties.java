package io.nextbest.server.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.nextbest.engine.context.ContextLimits;

/**
 * The server's own settings, under {@code nextbest.*} in application.yaml.
 *
 * @param rules where the rule set comes from
 * @param context bounds of a customer context
 * @param cluster how members find each other
 * @param suppression bulk suppression settings
 * @param admission how many gRPC calls the server takes on at once
 */
@ConfigurationProperties("nextbest")
public record NextBestProperties(@DefaultValue Rules rules, @DefaultValue Context context,
		@DefaultValue Cluster cluster, @DefaultValue Suppression suppression, @DefaultValue Admission admission) {

	/** The compiler process's JVM options unless configured: see {@link Rules}. */
	public static final String COMPILER_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m";

	/**
	 * Cluster settings, applied over hazelcast.yaml when given.
	 *
	 * @param members the other members (and this one), as {@code host} or
	 * {@code host:port}; empty for a single node
	 * @param port the member port (the next free one above it is taken when busy)
	 * @param address the interface members reach this one on; empty keeps
	 * hazelcast.yaml's
	 * @param name the cluster name; empty keeps hazelcast.yaml's
	 */
	public record Cluster(@DefaultValue List<String> members, @DefaultValue("5701") int port,
			@DefaultValue("") String address, @DefaultValue("") String name) {

		/**
		 * @return whether a member list is configured
		 */
		public boolean clustered() {
			return this.members.stream().anyMatch((member) -> !member.isBlank());
		}

	}

	/**
	 * Bulk suppression settings.
	 *
	 * @param impliedMarketingConsent whether a channel on which a customer never recorded
	 * a marketing consent counts as consented for bulk sends; false (opt-in) by default,
	 * so unknown customers get no marketing
	 * @param workers threads that check one batch in parallel; 0 means one per processor
	 */
	public record Suppression(@DefaultValue("false") boolean impliedMarketingConsent, @DefaultValue("0") int workers) {
	}

	/**
	 * Rule set settings.
	 *
	 * @param directory the rules directory
	 * @param watch whether a change in the directory reloads the rules
	 * @param reloadDelay how long the directory must stay quiet after a change before the
	 * reload, so that a burst of writes (an editor saving several files) is one reload
	 * @param reloadNice the Linux nice value rule compiles run at in the background, from
	 * 0 (the serving threads' own) to 19 (only the CPU they leave)
	 * @param compiler where reloads and validations compile rules: in a process of their
	 * own, started by the server (the default), or in the server
	 * @param compilerJvmOptions the options of the compiler process's JVM, separated by
	 * spaces; by default the JIT's quick compiler alone (the process reaches its speed
	 * after two or three compiles, where the optimizing compiler would take ten, for a
	 * third of the CPU), one collector thread and at most 512 MB of heap
	 * @param maxFileSize the largest rule file: a reload with a larger file is rejected
	 * without compiling it, a validation sending one refused
	 * @param maxRuleSetSize the most all rule files may come to together, for reloads and
	 * validations alike
	 * @param compileTimeout the longest a reload's or a validation's compile may take; a
	 * longer one is stopped and reported as a problem of the files
	 */
	public record Rules(@DefaultValue("rules") Path directory, @DefaultValue("true") boolean watch,
			@DefaultValue("150ms") Duration reloadDelay, @DefaultValue("19") int reloadNice,
			@DefaultValue("process") Compiler compiler, @DefaultValue(COMPILER_JVM_OPTIONS) String compilerJvmOptions,
			@DefaultValue("1MB") DataSize maxFileSize, @DefaultValue("8MB") DataSize maxRuleSetSize,
			@DefaultValue("30s") Duration compileTimeout) {

		/**
		 * @param compileTimeout must be positive
		 */
		public Rules {
			if (compileTimeout.isNegative() || compileTimeout.isZero()) {
				throw new IllegalArgumentException(
						"nextbest.rules.compile-timeout must be positive, got " + compileTimeout);
			}
		}

		/**
		 * @return the compiler process's JVM options, one per element
		 */
		public List<String> compilerJvmOptionList() {
			return List.of(this.compilerJvmOptions.trim().split("\\s+")).stream().filter((o) -> !o.isEmpty()).toList();
		}

	}

	/** Where rules compile for reloads and validations. */
	public enum Compiler {

		/** In a JVM of their own, at the reload's priority, started by the server. */
		PROCESS,

		/** In the server, on the reloading thread. */
		IN_SERVER

	}

	/**
	 * Bounds that keep a context from growing without limit.
	 *
	 * @param closedCaseRetention how long a closed case stays in the context
	 * @param maxCases the most cases kept
	 * @param maxHistory the most contact history entries kept
	 * @param historyRetention how long a contact history entry is kept
	 * @param eventIdWindow how many recent event ids are remembered per customer
	 * @param readCache the most contexts a member keeps deserialized for reads (of the
	 * customers whose partitions it owns); 0 turns the read cache off
	 * @param maxClockSkew how far the clocks of the systems sending events may be ahead
	 * of the server's: events dated further ahead are refused, and a consent granted (a
	 * case re-opened, an attribute set) overrides a refusal (a revocation, a closing, a
	 * removal) only when newer by more than this
	 */
	public record Context(@DefaultValue("30d") Duration closedCaseRetention, @DefaultValue("20") int maxCases,
			@DefaultValue("100") int maxHistory, @DefaultValue("90d") Duration historyRetention,
			@DefaultValue("32") int eventIdWindow, @DefaultValue("100000") int readCache,
			@DefaultValue("5m") Duration maxClockSkew) {

		/**
		 * @return the bounds as the context store takes them
		 */
		public ContextLimits limits() {
			return new ContextLimits(this.closedCaseRetention, this.maxCases, this.maxHistory, this.historyRetention,
					this.eventIdWindow, this.maxClockSkew);
		}

	}

	/**
	 * Admission control of gRPC calls: the work the server takes on at once, so that a
	 * flood is refused at once instead of slowing every call down.
	 *
	 * @param maxCalls calls in flight at once, streams included; a call beyond it is
	 * answered RESOURCE_EXHAUSTED at once. The last tenth only goes to connections with
	 * no call in flight, so that a client flooding from a few connections cannot lock
	 * others out
	 * @param maxCallsPerConnection calls in flight at once on one connection (HTTP/2's
	 * maximum of concurrent streams): a client's further calls wait in its own HTTP/2
	 * stack
	 * @param threads worker threads that run calls; admitted calls wait for one in a
	 * queue of at most {@code maxCalls}
	 */
	public record Admission(@DefaultValue("1000") int maxCalls, @DefaultValue("100") int maxCallsPerConnection,
			@DefaultValue("64") int threads) {

		public Admission {
			if (maxCalls < 1 || maxCallsPerConnection < 1 || threads < 1) {
				throw new IllegalArgumentException(
						"nextbest.admission: max-calls (" + maxCalls + "), max-calls-per-connection ("
								+ maxCallsPerConnection + ") and threads (" + threads + ") must be at least 1");
			}
		}

	}

}
